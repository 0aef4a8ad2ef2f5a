curl -X POST http://localhost:8080/events \
  -H "Content-Type: application/json" \
  -d '{
  "name": "purchase",
  "channel_type": "mobile",
  "timestamp": 1234567890,
  "previous_timestamp": 1234567880,
  "date": "2024-01-15T10:30:00Z",
  "user_id": "user-123",
  "user_pseudo_id": "pseudo-456",
  "event_params": [
    {
      "key": "page_title",
      "string_value": "Home Page"
    },
    {
      "key": "scroll_depth",
      "number_value": 75.5
    },
    {
      "key": "is_logged_in",
      "boolean_value": true
    }
  ],
  "user_params": [
    {
      "key": "subscription",
      "string_value": "premium"
    }
  ],
  "device": {
    "category": "mobile",
    "mobile_brand_name": "Apple",
    "mobile_model_name": "iPhone 14",
    "operating_system": "iOS",
    "operating_system_version": "17.0",
    "language": "en-US",
    "browser_name": "Safari",
    "browser_version": "17.0",
    "hostname": "example.com"
  },
  "app_info": {
    "id": "com.example.app",
    "version": "2.1.0"
  },
  "items": [
    {
      "id": "SKU-001",
      "name": "Blue T-Shirt",
      "brand": "Nike",
      "variant": "Large",
      "price_in_usd": 29.99,
      "quantity": 2,
      "revenue_in_usd": 59.98
    }
  ]
}'
