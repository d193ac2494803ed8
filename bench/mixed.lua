-- wrk script: 95% reads of paths from CDS_PATHS, 5% Open311 POSTs filing a report in a commune
-- taken at random from CDS_COMMUNES, so the writes invalidate the very pages being read.
local paths, communes = {}, {}
local key = os.getenv("CDS_BENCH_KEY")

function init(args)
  for line in io.lines(os.getenv("CDS_PATHS")) do paths[#paths + 1] = line end
  for line in io.lines(os.getenv("CDS_COMMUNES")) do communes[#communes + 1] = line end
  math.randomseed(os.time() * 1000 + math.floor(os.clock() * 1e6))
end

function request()
  if math.random() < 0.05 then
    local body = "api_key=" .. key .. "&service_code=roads&address_id=" ..
      communes[math.random(#communes)] .. "&description=%C4%90%C6%B0%E1%BB%9Dng+s%E1%BA%A1t+l%E1%BB%9F"
    return wrk.format("POST", "/open311/v2/requests.json",
      {["Content-Type"] = "application/x-www-form-urlencoded"}, body)
  end
  return wrk.format("GET", paths[math.random(#paths)])
end
