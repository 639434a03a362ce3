--[[
  Compare-and-set a contact and keep its two lexical indexes (all, opted out) in step.

  Input:
    KEYS[1] contacts hash
    KEYS[2] index of all phones
    KEYS[3] index of opted-out phones
    ARGV[1] phone
    ARGV[2] '1' if a record is expected
    ARGV[3] expected json
    ARGV[4] new json
    ARGV[5] '1' if opted out

  Output:
    1 written, 0 changed meanwhile
]]
local cur = redis.call('HGET', KEYS[1], ARGV[1])
if ARGV[2] == '0' then
  if cur then return 0 end
elseif cur ~= ARGV[3] then return 0 end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[4])
redis.call('ZADD', KEYS[2], 0, ARGV[1])
if ARGV[5] == '1' then redis.call('ZADD', KEYS[3], 0, ARGV[1]) else redis.call('ZREM', KEYS[3], ARGV[1]) end
return 1
