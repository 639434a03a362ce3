--[[
  Add a job unless the id is waiting or leased, claimed at once: leased until ARGV[6], its attempts 1 (as
  claim-6 leaves a job it hands out).

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
    ARGV[6] lease end

  Output:
    1 added (leased), 0 already there
]]
if ARGV[5] == '1' then redis.call('HINCRBY', KEYS[2], '', 1) end
if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 1 then return 0 end
redis.call('ZADD', KEYS[6], ARGV[6], ARGV[1])
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2] .. '|' .. ARGV[3] .. '|1')
redis.call('HSET', KEYS[2], ARGV[1], ARGV[4])
return 1
