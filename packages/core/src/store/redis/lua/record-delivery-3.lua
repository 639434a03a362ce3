--[[
  Record a webhook delivery attempt in its subscription's log, dropping the oldest beyond the cap.

  Input:
    KEYS[1] attempts hash
    KEYS[2] index of all attempts by time
    KEYS[3] index of dead-lettered attempts by time
    ARGV[1] attempt id
    ARGV[2] at ms
    ARGV[3] attempt json
    ARGV[4] '1' if dead-lettered
    ARGV[5] cap

  Output:
    1
]]
redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
redis.call('ZADD', KEYS[2], ARGV[2], ARGV[1])
if ARGV[4] == '1' then redis.call('ZADD', KEYS[3], ARGV[2], ARGV[1]) else redis.call('ZREM', KEYS[3], ARGV[1]) end
local n = redis.call('ZCARD', KEYS[2]) - tonumber(ARGV[5])
if n > 0 then
  for _, id in ipairs(redis.call('ZRANGE', KEYS[2], 0, n - 1)) do
    redis.call('HDEL', KEYS[1], id); redis.call('ZREM', KEYS[3], id)
  end
  redis.call('ZREMRANGEBYRANK', KEYS[2], 0, n - 1)
end
return 1
