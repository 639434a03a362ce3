import { LuaScript } from './lua';

/*
 * Queue scripts. KEYS are always the six keys of one queue, in this order (see keys.ts):
 * 1 meta hash (`<priority>|<dueAt>|<attempts>`), 2 payload hash, 3 delayed (by dueAt),
 * 4 ready (by (127 - priority) * 2^42 + dueAt), 5 ready by dueAt, 6 leased (by lease end).
 */
const COMMON = `
local function fmt(n) return string.format('%.0f', n) end
local function meta(id)
  local p, d, a = string.match(redis.call('HGET', KEYS[1], id), '^(-?%d+)|(%d+)|(%d+)$')
  return tonumber(p), tonumber(d), tonumber(a)
end
local function unplace(id)
  redis.call('ZREM', KEYS[3], id); redis.call('ZREM', KEYS[4], id)
  redis.call('ZREM', KEYS[5], id); redis.call('ZREM', KEYS[6], id)
end
`;

/** The queue scripts. */
export const QUEUE_SCRIPTS = {
  /** ARGV: id, priority, dueAt, payload. Add or replace; a replaced job starts over (attempts 0, no lease). */
  enqueue: new LuaScript(
    'queueEnqueue',
    `${COMMON}
unplace(ARGV[1])
redis.call('ZADD', KEYS[3], ARGV[3], ARGV[1])
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2] .. '|' .. ARGV[3] .. '|0')
redis.call('HSET', KEYS[2], ARGV[1], ARGV[4])
return 1`,
  ),

  /** ARGV: id, priority, dueAt, payload. Add unless the id is waiting or leased → 1 added, 0 already there. */
  enqueueIfAbsent: new LuaScript(
    'queueEnqueueIfAbsent',
    `
if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 1 then return 0 end
redis.call('ZADD', KEYS[3], ARGV[3], ARGV[1])
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2] .. '|' .. ARGV[3] .. '|0')
redis.call('HSET', KEYS[2], ARGV[1], ARGV[4])
return 1`,
  ),

  /**
   * ARGV: now, limit, leaseMs, max promotions. Expired leases and due delayed jobs move to ready (a lease's
   * end becomes the job's dueAt), then the best `limit` ready jobs are leased.
   * → flat list of id, payload, priority, dueAt, attempts (before this claim).
   */
  claim: new LuaScript(
    'queueClaim',
    `${COMMON}
local function ready(id, due)
  local p, _, a = meta(id)
  redis.call('ZADD', KEYS[4], fmt((127 - p) * 4398046511104 + due), id)
  redis.call('ZADD', KEYS[5], fmt(due), id)
  redis.call('HSET', KEYS[1], id, p .. '|' .. fmt(due) .. '|' .. a)
end
for _, set in ipairs({ KEYS[6], KEYS[3] }) do
  local due = redis.call('ZRANGEBYSCORE', set, '-inf', ARGV[1], 'WITHSCORES', 'LIMIT', 0, ARGV[4])
  for i = 1, #due, 2 do
    redis.call('ZREM', set, due[i])
    ready(due[i], tonumber(due[i + 1]))
  end
end
local leaseEnd = fmt(tonumber(ARGV[1]) + tonumber(ARGV[3]))
local out = {}
for _, id in ipairs(redis.call('ZRANGE', KEYS[4], 0, tonumber(ARGV[2]) - 1)) do
  local p, d, a = meta(id)
  redis.call('ZREM', KEYS[4], id); redis.call('ZREM', KEYS[5], id)
  redis.call('ZADD', KEYS[6], leaseEnd, id)
  redis.call('HSET', KEYS[1], id, p .. '|' .. fmt(d) .. '|' .. (a + 1))
  out[#out + 1] = id
  out[#out + 1] = redis.call('HGET', KEYS[2], id)
  out[#out + 1] = tostring(p)
  out[#out + 1] = fmt(d)
  out[#out + 1] = tostring(a)
end
return out`,
  ),

  /** ARGV: id, dueAt, '1' if a payload follows, payload → 1, or 0 for an unknown job. */
  reschedule: new LuaScript(
    'queueReschedule',
    `${COMMON}
if not redis.call('HGET', KEYS[1], ARGV[1]) then return 0 end
local p, _, a = meta(ARGV[1])
unplace(ARGV[1])
redis.call('ZADD', KEYS[3], ARGV[2], ARGV[1])
redis.call('HSET', KEYS[1], ARGV[1], p .. '|' .. ARGV[2] .. '|' .. a)
if ARGV[3] == '1' then redis.call('HSET', KEYS[2], ARGV[1], ARGV[4]) end
return 1`,
  ),

  /** ARGV: id → 1 if the job existed. */
  remove: new LuaScript(
    'queueRemove',
    `${COMMON}
local n = redis.call('HDEL', KEYS[1], ARGV[1])
redis.call('HDEL', KEYS[2], ARGV[1])
unplace(ARGV[1])
return n`,
  ),

  /** → the earliest dueAt among waiting jobs or lease end among leased ones, or nil. */
  nextDueAt: new LuaScript(
    'queueNextDueAt',
    `${COMMON}
local best = nil
for _, k in ipairs({ KEYS[3], KEYS[5], KEYS[6] }) do
  local f = redis.call('ZRANGE', k, 0, 0, 'WITHSCORES')
  if f[2] then
    local s = tonumber(f[2])
    if not best or s < best then best = s end
  end
end
if best then return fmt(best) end
return false`,
  ),
};
