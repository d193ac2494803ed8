-- wrk script: files a report through Open311 on every request (the API key comes from the
-- environment, set by bench/run).
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.body = "api_key=" .. os.getenv("CDS_BENCH_KEY") ..
  "&service_code=roads&address_id=04252&lat=21.72&long=104.9" ..
  "&description=%E1%BB%94+g%C3%A0+l%E1%BB%9Bn+gi%E1%BB%AFa+%C4%91%C6%B0%E1%BB%9Dng"
