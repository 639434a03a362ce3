import { createHash } from 'node:crypto';
import type { Cluster, Redis } from 'ioredis';

/** A Redis connection the store can use: a single node or a Cluster. */
export type RedisClient = Redis | Cluster;

/**
 * A Lua script run by EVALSHA, loaded with EVAL on the first NOSCRIPT (per node, which also covers a
 * Cluster and a restarted Redis). Every script touches only the keys it is given, all in one hash tag.
 */
export class LuaScript {
  readonly sha: string;

  constructor(
    readonly name: string,
    readonly source: string,
  ) {
    this.sha = createHash('sha1').update(source).digest('hex');
  }

  async run(redis: RedisClient, keys: string[], args: (string | number)[]): Promise<unknown> {
    const argv = args.map(String);
    try {
      return await redis.evalsha(this.sha, keys.length, ...keys, ...argv);
    } catch (e) {
      // NOSCRIPT is the protocol's error prefix for an unknown sha (how every client detects it); the
      // connection may have wrapped the reply error as a store error, so look at its cause too.
      const reply = e instanceof Error && e.cause instanceof Error ? e.cause : e;
      if (!(reply instanceof Error) || !reply.message.startsWith('NOSCRIPT')) throw e;
      return redis.eval(this.source, keys.length, ...keys, ...argv);
    }
  }
}

const FMT = "local function fmt(n) return string.format('%.0f', n) end\n";

/** Every script of the Redis store. */
export const SCRIPTS = {
  /**
   * KEYS: message hash, events. ARGV: json, version, retainMs|'', expireAtMs|'', outbox|'', claim json|'', events…
   * → 1, or 0 if the id exists. The outbox (`o`) and the claim to redo (`c`) are written with the message.
   */
  createMessage: new LuaScript(
    'createMessage',
    `
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('HSET', KEYS[1], 'd', ARGV[1], 'v', ARGV[2])
if ARGV[3] ~= '' then redis.call('HSET', KEYS[1], 'r', ARGV[3]) end
if ARGV[5] ~= '' then redis.call('HSET', KEYS[1], 'o', ARGV[5]) end
if ARGV[6] ~= '' then redis.call('HSET', KEYS[1], 'c', ARGV[6]) end
for i = 7, #ARGV do redis.call('RPUSH', KEYS[2], ARGV[i]) end
if ARGV[4] ~= '' then redis.call('PEXPIREAT', KEYS[1], ARGV[4]); redis.call('PEXPIREAT', KEYS[2], ARGV[4]) end
return 1`,
  ),

  /**
   * KEYS: message hash, events. ARGV: expected version, json, new version, retainMs|'', expireAtMs|'', events…
   * → 1 written, 0 version changed meanwhile, -1 gone.
   */
  casMessage: new LuaScript(
    'casMessage',
    `
local v = redis.call('HGET', KEYS[1], 'v')
if not v then return -1 end
if v ~= ARGV[1] then return 0 end
redis.call('HSET', KEYS[1], 'd', ARGV[2], 'v', ARGV[3])
if ARGV[4] ~= '' then redis.call('HSET', KEYS[1], 'r', ARGV[4]) else redis.call('HDEL', KEYS[1], 'r') end
for i = 6, #ARGV do redis.call('RPUSH', KEYS[2], ARGV[i]) end
if ARGV[5] ~= '' then
  redis.call('PEXPIREAT', KEYS[1], ARGV[5]); redis.call('PEXPIREAT', KEYS[2], ARGV[5])
else
  redis.call('PERSIST', KEYS[1]); redis.call('PERSIST', KEYS[2])
end
return 1`,
  ),

  /** KEYS: message hash. ARGV: link field → -1 if no message, else its retainUntil ms or ''. */
  markLink: new LuaScript(
    'markLink',
    `
if redis.call('EXISTS', KEYS[1]) == 0 then return -1 end
redis.call('HSET', KEYS[1], ARGV[1], '1')
return redis.call('HGET', KEYS[1], 'r') or ''`,
  ),

  /**
   * KEYS: record hash, then any keys deleted with it. ARGV: now. Deletes only when the record's own
   * retainUntil (field r) is before now. → {1, link fields…} deleted, {0, r} kept (r may be absent), {-1} gone.
   */
  purgeRecord: new LuaScript(
    'purgeRecord',
    `
local r = redis.call('HGET', KEYS[1], 'r')
if not r then
  if redis.call('EXISTS', KEYS[1]) == 0 then return {-1} end
  return {0}
end
if tonumber(r) >= tonumber(ARGV[1]) then return {0, r} end
local out = {1}
for _, f in ipairs(redis.call('HKEYS', KEYS[1])) do
  if string.sub(f, 1, 2) == 'g:' then out[#out + 1] = f end
end
redis.call('DEL', unpack(KEYS))
return out`,
  ),

  /** KEYS: link hash. ARGV: json, retainMs, expireAtMs → 1, or 0 if the code exists. */
  createLink: new LuaScript(
    'createLink',
    `
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('HSET', KEYS[1], 'd', ARGV[1], 'r', ARGV[2], 't', 0, 'u', 0, 'b', 0)
redis.call('PEXPIREAT', KEYS[1], ARGV[3])
return 1`,
  ),

  /** KEYS: link hash, its visitor set. ARGV: bot '1'|'0', visitor → {total, unique, bots, new} or {-1} for an unknown code. */
  linkHit: new LuaScript(
    'linkHit',
    `
if redis.call('EXISTS', KEYS[1]) == 0 then return {-1} end
local new = 0
if ARGV[1] == '1' then
  redis.call('HINCRBY', KEYS[1], 'b', 1)
else
  redis.call('HINCRBY', KEYS[1], 't', 1)
  if redis.call('SADD', KEYS[2], ARGV[2]) == 1 then
    new = 1
    redis.call('HINCRBY', KEYS[1], 'u', 1)
    if redis.call('SCARD', KEYS[2]) == 1 then redis.call('PEXPIREAT', KEYS[2], redis.call('PEXPIRETIME', KEYS[1])) end
  end
end
local c = redis.call('HMGET', KEYS[1], 't', 'u', 'b')
return {tonumber(c[1]), tonumber(c[2]), tonumber(c[3]), new}`,
  ),

  /** KEYS: key. ARGV: value → deletes the key only if it holds value. */
  delIfEquals: new LuaScript(
    'delIfEquals',
    `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`,
  ),

  /** KEYS: key. ARGV: old, new, ttlMs → 1 if it held old and now holds new. */
  setIfEquals: new LuaScript(
    'setIfEquals',
    `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
return 1`,
  ),

  /** KEYS: key. ARGV: old, new, expireAtMs → 1 if it held old and now holds new (expiring at that epoch ms). */
  setIfEqualsAt: new LuaScript(
    'setIfEqualsAt',
    `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[1], ARGV[2], 'PXAT', ARGV[3])
return 1`,
  ),

  /** KEYS: hash. ARGV: field, expected json, new json → 1 written, 0 changed meanwhile, -1 gone. */
  hashCas: new LuaScript(
    'hashCas',
    `
local cur = redis.call('HGET', KEYS[1], ARGV[1])
if not cur then return -1 end
if cur ~= ARGV[2] then return 0 end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
return 1`,
  ),

  /** KEYS: contacts hash, all, out. ARGV: phone, '1' if expected present, expected, new, '1' if opted out → 1/0. */
  contactCas: new LuaScript(
    'contactCas',
    `
local cur = redis.call('HGET', KEYS[1], ARGV[1])
if ARGV[2] == '0' then
  if cur then return 0 end
elseif cur ~= ARGV[3] then return 0 end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[4])
redis.call('ZADD', KEYS[2], 0, ARGV[1])
if ARGV[5] == '1' then redis.call('ZADD', KEYS[3], 0, ARGV[1]) else redis.call('ZREM', KEYS[3], ARGV[1]) end
return 1`,
  ),

  /** KEYS: hash, all, dead. ARGV: id, at ms, json, '1' if dead-lettered, cap. */
  recordDelivery: new LuaScript(
    'recordDelivery',
    `
redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
redis.call('ZADD', KEYS[2], ARGV[2], ARGV[1])
if ARGV[4] == '1' then redis.call('ZADD', KEYS[3], ARGV[2], ARGV[1]) else redis.call('ZREM', KEYS[3], ARGV[1]) end
local n = redis.call('ZCARD', KEYS[2]) - tonumber(ARGV[5])
if n > 0 then
  for _, id in ipairs(redis.call('ZRANGE', KEYS[2], 0, n - 1)) do
    redis.call('HDEL', KEYS[1], id); redis.call('ZREM', KEYS[3], id)
  end
  redis.call('ZREMRANGEBYRANK', KEYS[2], 0, n - 1)
end
return 1`,
  ),

  /** KEYS: records, by-hash. ARGV: id, hash, json. */
  putApiKey: new LuaScript(
    'putApiKey',
    `
local old = redis.call('HGET', KEYS[1], ARGV[1])
if old then
  local h = cjson.decode(old)['hash']
  if h and h ~= ARGV[2] and redis.call('HGET', KEYS[2], h) == ARGV[1] then redis.call('HDEL', KEYS[2], h) end
end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
redis.call('HSET', KEYS[2], ARGV[2], ARGV[1])
return 1`,
  ),

  /** KEYS: records, by-hash. ARGV: hash → record json or nil. */
  apiKeyByHash: new LuaScript(
    'apiKeyByHash',
    `
local id = redis.call('HGET', KEYS[2], ARGV[1])
if not id then return false end
return redis.call('HGET', KEYS[1], id)`,
  ),

  /**
   * KEYS: budget log, widest-window key. ARGV: now, amount, reservation id, stamp (>= now), then max and
   * windowMs per limit. Same decision as shared/budget.ts budgetRetryAt. → {1} reserved, {0, retryAt} refused.
   */
  reserveBudget: new LuaScript(
    'reserveBudget',
    `${FMT}
local now = tonumber(ARGV[1])
local amount = tonumber(ARGV[2])
local at = tonumber(ARGV[4])
local widest = tonumber(redis.call('GET', KEYS[2]) or '0')
local limits = {}
for i = 5, #ARGV, 2 do
  local l = { tonumber(ARGV[i]), tonumber(ARGV[i + 1]) }
  limits[#limits + 1] = l
  if l[2] > widest then widest = l[2] end
end
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', fmt(now - widest))
local retry = nil
for _, l in ipairs(limits) do
  local e = redis.call('ZRANGEBYSCORE', KEYS[1], '(' .. fmt(now - l[2]), '+inf', 'WITHSCORES')
  local amounts, sum = {}, 0
  for i = 1, #e, 2 do
    local a = tonumber(string.match(e[i], '^%d+:(%d+):'))
    amounts[#amounts + 1] = a
    sum = sum + a
  end
  if sum + amount > l[1] then
    local need = sum + amount - l[1]
    for j = 1, #amounts do
      need = need - amounts[j]
      if need <= 0 then
        local t = tonumber(e[2 * j]) + l[2]
        if not retry or t > retry then retry = t end
        break
      end
    end
  end
end
if retry then return {0, fmt(retry)} end
redis.call('ZADD', KEYS[1], ARGV[4], ARGV[3])
local ttl = fmt(widest + 60000 + at - now)
redis.call('SET', KEYS[2], fmt(widest), 'PX', ttl)
redis.call('PEXPIRE', KEYS[1], ttl)
return {1}`,
  ),

  /**
   * KEYS: budget log, widest-window key. ARGV: reservation id, its restamped id, new stamp → 1 moved, 0 gone. A
   * later stamp lengthens both keys' expiry by as much, so the entry is never dropped before it leaves its windows.
   */
  restampBudget: new LuaScript(
    'restampBudget',
    `${FMT}
local old = redis.call('ZSCORE', KEYS[1], ARGV[1])
if not old then return 0 end
redis.call('ZADD', KEYS[1], ARGV[3], ARGV[2]) -- before the ZREM: a set emptied for a moment would lose its expiry
redis.call('ZREM', KEYS[1], ARGV[1])
local later = tonumber(ARGV[3]) - tonumber(old)
if later > 0 then
  for _, k in ipairs(KEYS) do
    local ttl = redis.call('PTTL', k)
    if ttl > 0 then redis.call('PEXPIRE', k, fmt(ttl + later)) end
  end
end
return 1`,
  ),

  /** KEYS: budget log. ARGV: window starts (exclusive) → per start, the sum of amounts reserved after it. */
  budgetUsed: new LuaScript(
    'budgetUsed',
    `${FMT}
local from = tonumber(ARGV[1])
for i = 2, #ARGV do from = math.min(from, tonumber(ARGV[i])) end
local e = redis.call('ZRANGEBYSCORE', KEYS[1], '(' .. fmt(from), '+inf', 'WITHSCORES')
local sums = {}
for i = 1, #ARGV do sums[i] = 0 end
for j = 1, #e, 2 do
  local a = tonumber(string.match(e[j], '^%d+:(%d+):'))
  local at = tonumber(e[j + 1])
  for i = 1, #ARGV do
    if at > tonumber(ARGV[i]) then sums[i] = sums[i] + a end
  end
end
return sums`,
  ),
};
