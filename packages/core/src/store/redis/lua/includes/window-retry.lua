-- The sliding-window decision of a budget log (as budgets/reservation.ts budgetRetryAt): nil when `amount` fits
-- under every limit {max, windowMs} at `now`, else the earliest time it would.
local function window_retry(log, now, amount, limits)
  local retry = nil
  for _, l in ipairs(limits) do
    local e = redis.call('ZRANGEBYSCORE', log, '(' .. fmt(now - l[2]), '+inf', 'WITHSCORES')
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
  return retry
end
