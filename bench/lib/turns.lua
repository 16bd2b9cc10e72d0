-- wrk script: POST a chat turn per request, each wrk thread on its own sessions.
--
--   wrk -t 50 -c 50 -d 10s --latency -s bench/lib/turns.lua http://127.0.0.1:PORT -- TARGETS THREADS BODY
--
-- TARGETS is a file with one target per line: a path, then tab-separated `name: value`
-- headers (Authorization, x-session-token…). wrk gives a script no handle on its
-- connections, only on its threads, so the bench runs one connection per thread
-- (-t = -c): thread `id` owns lines id, id + THREADS, id + 2 × THREADS… and posts to them
-- in turn. No two connections ever post to the same session at once, so a server is never
-- measured queueing a session behind itself, nor answering 409 to a revision race.
--
-- done() prints one line, `WRK_RESULT {json}`, which bench/lib/wrk.ts parses: requests,
-- socket errors, responses outside 2xx (counted in response(), since wrk's own count
-- only sees statuses > 399) and latency percentiles in microseconds.

local next_id = 0
local threads = {}

function setup(thread)
  thread:set("id", next_id)
  next_id = next_id + 1
  table.insert(threads, thread)
end

local function split(line)
  local fields = {}
  for field in string.gmatch(line, "[^\t]+") do
    fields[#fields + 1] = field
  end
  return fields
end

function init(args)
  local file, thread_count, body = args[1], tonumber(args[2]), args[3]
  if file == nil or thread_count == nil or body == nil then
    error("usage: -s turns.lua URL -- TARGETS THREADS BODY")
  end
  requests = {}
  non2xx = 0
  local line_no = 0
  for line in io.lines(file) do
    if line ~= "" then
      if line_no % thread_count == id then
        local fields = split(line)
        local headers = { ["Content-Type"] = "application/json" }
        for name, value in pairs(wrk.headers) do
          headers[name] = value
        end
        for i = 2, #fields do
          local name, value = string.match(fields[i], "^([^:]+):%s*(.*)$")
          if name == nil then error("bad header in " .. file .. ": " .. fields[i]) end
          headers[name] = value
        end
        requests[#requests + 1] = wrk.format("POST", fields[1], headers, body)
      end
      line_no = line_no + 1
    end
  end
  if #requests == 0 then
    error("thread " .. id .. " has no target in " .. file .. " (" .. line_no .. " lines for " .. thread_count .. " threads)")
  end
  cursor = 0
end

function request()
  cursor = cursor % #requests + 1
  return requests[cursor]
end

function response(status, headers, body)
  if status < 200 or status > 299 then
    non2xx = non2xx + 1
  end
end

function done(summary, latency, requests)
  local non2xx_total = 0
  for _, thread in ipairs(threads) do
    non2xx_total = non2xx_total + (thread:get("non2xx") or 0)
  end
  local e = summary.errors
  -- An empty histogram's min is UINT64_MAX, which %d cannot format.
  local function us(value) if summary.requests == 0 then return 0 end return value end
  io.write(string.format(
    'WRK_RESULT {"duration_us":%d,"requests":%d,"bytes":%d,"non2xx":%d,' ..
    '"errors":{"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d},' ..
    '"latency_us":{"min":%d,"mean":%.1f,"max":%d,"p50":%d,"p90":%d,"p99":%d,"p999":%d}}\n',
    summary.duration, summary.requests, summary.bytes, non2xx_total,
    e.connect, e.read, e.write, e.status, e.timeout,
    us(latency.min), us(latency.mean), us(latency.max),
    us(latency:percentile(50)), us(latency:percentile(90)), us(latency:percentile(99)), us(latency:percentile(99.9))))
end
