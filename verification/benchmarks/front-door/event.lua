-- POST /events: one GA4-style event (no id, no time: a fresh id each, as an SDK's live event)
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"name":"page_view","channel_type":"web","user_id":"bench-user","device":{"category":"desktop","operating_system":"Linux","browser_name":"Firefox","language":"en-US","hostname":"example.com"},"event_params":[{"key":"page_title","string_value":"Home"},{"key":"scroll_depth","number_value":75.5}]}'
