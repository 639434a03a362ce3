--[[
  The redirect's one step for a batch of visits of one hit partition (those of one event-loop turn): resolve each
  link from its copy in the partition and append its hit to the partition's log, all at once.

  Input:
    KEYS[1] the partition's hit log (stream)
    KEYS[2..n] the links' copies in the partition (string, link JSON), one per visit
    ARGV[1..5] the first visit: code, '1' for a bot else '0', visitor identity, visit time (epoch ms), '1' when the
      caller wants the link JSON back ('0': it has the link, a 1 says the hit was logged)
    ARGV[6..] the next visits, 5 each, in KEYS order

  Output:
    per visit: the link JSON (or 1), or false (nothing logged) when the partition holds no copy
]]
-- Every read before the first write: a failing read fails the call with nothing logged.
local out = {}
for i = 2, #KEYS do
  if ARGV[(i - 2) * 5 + 5] == '1' then
    out[i - 1] = redis.call('GET', KEYS[i])
  else
    out[i - 1] = redis.call('EXISTS', KEYS[i]) == 1 and 1
  end
end
for i = 2, #KEYS do
  local a = (i - 2) * 5
  if out[i - 1] then
    redis.call('XADD', KEYS[1], '*', 'c', ARGV[a + 1], 'b', ARGV[a + 2], 'v', ARGV[a + 3], 'a', ARGV[a + 4])
  end
end
return out
