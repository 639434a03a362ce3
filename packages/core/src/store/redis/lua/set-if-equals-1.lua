--[[
  Replace a value only if the key holds the expected one, with a relative expiry.

  Input:
    KEYS[1] the key
    ARGV[1] expected value
    ARGV[2] new value
    ARGV[3] ttl ms

  Output:
    1 replaced, 0 not
]]
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
return 1
