-- Shared by the queue scripts: KEYS are the six keys of one queue (see queue/redis.ts).
--- @include "fmt"
local function meta(id)
  local p, d, a = string.match(redis.call('HGET', KEYS[1], id), '^(-?%d+)|(%d+)|(%d+)$')
  return tonumber(p), tonumber(d), tonumber(a)
end
local function unplace(id)
  redis.call('ZREM', KEYS[3], id); redis.call('ZREM', KEYS[4], id)
  redis.call('ZREM', KEYS[5], id); redis.call('ZREM', KEYS[6], id)
end
