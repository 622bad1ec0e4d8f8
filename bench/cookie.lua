-- wrk script: every request carries the session cookie given in BENCH_COOKIE and the
-- publishable API key given in BENCH_KEY.
wrk.headers["Cookie"] = os.getenv("BENCH_COOKIE")
wrk.headers["x-publishable-api-key"] = os.getenv("BENCH_KEY")
