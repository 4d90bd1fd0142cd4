-- wrk script of the web service's benchmark (benches/serve.rs): every request carries the next
-- signed-in session's cookie, so the load is spread over many people, as in a real morning.
--
--   wrk ... -s benches/serve/load.lua URL -- SESSIONS MODE [SYSTEMS|-] [PACE_MS]
--
-- SESSIONS: a file with one session a line, "<cookie value> <CSRF token>".
-- MODE: "get" (GET the URL's path) or "assess" (POST /me/assess: the session's CSRF token and
-- one self-assessment, a system of the SYSTEMS file, one code a line, and a level 1-4, both
-- taken in turn). PACE_MS: each connection waits this long before each request (0: none), so
-- that a fixed rate is offered instead of as many requests as the service can answer.
-- At the end it prints one line the harness reads: "wrk-result key=value ...", with the
-- latency percentiles in microseconds and a count per status code.

local threads = {}

function setup(thread)
  thread:set("thread_no", #threads)
  table.insert(threads, thread)
end

local sessions = {}
local systems = {}
local mode = "get"
local next_session = 0
local n_sent = 0
local pace = 0
statuses = {}

function init(args)
  for line in io.lines(args[1]) do
    local id, csrf = line:match("^(%S+)%s+(%S+)")
    if id then
      table.insert(sessions, { cookie = "__Host-skillreg=" .. id, csrf = csrf })
    end
  end
  mode = args[2] or "get"
  pace = tonumber(args[4] or "0") or 0
  if args[3] and args[3] ~= "-" then
    for line in io.lines(args[3]) do
      if line ~= "" then
        table.insert(systems, line)
      end
    end
  end
  -- Each thread starts at its own place in the list.
  next_session = (thread_no or 0) * 7919 % #sessions
end

function request()
  next_session = next_session % #sessions + 1
  n_sent = n_sent + 1
  local s = sessions[next_session]
  if mode == "assess" then
    local system = systems[(n_sent % #systems) + 1]
    local level = (math.floor(n_sent / #systems) % 4) + 1
    local body = "csrf=" .. s.csrf .. "&" .. system .. "=" .. level
    return wrk.format("POST", "/me/assess", {
      ["Cookie"] = s.cookie,
      ["Content-Type"] = "application/x-www-form-urlencoded",
    }, body)
  end
  return wrk.format("GET", nil, { ["Cookie"] = s.cookie })
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
