-- wrk script: every request carries the session cookie given in BENCH_COOKIE.
wrk.headers["Cookie"] = os.getenv("BENCH_COOKIE")
