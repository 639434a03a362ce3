--[[
  The redirect's one step for a batch of visits (those of one event-loop turn; on Cluster those of one hit partition,
  one slot): resolve each link from its copy in its partition and append its hit to the partition's log, all at once.

  Input:
    KEYS[1] this batch's marker (a token the caller made for this call)
    KEYS[2..n] per visit two keys, in ARGV order: its partition's hit log (stream), then the link's copy there
      (string, link JSON)
    ARGV[1] how long the marker is kept (ms)
    ARGV[2..6] the first visit: code, '1' for a bot else '0', visitor identity, visit time (epoch ms), '1' when the
      caller wants the link JSON back ('0': it has the link, a 1 says the hit was logged)
    ARGV[7..] the next visits, 5 each, in KEYS order

  Output:
    per visit: the link JSON (or 1), false (nothing logged) when the partition holds no copy, or 0 (nothing logged)
    when reading its copy failed (a key of another type): one broken copy fails its own visit, not the batch

  The marker makes the call idempotent: a client resends a command whose reply a dropped connection lost, and a
  batch logged twice would count and announce its clicks twice. A call whose marker exists answers as the first did.
]]
-- Every read before the first write.
local out = {}
for v = 1, (#KEYS - 1) / 2 do
  local r
  if ARGV[(v - 1) * 5 + 6] == '1' then
    r = redis.pcall('GET', KEYS[v * 2 + 1])
  else
    r = redis.pcall('EXISTS', KEYS[v * 2 + 1])
    if r == 1 then r = 1 elseif r == 0 then r = false end
  end
  if type(r) == 'table' then r = 0 end
  out[v] = r
end
if not redis.call('SET', KEYS[1], '1', 'NX', 'PX', ARGV[1]) then return out end
for v = 1, (#KEYS - 1) / 2 do
  local a = (v - 1) * 5 + 1
  if out[v] and out[v] ~= 0 then
    redis.call('XADD', KEYS[v * 2], '*', 'c', ARGV[a + 1], 'b', ARGV[a + 2], 'v', ARGV[a + 3], 'a', ARGV[a + 4])
  end
end
return out
