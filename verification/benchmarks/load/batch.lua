-- POST /events/batch with 100 GA4-style events of about 700 bytes each, built per request: every event has its
-- own user_pseudo_id (the wrk run's start, thread, request and position: a warm-up and the rounds after it send
-- different users; EVENTS_PER_USER below brings users back), no event_id and no time (the tier gives both), one of four
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
-- globals, not locals: thread:set() sets a global of the thread's own Lua state (as locals, every thread sent the
-- same users until 2026-11-29)
thread_id = 0
run = string.format("%x", os.time())
local threads = {}

function setup(thread)
  thread:set("thread_id", #threads)
  thread:set("run", run)
  table.insert(threads, thread)
end

-- EVENTS_PER_USER=k (default 1) lets each user come back: the users of one request are those of the k - 1 requests
-- before it on the same thread too (position n of requests k*j .. k*j + k - 1 is one user), so 1 event in k brings a
-- new user, as an audience of returning users would; the default, a new user for every event, is the registry's
-- worst case.
local per_user = tonumber(os.getenv("EVENTS_PER_USER") or "1")

local function event(n)
  local user = string.format("u-%s-%d-%d-%d", run, thread_id, math.floor(counter / per_user), n)
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
