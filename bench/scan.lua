-- wrk script for bench_scanning.py: every request scans another pre-generated badge code with a fresh nonce.
-- Environment: CODES_FILE (one code per line), CODE_OFFSET, NONCE_PREFIX, DEVICE_TOKEN, SCAN_PATH.
local codes = {}
for line in io.lines(os.getenv("CODES_FILE")) do
  codes[#codes + 1] = line
end
local offset = tonumber(os.getenv("CODE_OFFSET") or "0")
local prefix = os.getenv("NONCE_PREFIX") or "n"
local threads = {}

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

function init(args)
  nthreads = #threads > 0 and #threads or 1
  counter = 0
  ok = 0
  rejected = 0
  errors = 0
  wrk.method = "POST"
  wrk.path = os.getenv("SCAN_PATH")
  wrk.headers["Content-Type"] = "application/json"
  wrk.headers["Authorization"] = "Device " .. os.getenv("DEVICE_TOKEN")
end

function request()
  local index = offset + counter * 2 + id  -- wrk runs 2 threads
  counter = counter + 1
  local code = codes[(index % #codes) + 1]
  local body = '{"code":"' .. code .. '","nonce":"' .. prefix .. "-" .. id .. "-" .. counter .. '"}'
  return wrk.format(nil, nil, nil, body)
end

function response(status, headers, body)
  if status ~= 200 then
    errors = errors + 1
  elseif string.find(body, '"result":"ok"', 1, true) then
    ok = ok + 1
  else
    rejected = rejected + 1
  end
end

function done(summary, latency, requests)
  local total_ok, total_rejected, total_errors = 0, 0, 0
  for _, thread in ipairs(threads) do
    total_ok = total_ok + thread:get("ok")
    total_rejected = total_rejected + thread:get("rejected")
    total_errors = total_errors + thread:get("errors")
  end
  io.write(string.format("RESULT requests=%d seconds=%.3f p50_ms=%.3f p99_ms=%.3f ok=%d rejected=%d errors=%d\n",
    summary.requests, summary.duration / 1e6, latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    total_ok, total_rejected, total_errors))
end
