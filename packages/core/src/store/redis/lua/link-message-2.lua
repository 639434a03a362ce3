--[[
  Link a gateway id to a message in one call, on a single node (both keys on it): mark the link field on the message
  (purged with it), then write the link key, expiring with the message. Same steps and order as mark-link-1 followed
  by the SET a Cluster sends on its own (the link key is in another slot there).

  Input:
    KEYS[1] message hash
    KEYS[2] the gateway link key
    ARGV[1] link field
    ARGV[2] message id
    ARGV[3] grace ms added to the message's retainUntil for the link's expiry

  Output:
    -1 if no message (nothing written), else 1
]]
--- @include "includes/fmt"
if redis.call('EXISTS', KEYS[1]) == 0 then return -1 end
redis.call('HSET', KEYS[1], ARGV[1], '1')
local r = redis.call('HGET', KEYS[1], 'r')
if r then
  redis.call('SET', KEYS[2], ARGV[2], 'PXAT', fmt(tonumber(r) + tonumber(ARGV[3])))
else
  redis.call('SET', KEYS[2], ARGV[2])
end
return 1
