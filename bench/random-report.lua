-- wrk script: one report at random among all CDS_REPORTS of them (bench1…benchN): a working
-- set larger than the cache, so most answers are made afresh from the database.
local reports = tonumber(os.getenv("CDS_REPORTS"))

function init(args)
  math.randomseed(os.time() * 1000 + math.floor(os.clock() * 1e6))
end

function request()
  return wrk.format("GET", "/api/v1/reports/bench" .. math.random(reports))
end
