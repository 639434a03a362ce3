--[[
  Delete a key only if it holds a value.

  Input:
    KEYS[1] the key
    ARGV[1] value

  Output:
    1 deleted, 0 not
]]
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
