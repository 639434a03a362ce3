--[[
  Remove a job whether waiting or leased.

  Input:
    KEYS[1] meta hash: per job `<priority>|<dueAt>|<attempts>`
    KEYS[2] payload hash: per job its JSON payload
    KEYS[3] delayed: jobs by dueAt
    KEYS[4] ready: due jobs by readyScore(priority, dueAt)
    KEYS[5] ready by dueAt
    KEYS[6] leased: claimed jobs by lease end
    ARGV[1] id

  Output:
    1 if the job existed
]]
--- @include "includes/queue-job"
local n = redis.call('HDEL', KEYS[1], ARGV[1])
redis.call('HDEL', KEYS[2], ARGV[1])
-- Without meta the job is in no place (every script writes both).
if n == 1 then unplace(ARGV[1]) end
return n
