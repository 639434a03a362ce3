--[[
  Mark a gateway id link field on a message (purged with it).

  Input:
    KEYS[1] message hash
    ARGV[1] link field

  Output:
    -1 if no message, else its retainUntil ms or ''
]]
if redis.call('EXISTS', KEYS[1]) == 0 then return -1 end
redis.call('HSET', KEYS[1], ARGV[1], '1')
return redis.call('HGET', KEYS[1], 'r') or ''
