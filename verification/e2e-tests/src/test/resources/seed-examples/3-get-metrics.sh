# Basic metrics
curl "http://localhost:8080/events/metrics?event_name=page_view"

# With time range
curl "http://localhost:8080/events/metrics?event_name=page_view&from=2024-01-01T00:00:00Z&to=2024-01-31T23:59:59Z"

# Group by channel
curl "http://localhost:8080/events/metrics?event_name=page_view&group_by=channel"

# Group by day
curl "http://localhost:8080/events/metrics?event_name=page_view&group_by=daily"

# Group by hour
curl "http://localhost:8080/events/metrics?event_name=page_view&group_by=hourly"
