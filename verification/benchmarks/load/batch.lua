-- POST /events/batch with 100 GA4-style events of about 700 bytes each, built per request: every event has its
-- own user_pseudo_id (thread, request and position), no event_id and no time (the tier gives both), one of four
-- names and four channels. Used by verification/benchmarks/load.sh; BATCH in the environment changes the batch size.
local batch = tonumber(os.getenv("BATCH") or "100")
-- DELAY_MS paces the load: each connection waits that long before each request (wrk's delay()), so the rate is about
-- connections * 1000 / (DELAY_MS + latency). wrk is closed-loop: a slow answer delays the next request, so latencies
-- at a paced rate are a lower bound on what an open-loop client (wrk2, not packaged by Debian) would see.
local pace = tonumber(os.getenv("DELAY_MS") or "0")
if pace > 0 then
  function delay()
    return pace
  end
end
local names = { "page_view", "view_item", "add_to_cart", "purchase" }
local channels = { "web", "mobile", "desktop", "tv" }
local counter = 0
local thread_id = 0
local threads = {}

function setup(thread)
  thread:set("thread_id", #threads)
  table.insert(threads, thread)
end

local function event(n)
  local user = string.format("u-%d-%d-%d", thread_id, counter, n)
  return string.format(
    '{"name":"%s","channel_type":"%s","user_pseudo_id":"%s","user_id":"%s",' ..
    '"device":{"category":"desktop","operating_system":"Linux","operating_system_version":"6.1",' ..
    '"browser_name":"Firefox","browser_version":"128.0","language":"en-US","hostname":"shop.example.com"},' ..
    '"app_info":{"id":"com.example.shop","version":"4.2.0"},' ..
    '"event_params":[{"key":"page_title","string_value":"Summer sale - running shoes"},' ..
    '{"key":"page_location","string_value":"https://shop.example.com/sale/running?utm_source=newsletter"},' ..
    '{"key":"engagement_time_msec","number_value":%d},{"key":"value","number_value":%d.5}],' ..
    '"user_params":[{"key":"plan","string_value":"premium"}]}',
    names[n % 4 + 1], channels[(counter + n) % 4 + 1], user, "customer-" .. user, 1000 + n, n)
end

function request()
  counter = counter + 1
  if batch == 0 then
    return wrk.format("POST", nil, { ["Content-Type"] = "application/json" }, event(1))
  end
  local events = {}
  for n = 1, batch do
    events[n] = event(n)
  end
  return wrk.format("POST", nil, { ["Content-Type"] = "application/json" },
    '{"events":[' .. table.concat(events, ",") .. ']}')
end
