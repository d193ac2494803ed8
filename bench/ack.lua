-- Each request a new acknowledgement: household h of the bench village (its first member,
-- signed in as sid=bench-sid-<4h-3>, bench/seed-community.sql) acknowledges notice n, the
-- pairs taken in order by each wrk thread from its own share, so none is repeated in a run of
-- fewer than 500 × 240 = 120,000 requests.
local first_notice, notices, households = 4, 240, 500
local counter, step = 0, 1
function setup(thread)
  thread:set("offset", counter)
  counter = counter + 1
end
function init(args)
  step = counter > 0 and counter or 2
  i = offset or 0
end
function request()
  local pair = i % (notices * households)
  i = i + 2  -- wrk -t2: the threads take even and odd pairs
  local h = pair % households + 1
  local n = first_notice + math.floor(pair / households)
  return wrk.format("POST", "/api/v1/notices/" .. n .. "/acknowledgement", {
    ["Cookie"] = "sid=bench-sid-" .. (4 * h - 3),
    ["Content-Type"] = "application/json",
    ["Sec-Fetch-Site"] = "same-origin",
  }, "")
end
