--[[
  Remember, per link, the last hit id of a partition announced on it; never moves back. Several links in one call on
  a single node (the hit counter's marks of one turn); on Cluster one link a call.

  Input:
    KEYS[1..n] per link its hash
    ARGV[1..] per link, in KEYS order: the partition, the hit id

  Output:
    per link 1 moved, 0 not (unknown link, or an id at or before the mark)
]]
--- @include "includes/hit-after"
local out = {}
for l = 1, #KEYS do
  local f = 'a:' .. ARGV[l * 2 - 1]
  local id = ARGV[l * 2]
  out[l] = 0
  if redis.call('EXISTS', KEYS[l]) == 1 and hitAfter(id, redis.call('HGET', KEYS[l], f) or '') then
    redis.call('HSET', KEYS[l], f, id)
    out[l] = 1
  end
end
return out
