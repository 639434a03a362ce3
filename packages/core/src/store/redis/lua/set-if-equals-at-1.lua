--[[
  Replace a value only if the key holds the expected one, expiring at an epoch ms.

  Input:
    KEYS[1] the key
    ARGV[1] expected value
    ARGV[2] new value
    ARGV[3] expire-at ms

  Output:
    1 replaced, 0 not
]]
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[1], ARGV[2], 'PXAT', ARGV[3])
return 1
