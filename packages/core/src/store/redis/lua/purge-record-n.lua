--[[
  Delete a record (and the keys given with it) when its own retainUntil (field r) is before now.

  Input:
    KEYS[1] record hash
    KEYS[2..n] keys deleted with it
    ARGV[1] now, epoch ms

  Output:
    {1, link fields...} deleted, {0, r} kept (r may be absent), {-1} gone
]]
local r = redis.call('HGET', KEYS[1], 'r')
if not r then
  if redis.call('EXISTS', KEYS[1]) == 0 then return {-1} end
  return {0}
end
if tonumber(r) >= tonumber(ARGV[1]) then return {0, r} end
local out = {1}
for _, f in ipairs(redis.call('HKEYS', KEYS[1])) do
  if string.sub(f, 1, 2) == 'g:' then out[#out + 1] = f end
end
redis.call('DEL', unpack(KEYS))
return out
