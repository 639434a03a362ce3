--[[
  Remember the last hit id of a partition announced on a link; never moves back.

  Input:
    KEYS[1] link hash
    ARGV[1] partition
    ARGV[2] hit id

  Output:
    1 moved, 0 not (unknown link, or an id at or before the mark)
]]
--- @include "includes/hit-after"
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
local f = 'a:' .. ARGV[1]
if not hitAfter(ARGV[2], redis.call('HGET', KEYS[1], f) or '') then return 0 end
redis.call('HSET', KEYS[1], f, ARGV[2])
return 1
