--[[
  The partitions of a queue that may hold claimable work at `now`, earliest first.

  Input:
    KEYS[1] due board: partition -> a time at or before which it may hold claimable work
    ARGV[1] now, epoch ms

  Output:
    false when there is no board (expired or never written: the caller visits every partition), else a flat list
    of partition, time
]]
if redis.call('EXISTS', KEYS[1]) == 0 then return false end
return redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'WITHSCORES')
