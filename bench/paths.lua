-- wrk script: every request takes a path at random from the file named by CDS_PATHS (one path
-- a line), so a run reads many reports and communes rather than one hot URL.
local paths = {}

function init(args)
  for line in io.lines(os.getenv("CDS_PATHS")) do paths[#paths + 1] = line end
  math.randomseed(os.time() * 1000 + math.floor(os.clock() * 1e6))
end

function request()
  return wrk.format("GET", paths[math.random(#paths)])
end
