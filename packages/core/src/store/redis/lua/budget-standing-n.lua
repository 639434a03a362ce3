--[[
  How a budget stands: the amounts reserved after each window start, the count of each calendar period and,
  optionally, the distinct recipients of one period and whether a recipient is among them.

  Input:
    KEYS[1] budget log
    KEYS[2..n] one count per calendar period (P of them), then the recipient cap's set (with a recipient)
    ARGV[1] W, the number of window starts; then the starts (exclusive)
    then P; then 1 when the recipient set is given, then optionally a recipient to look for

  Output:
    {sums per window..., counts per period..., [distinct recipients, 1 if known else 0]}
]]
--- @include "includes/fmt"
local w = tonumber(ARGV[1])
local from = nil
for i = 2, 1 + w do
  local s = tonumber(ARGV[i])
  if not from or s < from then from = s end
end
local e = redis.call('ZRANGEBYSCORE', KEYS[1], '(' .. fmt(from), '+inf', 'WITHSCORES')
local out = {}
for i = 1, w do out[i] = 0 end
for j = 1, #e, 2 do
  local a = tonumber(string.match(e[j], '^%d+:(%d+):'))
  local at = tonumber(e[j + 1])
  for i = 1, w do
    if at > tonumber(ARGV[1 + i]) then out[i] = out[i] + a end
  end
end
local p = tonumber(ARGV[2 + w])
for k = 1, p do out[#out + 1] = tonumber(redis.call('GET', KEYS[1 + k]) or '0') end
if ARGV[3 + w] then
  out[#out + 1] = redis.call('SCARD', KEYS[2 + p])
  local r = ARGV[4 + w]
  out[#out + 1] = r and redis.call('SISMEMBER', KEYS[2 + p], r) or 0
end
return out
