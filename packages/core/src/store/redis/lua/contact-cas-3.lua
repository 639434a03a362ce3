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
    ARGV[6] this write's token (unique per call), kept in the hash field '<phone>:w'

  Output:
    1 written, 0 changed meanwhile
]]
local cur = redis.call('HGET', KEYS[1], ARGV[1])
local tok = ARGV[1] .. ':w'
if (ARGV[2] == '0' and cur) or (ARGV[2] ~= '0' and cur ~= ARGV[3]) then
  -- Sent again after it ran (a client resends a command whose reply a dropped connection lost): answered as written,
  -- or the caller reads its own change back as "nothing to do" and drops the event it owes (contact.opted_out).
  if cur == ARGV[4] and redis.call('HGET', KEYS[1], tok) == ARGV[6] then return 1 end
  return 0
end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[4], tok, ARGV[6])
redis.call('ZADD', KEYS[2], 0, ARGV[1])
if ARGV[5] == '1' then redis.call('ZADD', KEYS[3], 0, ARGV[1]) else redis.call('ZREM', KEYS[3], ARGV[1]) end
return 1
