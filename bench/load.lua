-- wrk's script for the load test (bench/load.py runs it): a fixed mix of GETs, read from a file
-- of lines "path<TAB>accept<TAB>etag" (an etag makes the request conditional: If-None-Match).
-- Arguments after `--`: the mix file and the most requests one thread may send (the count bound).
-- At the end it prints one line "BENCH-JSON {...}": latency percentiles, socket errors and the
-- responses by status, summed over the threads.

local threads = {}

function setup(thread)
  table.insert(threads, thread)
  thread:set("id", #threads)
end

function init(args)
  requests_list = {}
  for line in io.lines(args[1]) do
    local path, accept, etag = line:match("^([^\t]+)\t([^\t]+)\t?([^\t]*)$")
    if path then
      local headers = { Accept = accept }
      if etag ~= "" then
        headers["If-None-Match"] = etag
      end
      table.insert(requests_list, wrk.format("GET", path, headers))
    end
  end
  if #requests_list == 0 then
    error("no requests in " .. args[1])
  end
  max_requests = tonumber(args[2]) or 0
  sent = 0
  statuses = {}
  -- Threads start at different places in the mix.
  position = ((id - 1) * 7) % #requests_list
end

function request()
  position = position % #requests_list + 1
  return requests_list[position]
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
  sent = sent + 1
  if max_requests > 0 and sent >= max_requests then
    wrk.thread:stop()
  end
end

local function json_object(items)
  local parts = {}
  for key, value in pairs(items) do
    table.insert(parts, string.format('"%s": %s', tostring(key), tostring(value)))
  end
  return "{" .. table.concat(parts, ", ") .. "}"
end

function done(summary, latency, requests)
  local by_status = {}
  local capped = 0
  for _, thread in ipairs(threads) do
    for status, count in pairs(thread:get("statuses")) do
      by_status[status] = (by_status[status] or 0) + count
    end
    local limit = thread:get("max_requests")
    if limit > 0 and thread:get("sent") >= limit then
      capped = capped + 1
    end
  end
  local errors = summary.errors
  io.write("BENCH-JSON ", json_object({
    duration_us = summary.duration,
    requests = summary.requests,
    bytes = summary.bytes,
    threads_capped = capped,
    latency_mean_us = string.format("%.1f", latency.mean),
    latency_max_us = latency.max,
    p50_us = latency:percentile(50),
    p95_us = latency:percentile(95),
    p99_us = latency:percentile(99),
    errors = json_object({
      connect = errors.connect, read = errors.read, write = errors.write,
      status = errors.status, timeout = errors.timeout,
    }),
    statuses = json_object(by_status),
  }), "\n")
end
