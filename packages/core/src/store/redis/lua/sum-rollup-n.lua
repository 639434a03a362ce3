--[[
  Sum the fields of roll-up buckets of one month tag, server side: one reply of distinct fields, however many
  buckets (a year's edges read up to ~50 hashes of one month). The month's roll-up log is folded first, so the sums
  hold every record applied before.

  Input:
    KEYS[1] the month's roll-up log
    KEYS[2..n] bucket hashes
    ARGV[1] only fields starting with this (empty: every field)
    ARGV[2] the prefix of the month's bucket keys

  Output:
    flat list: field, sum, field, sum, ...
]]
--- @include "includes/fold-rollup-log"
foldRollupLog(KEYS[1], ARGV[2])
local prefix = ARGV[1]
local plen = #prefix
local sums = {}
local order = {}
for i = 2, #KEYS do
  local h = redis.call('HGETALL', KEYS[i])
  for j = 1, #h, 2 do
    local f = h[j]
    if plen == 0 or string.sub(f, 1, plen) == prefix then
      local v = sums[f]
      if v == nil then
        order[#order + 1] = f
        v = 0
      end
      sums[f] = v + tonumber(h[j + 1])
    end
  end
end
local out = {}
for _, f in ipairs(order) do
  out[#out + 1] = f
  out[#out + 1] = string.format('%.0f', sums[f])
end
return out
