--[[
  Store an API key record and index it by hash (dropping the old hash of the same id).

  Input:
    KEYS[1] records hash
    KEYS[2] by-hash index
    ARGV[1] id
    ARGV[2] hash
    ARGV[3] record json

  Output:
    1
]]
local old = redis.call('HGET', KEYS[1], ARGV[1])
if old then
  local h = cjson.decode(old)['hash']
  if h and h ~= ARGV[2] and redis.call('HGET', KEYS[2], h) == ARGV[1] then redis.call('HDEL', KEYS[2], h) end
end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
redis.call('HSET', KEYS[2], ARGV[2], ARGV[1])
return 1
