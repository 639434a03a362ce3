-- A budget log's entries counted by any of `limits` {max, windowMs} at `now`: {stamp, amount} in stamp order,
-- read with one ZRANGEBYSCORE (the amount is the second field of the reservation id).
local function log_entries(log, now, limits)
  local w = 0
  for _, l in ipairs(limits) do
    if l[2] > w then w = l[2] end
  end
  local e = redis.call('ZRANGEBYSCORE', log, '(' .. fmt(now - w), '+inf', 'WITHSCORES')
  local out = {}
  for i = 1, #e, 2 do
    out[#out + 1] = { tonumber(e[i + 1]), tonumber(string.match(e[i], '^%d+:(%d+):')) }
  end
  return out
end

-- The sliding-window decision over `entries` (as budgets/reservation.ts budgetRetryAt): nil when `amount` fits
-- under every limit at `now`, else the earliest time it would.
local function window_retry(entries, now, amount, limits)
  local retry = nil
  for _, l in ipairs(limits) do
    local from = now - l[2]
    local sum = 0
    for _, x in ipairs(entries) do
      if x[1] > from then sum = sum + x[2] end
    end
    local need = sum + amount - l[1]
    if need > 0 then
      for _, x in ipairs(entries) do
        if x[1] > from then
          need = need - x[2]
          if need <= 0 then
            local t = x[1] + l[2]
            if not retry or t > retry then retry = t end
            break
          end
        end
      end
    end
  end
  return retry
end

-- How the budget stands after the step, appended to `out` (see budgets/usage.ts): the number of limits, the amount
-- used per limit at `now`, then the newest 128 entries oldest first as stamp, amount. `added` is the reservation
-- just made, if any. The caller keeps it as a hint of the budget, so it need not read it for every message.
local function usage_reply(out, entries, now, limits, added)
  if added then
    entries[#entries + 1] = added
    table.sort(entries, function(a, b) return a[1] < b[1] end)
  end
  out[#out + 1] = #limits
  for _, l in ipairs(limits) do
    local sum = 0
    for _, x in ipairs(entries) do
      if x[1] > now - l[2] then sum = sum + x[2] end
    end
    out[#out + 1] = sum
  end
  for i = math.max(1, #entries - 127), #entries do
    out[#out + 1] = fmt(entries[i][1])
    out[#out + 1] = entries[i][2]
  end
  return out
end
