-- wrk script: a stream of sign-in attempts with a wrong password (each costs one argon2id
-- verification on the server).
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"email":"seed-1@example.com","password":"not the password"}'
