curl -X POST http://localhost:8080/events/batch \
  -H "Content-Type: application/json" \
  -d '{
    "events": [
      {
        "name": "page_view",
        "channel_type": "web",
        "user_id": "user-123"
      },
      {
        "name": "button_click",
        "channel_type": "mobile",
        "user_id": "user-456"
      }
    ]
  }'
