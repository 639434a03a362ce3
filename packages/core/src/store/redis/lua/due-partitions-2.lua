--[[
  The partitions of a queue that may hold claimable work at `now`, earliest first.

  Input:
    KEYS[1] due board: partition -> a time at or before which it may hold claimable work
    KEYS[2] board writes: partition -> writes announced (announce-due-2; no expiry)
    ARGV[1] now, epoch ms

  Output:
    when there is no board: false if a write was ever announced to the queue (the board expired: the caller visits
    every partition), else an empty list (no write ever announced: every partition is empty, since each queue write
    announces itself first); else a flat list of partition, time; when none is due, the board's earliest entry
    instead (its time later than now), so an idle claim also tells when the queue may next have work
]]
if redis.call('EXISTS', KEYS[1]) == 0 then
  if redis.call('EXISTS', KEYS[2]) == 0 then return {} end
  return false
end
local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'WITHSCORES')
if #due > 0 then return due end
return redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
