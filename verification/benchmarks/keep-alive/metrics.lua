-- Requests for keep-alive.sh: the same metrics query again and again (answered from metrics-api's cache, so at once),
-- and, when LONG_EVERY is set, every LONG_EVERY-th request with a request line longer than the tiers read (4,096
-- bytes), which they answer 414 and close. Counts the statuses over all threads.
local threads = {}
local long_every = tonumber(os.getenv("LONG_EVERY") or "0")
local range = "/events/metrics?event_name=page_view&from=2026-01-01T00:00:00Z&to=2026-01-01T12:30:00Z"

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  codes = {}
  sent = 0
end

function request()
  sent = sent + 1
  if long_every > 0 and sent % long_every == 0 then
    return wrk.format("GET", range .. "&x=" .. string.rep("a", 5000))
  end
  return wrk.format("GET", range)
end

function response(status, headers, body)
  codes[status] = (codes[status] or 0) + 1
end

function done(summary, latency, requests)
  local total = {}
  for _, thread in ipairs(threads) do
    for status, count in pairs(thread:get("codes")) do
      total[status] = (total[status] or 0) + count
    end
  end
  local line = "answers by status:"
  for _, status in ipairs({200, 414, 502, 503, 504}) do
    line = line .. string.format(" %d=%d", status, total[status] or 0)
  end
  for status, count in pairs(total) do
    if status ~= 200 and status ~= 414 and status ~= 502 and status ~= 503 and status ~= 504 then
      line = line .. string.format(" %d=%d", status, count)
    end
  end
  io.write(line .. string.format("; client timeouts=%d, socket errors=%d\n", summary.errors.timeout,
    summary.errors.connect + summary.errors.read + summary.errors.write))
end
