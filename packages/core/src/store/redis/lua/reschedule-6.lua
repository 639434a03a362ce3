--[[
  Put a job back as delayed until dueAt, keeping its attempts, optionally with a new payload.

  Input:
    KEYS[1] meta hash: per job `<priority>|<dueAt>|<attempts>`
    KEYS[2] payload hash: per job its JSON payload
    KEYS[3] delayed: jobs by dueAt
    KEYS[4] ready: due jobs by readyScore(priority, dueAt)
    KEYS[5] ready by dueAt
    KEYS[6] leased: claimed jobs by lease end
    ARGV[1] id
    ARGV[2] dueAt
    ARGV[3] '1' if a payload follows
    ARGV[4] payload json
    ARGV[5] '1' on a partitioned queue: count the write (the `''` field of KEYS[2], see settle-due-2), known id
      or not

  Output:
    1, or 0 for an unknown job
]]
--- @include "includes/queue-job"
if ARGV[5] == '1' then redis.call('HINCRBY', KEYS[2], '', 1) end
if not redis.call('HGET', KEYS[1], ARGV[1]) then return 0 end
local p, _, a = meta(ARGV[1])
unplace(ARGV[1])
redis.call('ZADD', KEYS[3], ARGV[2], ARGV[1])
redis.call('HSET', KEYS[1], ARGV[1], p .. '|' .. ARGV[2] .. '|' .. a)
if ARGV[3] == '1' then redis.call('HSET', KEYS[2], ARGV[1], ARGV[4]) end
return 1
