--[[
  Sum the amounts reserved after each window start.

  Input:
    KEYS[1] budget log
    ARGV[1..n] window starts (exclusive)

  Output:
    per start, the sum of amounts reserved after it
]]
--- @include "includes/fmt"
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
return sums
