-- wrk script for the warm-up before a measured run: goes through the paths of CDS_PATHS in
-- order, each thread its own share, as a server that has been up a while has seen its working
-- set. Once through, it starts again.
local paths, next_index, step = {}, 1, 1
local threads_made = 0

function setup(thread)
  threads_made = threads_made + 1
  thread:set("first", threads_made)
end

function init(args)
  for line in io.lines(os.getenv("CDS_PATHS")) do paths[#paths + 1] = line end
  next_index = first or 1
  step = 2  -- bench/run runs wrk with two threads
end

function request()
  local path = paths[next_index]
  next_index = next_index + step
  if next_index > #paths then next_index = first or 1 end
  return wrk.format("GET", path)
end
