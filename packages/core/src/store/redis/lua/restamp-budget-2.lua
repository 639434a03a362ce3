--[[
  Move a reservation to a new stamp. A later stamp lengthens both keys' expiry by as much, so the entry
  is never dropped before it leaves its windows.

  Input:
    KEYS[1] budget log
    KEYS[2] widest-window key
    ARGV[1] reservation id
    ARGV[2] its restamped id
    ARGV[3] new stamp

  Output:
    1 moved, 0 gone
]]
--- @include "includes/fmt"
local old = redis.call('ZSCORE', KEYS[1], ARGV[1])
if not old then
  -- Sent again after it ran (a client resends a command whose reply a dropped connection lost): moved already.
  if redis.call('ZSCORE', KEYS[1], ARGV[2]) then return 1 end
  return 0
end
redis.call('ZADD', KEYS[1], ARGV[3], ARGV[2]) -- before the ZREM: a set emptied for a moment would lose its expiry
redis.call('ZREM', KEYS[1], ARGV[1])
local later = tonumber(ARGV[3]) - tonumber(old)
if later > 0 then
  for _, k in ipairs(KEYS) do
    local ttl = redis.call('PTTL', k)
    if ttl > 0 then redis.call('PEXPIRE', k, fmt(ttl + later)) end
  end
end
return 1
