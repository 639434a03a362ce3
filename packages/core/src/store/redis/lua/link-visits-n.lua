--[[
  The redirect's one step for a batch of visits of one hit partition (those of one event-loop turn): resolve each
  link from its copy in the partition and append its hit to the partition's log, all at once.

  Input:
    KEYS[1] the partition's hit log (stream)
    KEYS[2] this batch's marker (a token the caller made for this call)
    KEYS[3..n] the links' copies in the partition (string, link JSON), one per visit
    ARGV[1] how long the marker is kept (ms)
    ARGV[2..6] the first visit: code, '1' for a bot else '0', visitor identity, visit time (epoch ms), '1' when the
      caller wants the link JSON back ('0': it has the link, a 1 says the hit was logged)
    ARGV[7..] the next visits, 5 each, in KEYS order

  Output:
    per visit: the link JSON (or 1), or false (nothing logged) when the partition holds no copy

  The marker makes the call idempotent: a client resends a command whose reply a dropped connection lost, and a
  batch logged twice would count and announce its clicks twice. A call whose marker exists answers as the first did.
]]
-- Every read before the first write: a failing read fails the call with nothing logged.
local out = {}
for i = 3, #KEYS do
  if ARGV[(i - 3) * 5 + 6] == '1' then
    out[i - 2] = redis.call('GET', KEYS[i])
  else
    out[i - 2] = redis.call('EXISTS', KEYS[i]) == 1 and 1
  end
end
if not redis.call('SET', KEYS[2], '1', 'NX', 'PX', ARGV[1]) then return out end
for i = 3, #KEYS do
  local a = (i - 3) * 5 + 1
  if out[i - 2] then
    redis.call('XADD', KEYS[1], '*', 'c', ARGV[a + 1], 'b', ARGV[a + 2], 'v', ARGV[a + 3], 'a', ARGV[a + 4])
  end
end
return out
