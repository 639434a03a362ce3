--[[
  Claim due jobs: expired leases and due delayed jobs move to ready (a lease's end becomes the job's
  dueAt), then the best `limit` ready jobs are leased.

  Input:
    KEYS[1] meta hash: per job `<priority>|<dueAt>|<attempts>`
    KEYS[2] payload hash: per job its JSON payload
    KEYS[3] delayed: jobs by dueAt
    KEYS[4] ready: due jobs by readyScore(priority, dueAt)
    KEYS[5] ready by dueAt
    KEYS[6] leased: claimed jobs by lease end
    ARGV[1] now
    ARGV[2] limit
    ARGV[3] leaseMs
    ARGV[4] most promotions per set
    ARGV[5] '1' on a partitioned queue: answer the writes the partition has counted (else '0' is answered)

  Output:
    flat list of id, payload, priority, dueAt, attempts (before this claim), then two last elements: the
    earliest time a job of these keys becomes claimable after this claim (as next-due-at-6), or '' when none
    is left (a partitioned queue writes it to its due board), then the writes the partition has counted (the `''`
    field of KEYS[2], '0' when none: settle-due-2 compares it with the writes announced)
]]
--- @include "includes/queue-job"
--- @include "includes/ready-score"
-- Each step works on all its jobs at once (one command per set, not per job). A job promoted here is held in
-- `promoted` until the claim: one it leases never goes through ready-by-dueAt, nor has its meta written twice.
local promoted, order = {}, {}
for _, set in ipairs({ KEYS[6], KEYS[3] }) do
  local due = redis.call('ZRANGEBYSCORE', set, '-inf', ARGV[1], 'WITHSCORES', 'LIMIT', 0, ARGV[4])
  if #due > 0 then
    local ids, scores = {}, {}
    for i = 1, #due, 2 do ids[#ids + 1] = due[i] end
    redis.call('ZREM', set, unpack(ids))
    local metas = redis.call('HMGET', KEYS[1], unpack(ids))
    for j, id in ipairs(ids) do
      -- a lease's end becomes the job's dueAt
      local p, _, a = parseMeta(metas[j])
      local d = tonumber(due[2 * j])
      promoted[id] = { p, d, a }
      order[#order + 1] = id
      scores[#scores + 1] = fmt(readyScore(p, d))
      scores[#scores + 1] = id
    end
    redis.call('ZADD', KEYS[4], unpack(scores))
  end
end
local leaseEnd = fmt(tonumber(ARGV[1]) + tonumber(ARGV[3]))
local out = {}
local ids = redis.call('ZRANGE', KEYS[4], 0, tonumber(ARGV[2]) - 1)
if #ids > 0 then
  local older = {}
  for _, id in ipairs(ids) do
    if not promoted[id] then older[#older + 1] = id end
  end
  local olderMeta = {}
  if #older > 0 then
    local metas = redis.call('HMGET', KEYS[1], unpack(older))
    for j, id in ipairs(older) do olderMeta[id] = metas[j] end
    redis.call('ZREM', KEYS[5], unpack(older))
  end
  redis.call('ZREM', KEYS[4], unpack(ids))
  local payloads = redis.call('HMGET', KEYS[2], unpack(ids))
  local leases, metas = {}, {}
  for j, id in ipairs(ids) do
    local p, d, a
    local m = promoted[id]
    if m then
      p, d, a = m[1], m[2], m[3]
      promoted[id] = false
    else
      p, d, a = parseMeta(olderMeta[id])
    end
    leases[#leases + 1] = leaseEnd
    leases[#leases + 1] = id
    metas[#metas + 1] = id
    metas[#metas + 1] = p .. '|' .. fmt(d) .. '|' .. (a + 1)
    out[#out + 1] = id
    out[#out + 1] = payloads[j]
    out[#out + 1] = tostring(p)
    out[#out + 1] = fmt(d)
    out[#out + 1] = tostring(a)
  end
  redis.call('ZADD', KEYS[6], unpack(leases))
  redis.call('HSET', KEYS[1], unpack(metas))
end
-- The promoted jobs left ready: by dueAt too, with their new dueAt in their meta.
local byDue, metas = {}, {}
for _, id in ipairs(order) do
  local m = promoted[id]
  if m then
    byDue[#byDue + 1] = fmt(m[2])
    byDue[#byDue + 1] = id
    metas[#metas + 1] = id
    metas[#metas + 1] = m[1] .. '|' .. fmt(m[2]) .. '|' .. m[3]
  end
end
if #byDue > 0 then
  redis.call('ZADD', KEYS[5], unpack(byDue))
  redis.call('HSET', KEYS[1], unpack(metas))
end
local best = nil
for _, k in ipairs({ KEYS[3], KEYS[5], KEYS[6] }) do
  local f = redis.call('ZRANGE', k, 0, 0, 'WITHSCORES')
  if f[2] and (not best or tonumber(f[2]) < best) then best = tonumber(f[2]) end
end
out[#out + 1] = best and fmt(best) or ''
out[#out + 1] = ARGV[5] == '1' and redis.call('HGET', KEYS[2], '') or '0'
return out
