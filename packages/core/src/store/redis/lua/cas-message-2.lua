--[[
  Compare-and-set a message on its version and append its new events; record the report that made the change.

  Input:
    KEYS[1] message hash
    KEYS[2] its events list
    ARGV[1] expected version
    ARGV[2] new json
    ARGV[3] new version
    ARGV[4] retainUntil ms, or empty
    ARGV[5] expire-at ms, or empty
    ARGV[6] report field to record on the message, or empty
    ARGV[7] this write's token (unique per update call)
    ARGV[8..n] events json to append

  Output:
    1 written, 2 written and the report was recorded before, 0 version changed meanwhile, -1 gone
]]
local v = redis.call('HGET', KEYS[1], 'v')
if not v then return -1 end
if v ~= ARGV[1] then
  -- Sent again after it ran (a client resends a command whose reply a dropped connection lost): the version is the
  -- one this write made, under its token. Answered as written; read as a conflict, the caller would apply its change
  -- again on top of itself. Equal json alone proves nothing: two writers can compute the same one.
  if v == ARGV[3] and redis.call('HGET', KEYS[1], 'w') == ARGV[7] then return 1 end
  return 0
end
-- One command per write, whatever it carries: the retention goes with the json, the events go in one push.
if ARGV[4] ~= '' then
  redis.call('HSET', KEYS[1], 'd', ARGV[2], 'v', ARGV[3], 'w', ARGV[7], 'r', ARGV[4])
else
  redis.call('HSET', KEYS[1], 'd', ARGV[2], 'v', ARGV[3], 'w', ARGV[7])
  redis.call('HDEL', KEYS[1], 'r')
end
if #ARGV >= 8 then redis.call('RPUSH', KEYS[2], unpack(ARGV, 8)) end
if ARGV[5] ~= '' then
  redis.call('PEXPIREAT', KEYS[1], ARGV[5]); redis.call('PEXPIREAT', KEYS[2], ARGV[5])
else
  redis.call('PERSIST', KEYS[1]); redis.call('PERSIST', KEYS[2])
end
if ARGV[6] ~= '' and redis.call('HSETNX', KEYS[1], ARGV[6], '1') == 0 then return 2 end
return 1
