-- wrk script: every request carries the bearer token given in BENCH_TOKEN (an admin's).
wrk.headers["Authorization"] = "Bearer " .. os.getenv("BENCH_TOKEN")
