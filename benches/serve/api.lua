-- wrk script of the HTTP API's benchmark (benches/serve/api.rs): each request is the next line
-- of a file "<service token> <path>", sent as GET with `Authorization: Bearer <token>`, so the
-- load is spread over many callers and people.
--
--   wrk ... -s benches/serve/api.lua URL -- REQUESTS MODE - [PACE_MS]
--
-- MODE is ignored (always "get"); PACE_MS: each connection waits this long before each request
-- (0: none). At the end it prints the same "wrk-result key=value ..." line as load.lua.

local threads = {}

function setup(thread)
  thread:set("thread_no", #threads)
  table.insert(threads, thread)
end

local requests = {}
local next_request = 0
local pace = 0
statuses = {}

function init(args)
  for line in io.lines(args[1]) do
    local token, path = line:match("^(%S+)%s+(%S+)")
    if token then
      table.insert(requests, { auth = "Bearer " .. token, path = path })
    end
  end
  pace = tonumber(args[4] or "0") or 0
  next_request = (thread_no or 0) * 7919 % #requests
end

function request()
  next_request = next_request % #requests + 1
  local r = requests[next_request]
  return wrk.format("GET", r.path, { ["Authorization"] = r.auth, ["Accept"] = "application/json" })
end

function delay()
  return pace
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
  local counts = {}
  for _, thread in ipairs(threads) do
    local t = thread:get("statuses")
    for status, n in pairs(t) do
      counts[status] = (counts[status] or 0) + n
    end
  end
  local line = string.format(
    "wrk-result requests=%d duration_us=%d p50_us=%d p90_us=%d p99_us=%d max_us=%d mean_us=%.1f"
      .. " connect_errors=%d read_errors=%d write_errors=%d timeouts=%d",
    summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max,
    latency.mean,
    summary.errors.connect, summary.errors.read, summary.errors.write, summary.errors.timeout)
  for status, n in pairs(counts) do
    line = line .. string.format(" status_%d=%d", status, n)
  end
  io.write(line .. "\n")
end
