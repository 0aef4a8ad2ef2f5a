curl -X POST http://localhost:8080/events \
  -H "Content-Type: application/json" \
  -d '{
    "name": "page_view",
    "channel_type": "web",
    "user_id": "user-123",
    "device": {
      "operating_system": "Windows",
      "browser_name": "Chrome"
    },
    "event_params": [
      {"key": "page_title", "string_value": "Home"}
    ]
  }'
