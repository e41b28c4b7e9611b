-- Loads a page as many different members in turn: each request carries the
-- next session cookie of TOKENS (a file written by `portal seed --scale N
-- --tokens FILE`), so the figures are the portal's, not one member's caches.
-- Prints the 95th percentile like p95.lua.
local tokens = {}
for line in io.lines(os.getenv("TOKENS")) do
  if line ~= "" then tokens[#tokens + 1] = line end
end
local next = 0

setup = function(thread)
  thread:set("offset", math.random(#tokens))
end

request = function()
  next = next + 1
  local token = tokens[(offset + next) % #tokens + 1]
  return wrk.format(nil, wrk.path, { ["Cookie"] = "portal_session=" .. token })
end

done = function(summary, latency, requests)
  io.write(string.format("p95 %.2fms\n", latency:percentile(95) / 1000))
end
