-- Prints the 95th percentile of the latency, which wrk --latency leaves out.
-- With PAGES set, each request asks for a random page (1..PAGES) of the path,
-- so nothing but what the page shares with its neighbours comes from a cache.
local pages = tonumber(os.getenv("PAGES") or "0")

request = function()
  local path = wrk.path
  if pages > 0 then
    local sep = path:find("?", 1, true) and "&" or "?"
    path = path .. sep .. "page=" .. math.random(pages)
  end
  return wrk.format(nil, path)
end

done = function(summary, latency, requests)
  io.write(string.format("p95 %.2fms\n", latency:percentile(95) / 1000))
end
