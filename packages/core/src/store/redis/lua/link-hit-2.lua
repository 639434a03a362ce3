--[[
  Count one hit on a link: a bot hit, or a click (unique the first time the visitor clicks).

  Input:
    KEYS[1] link hash
    KEYS[2] its visitor set
    ARGV[1] '1' for a bot, else '0'
    ARGV[2] visitor identity

  Output:
    {total, unique, bots, new visitor 1|0}, or {-1} for an unknown code
]]
if redis.call('EXISTS', KEYS[1]) == 0 then return {-1} end
local new = 0
if ARGV[1] == '1' then
  redis.call('HINCRBY', KEYS[1], 'b', 1)
else
  redis.call('HINCRBY', KEYS[1], 't', 1)
  if redis.call('SADD', KEYS[2], ARGV[2]) == 1 then
    new = 1
    redis.call('HINCRBY', KEYS[1], 'u', 1)
    if redis.call('SCARD', KEYS[2]) == 1 then redis.call('PEXPIREAT', KEYS[2], redis.call('PEXPIRETIME', KEYS[1])) end
  end
end
local c = redis.call('HMGET', KEYS[1], 't', 'u', 'b')
return {tonumber(c[1]), tonumber(c[2]), tonumber(c[3]), new}
