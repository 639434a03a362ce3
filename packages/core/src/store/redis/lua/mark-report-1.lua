--[[
  Record a report on a message (kept with it), unless recorded before.

  Input:
    KEYS[1] message hash
    ARGV[1] report field

  Output:
    1 recorded now, 0 recorded before, -1 no message
]]
if redis.call('EXISTS', KEYS[1]) == 0 then return -1 end
return redis.call('HSETNX', KEYS[1], ARGV[1], '1')
