--[[
  Reserve an amount under a budget's sliding-window limits, its calendar periods and its distinct-recipient cap,
  all or nothing: the segments and the recipient's slot are taken in one step. Same decision as budgets/memory.ts
  (budgetRetryAt, then caps.ts capsRefusal). Every key is in the budget's slot.

  Input:
    KEYS[1] budget log (reservations by stamp)
    KEYS[2] widest-window key
    KEYS[3..n] one count per calendar period (P of them), then the recipient cap's set (with a recipient)
    ARGV[1] now
    ARGV[2] amount
    ARGV[3] reservation id
    ARGV[4] stamp (>= now)
    ARGV[5] L, the number of sliding limits; then max and windowMs per limit
    then P, the number of periods; then max and endsAt per period
    then, optionally, recipient, limit, endsAt

  Output:
    {1, '', '', usage...} reserved, {0, retryAt, by, usage...} refused (by: '' a window, 'period', 'recipients');
    usage (the sliding limits only) as includes/budget-log usage_reply
]]
--- @include "includes/fmt"
--- @include "includes/budget-log"
local now = tonumber(ARGV[1])
local amount = tonumber(ARGV[2])
local at = tonumber(ARGV[4])
local widest = tonumber(redis.call('GET', KEYS[2]) or '0')
local i = 5
local limits = {}
for _ = 1, tonumber(ARGV[i]) do
  local l = { tonumber(ARGV[i + 1]), tonumber(ARGV[i + 2]) }
  limits[#limits + 1] = l
  if l[2] > widest then widest = l[2] end
  i = i + 2
end
i = i + 1
local periods = {}
for p = 1, tonumber(ARGV[i]) do
  periods[p] = { KEYS[2 + p], tonumber(ARGV[i + 1]), tonumber(ARGV[i + 2]) }
  i = i + 2
end
i = i + 1
local rcpt = nil
if ARGV[i] then rcpt = { KEYS[3 + #periods], ARGV[i], tonumber(ARGV[i + 1]), tonumber(ARGV[i + 2]) } end

redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', fmt(now - widest))
local entries = log_entries(KEYS[1], now, limits)
-- Sent again after it ran (see reserve-budget-2.lua): its reservation is in the log under its id, and its periods and
-- recipient are counted. Answered as reserved, counting nothing twice.
if redis.call('ZSCORE', KEYS[1], ARGV[3]) then return usage_reply({1, '', ''}, entries, now, limits) end
local retry = window_retry(entries, now, amount, limits)
local by = ''
for _, p in ipairs(periods) do
  if tonumber(redis.call('GET', p[1]) or '0') + amount > p[2] then
    if not retry or p[3] > retry then retry = p[3] end
    by = 'period'
  end
end
if rcpt and redis.call('SISMEMBER', rcpt[1], rcpt[2]) == 0 and redis.call('SCARD', rcpt[1]) >= rcpt[3] then
  if not retry or rcpt[4] > retry then retry = rcpt[4] end
  by = 'recipients'
end
if retry then return usage_reply({0, fmt(retry), by}, entries, now, limits) end

redis.call('ZADD', KEYS[1], ARGV[4], ARGV[3])
local ttl = fmt(widest + 60000 + at - now)
redis.call('SET', KEYS[2], fmt(widest), 'PX', ttl)
redis.call('PEXPIRE', KEYS[1], ttl)
-- A period's keys outlive its end by a day: a late release still finds its count, and nothing lingers.
for _, p in ipairs(periods) do
  redis.call('INCRBY', p[1], amount)
  redis.call('PEXPIREAT', p[1], fmt(p[3] + 86400000))
end
if rcpt then
  redis.call('SADD', rcpt[1], rcpt[2])
  redis.call('PEXPIREAT', rcpt[1], fmt(rcpt[4] + 86400000))
end
return usage_reply({1, '', ''}, entries, now, limits, {at, amount})
