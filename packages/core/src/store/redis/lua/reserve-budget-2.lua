--[[
  Reserve an amount under every limit of a sliding-window budget, or nothing. Same decision as
  budgets/reservation.ts budgetRetryAt.

  Input:
    KEYS[1] budget log (reservations by stamp)
    KEYS[2] widest-window key
    ARGV[1] now
    ARGV[2] amount
    ARGV[3] reservation id
    ARGV[4] stamp (>= now)
    ARGV[5..n] max and windowMs per limit

  Output:
    {1} reserved, {0, retryAt} refused
]]
--- @include "includes/fmt"
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
return {1}
