-- wrk script: POSTs one JSON body and prints a machine-readable summary line.
-- Environment: BENCH_PATH (request path), BENCH_BODY (the body), BENCH_HEADER_OPID (set: a fresh operationID
-- header per request), BENCH_DELAY_MS (set: wait this long before each request on a connection, which paces
-- every connection to a constant rate, wrk2-style), BENCH_MAX_REQUESTS (set: stop after this many answers; run
-- with one thread; wrk keeps running until its duration ends, the caller stops it), BENCH_USERS (set: "__N__"
-- in the body becomes a number from 0 to BENCH_USERS - 1, a different one each request, so after-callbacks
-- spread over that many conversations instead of one).
local path = os.getenv("BENCH_PATH")
local body = os.getenv("BENCH_BODY")
local fresh_id = os.getenv("BENCH_HEADER_OPID") ~= nil
local pause = tonumber(os.getenv("BENCH_DELAY_MS") or "")
local counter = 0
local users = tonumber(os.getenv("BENCH_USERS") or "")

wrk.method = "POST"
wrk.body = body
wrk.headers["Content-Type"] = "application/json; charset=utf-8"

function setup(thread)
  thread:set("prefix", tostring(math.random(1, 1000000000)))
end

function request()
  if fresh_id then
    counter = counter + 1
    wrk.headers["operationID"] = "bench-" .. prefix .. "-" .. counter
  end
  if users then
    local n = counter % users
    if not fresh_id then counter = counter + 1 end
    return wrk.format("POST", path, nil, (body:gsub("__N__", tostring(n))))
  end
  return wrk.format("POST", path)
end

if pause then
  function delay()
    return pause
  end
end

local max_requests = tonumber(os.getenv("BENCH_MAX_REQUESTS") or "")
if max_requests then
  local answered = 0
  function response(status, headers, body)
    answered = answered + 1
    if answered >= max_requests then
      wrk.thread:stop()
    end
  end
end

function done(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local errors = summary.errors
  io.write(string.format(
    "RESULT rps=%.1f p50_ms=%.3f p99_ms=%.3f p999_ms=%.3f requests=%d bad_status=%d socket_errors=%d\n",
    summary.requests / seconds, latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    latency:percentile(99.9) / 1000, summary.requests, errors.status,
    errors.connect + errors.read + errors.write + errors.timeout))
end
