--[[
  Add or replace a job; a replaced job starts over (attempts 0, no lease).

  Input:
    KEYS[1] meta hash: per job `<priority>|<dueAt>|<attempts>`
    KEYS[2] payload hash: per job its JSON payload
    KEYS[3] delayed: jobs by dueAt
    KEYS[4] ready: due jobs by readyScore(priority, dueAt)
    KEYS[5] ready by dueAt
    KEYS[6] leased: claimed jobs by lease end
    ARGV[1] id
    ARGV[2] priority
    ARGV[3] dueAt
    ARGV[4] payload json
    ARGV[5] '1' on a partitioned queue: count the write (the `''` field of KEYS[2], see settle-due-2)

  Output:
    1
]]
--- @include "includes/queue-job"
if ARGV[5] == '1' then redis.call('HINCRBY', KEYS[2], '', 1) end
-- A job without meta is in no place (every script writes both): a new job has nothing to unplace.
if redis.call('HSET', KEYS[1], ARGV[1], ARGV[2] .. '|' .. ARGV[3] .. '|0') == 0 then unplace(ARGV[1]) end
redis.call('ZADD', KEYS[3], ARGV[3], ARGV[1])
redis.call('HSET', KEYS[2], ARGV[1], ARGV[4])
return 1
