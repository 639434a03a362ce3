--[[
  Reserve an amount under every limit of a sliding-window budget, or nothing. Same decision as
  budgets/reservation.ts budgetRetryAt. Either way the reply says how the budget stands, so the caller can keep a
  view of it instead of reading it for every message.

  Input:
    KEYS[1] budget log (reservations by stamp)
    KEYS[2] widest-window key
    ARGV[1] now
    ARGV[2] amount
    ARGV[3] reservation id
    ARGV[4] stamp (>= now)
    ARGV[5..n] max and windowMs per limit

  Output:
    {1, '', usage...} reserved, {0, retryAt, usage...} refused; usage as includes/budget-log usage_reply
]]
--- @include "includes/fmt"
--- @include "includes/budget-log"
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
local entries = log_entries(KEYS[1], now, limits)
local retry = window_retry(entries, now, amount, limits)
if retry then
  -- Sent again after it ran (a client resends a command whose reply a dropped connection lost): its own
  -- reservation, in the log under its id, is what fills the budget. Answered as reserved, not refused. (With room
  -- left, the resend's ZADD of the same entry is a no-op and it answers reserved anyway.)
  if redis.call('ZSCORE', KEYS[1], ARGV[3]) then return usage_reply({1, ''}, entries, now, limits) end
  return usage_reply({0, fmt(retry)}, entries, now, limits)
end
redis.call('ZADD', KEYS[1], ARGV[4], ARGV[3])
local ttl = fmt(widest + 60000 + at - now)
redis.call('SET', KEYS[2], fmt(widest), 'PX', ttl)
redis.call('PEXPIRE', KEYS[1], ttl)
return usage_reply({1, ''}, entries, now, limits, {at, amount})
