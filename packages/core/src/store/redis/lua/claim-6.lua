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

  Output:
    flat list of id, payload, priority, dueAt, attempts (before this claim), then two last elements: the
    earliest time a job of these keys becomes claimable after this claim (as next-due-at-6), or '' when none
    is left (a partitioned queue writes it to its due board), then the writes the partition has counted (the `''`
    field of KEYS[2], '0' when none: settle-due-2 compares it with the writes announced)
]]
--- @include "includes/queue-job"
--- @include "includes/ready-score"
local function ready(id, due)
  local p, _, a = meta(id)
  redis.call('ZADD', KEYS[4], fmt(readyScore(p, due)), id)
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
local best = nil
for _, k in ipairs({ KEYS[3], KEYS[5], KEYS[6] }) do
  local f = redis.call('ZRANGE', k, 0, 0, 'WITHSCORES')
  if f[2] and (not best or tonumber(f[2]) < best) then best = tonumber(f[2]) end
end
out[#out + 1] = best and fmt(best) or ''
out[#out + 1] = redis.call('HGET', KEYS[2], '') or '0'
return out
