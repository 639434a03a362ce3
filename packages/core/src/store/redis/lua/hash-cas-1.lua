--[[
  Compare-and-set one field of a hash.

  Input:
    KEYS[1] the hash
    ARGV[1] field
    ARGV[2] expected json
    ARGV[3] new json

  Output:
    1 written, 0 changed meanwhile, -1 gone
]]
local cur = redis.call('HGET', KEYS[1], ARGV[1])
if not cur then return -1 end
if cur ~= ARGV[2] then return 0 end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
return 1
