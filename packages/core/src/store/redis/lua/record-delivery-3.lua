--[[
  Record webhook delivery attempts in one subscription's log, dropping the oldest beyond the cap.

  Input:
    KEYS[1] attempts hash
    KEYS[2] index of all attempts by time
    KEYS[3] index of dead-lettered attempts by time
    ARGV[1] cap
    ARGV[2..] per attempt four values: id, at ms, attempt json, '1' if dead-lettered

  Output:
    1
]]
for i = 2, #ARGV, 4 do
  local id = ARGV[i]
  redis.call('HSET', KEYS[1], id, ARGV[i + 2])
  redis.call('ZADD', KEYS[2], ARGV[i + 1], id)
  if ARGV[i + 3] == '1' then redis.call('ZADD', KEYS[3], ARGV[i + 1], id) else redis.call('ZREM', KEYS[3], id) end
end
local n = redis.call('ZCARD', KEYS[2]) - tonumber(ARGV[1])
if n > 0 then
  for _, id in ipairs(redis.call('ZRANGE', KEYS[2], 0, n - 1)) do
    redis.call('HDEL', KEYS[1], id); redis.call('ZREM', KEYS[3], id)
  end
  redis.call('ZREMRANGEBYRANK', KEYS[2], 0, n - 1)
end
return 1
