-- Shared by the queue scripts: KEYS are the six keys of one queue (see queue/redis.ts).
--- @include "fmt"
-- A job's meta `<priority>|<dueAt>|<attempts>` as numbers.
local function parseMeta(s)
  local p, d, a = string.match(s, '^(-?%d+)|(%d+)|(%d+)$')
  return tonumber(p), tonumber(d), tonumber(a)
end
local function meta(id)
  return parseMeta(redis.call('HGET', KEYS[1], id))
end
-- A job is in exactly one place: leased (KEYS[6]), delayed (KEYS[3]), or ready (KEYS[4] and KEYS[5] both). The
-- places are tried in that order (a finished or put-back job is usually leased) and the first hit ends the search.
local function unplace(id)
  if redis.call('ZREM', KEYS[6], id) == 1 then return end
  if redis.call('ZREM', KEYS[3], id) == 1 then return end
  redis.call('ZREM', KEYS[4], id); redis.call('ZREM', KEYS[5], id)
end
