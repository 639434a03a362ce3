--[[
  Create a short link with zeroed counters, unless the code exists.

  Input:
    KEYS[1] link hash
    ARGV[1] link json
    ARGV[2] retainUntil ms
    ARGV[3] expire-at ms

  Output:
    1 created (or this very create ran before, its reply lost and the command resent), 0 when the code exists
]]
if redis.call('EXISTS', KEYS[1]) == 1 then
  if redis.call('HGET', KEYS[1], 'd') == ARGV[1] then return 1 end
  return 0
end
redis.call('HSET', KEYS[1], 'd', ARGV[1], 'r', ARGV[2], 't', 0, 'u', 0, 'b', 0)
redis.call('PEXPIREAT', KEYS[1], ARGV[3])
return 1
