--[[
  Count logged hits of one link from one partition, in log order, skipping those counted before (idempotent).

  Input:
    KEYS[1] link hash
    KEYS[2] its visitor set
    ARGV[1] partition
    ARGV[2..n] per hit three values: id, '1' for a bot else '0', visitor identity

  Output:
    {total, unique, bots, first click id or '', last announced id of the partition or ''}, or {-1} for an unknown code
]]
--- @include "includes/hit-after"
if redis.call('EXISTS', KEYS[1]) == 0 then return {-1} end
local hf = 'h:' .. ARGV[1]
local last = redis.call('HGET', KEYS[1], hf) or ''
local moved = false
for i = 2, #ARGV, 3 do
  local id = ARGV[i]
  if hitAfter(id, last) then
    last = id
    moved = true
    if ARGV[i + 1] == '1' then
      redis.call('HINCRBY', KEYS[1], 'b', 1)
    else
      redis.call('HSETNX', KEYS[1], 'f', id)
      redis.call('HINCRBY', KEYS[1], 't', 1)
      if redis.call('SADD', KEYS[2], ARGV[i + 2]) == 1 then
        redis.call('HINCRBY', KEYS[1], 'u', 1)
        if redis.call('SCARD', KEYS[2]) == 1 then
          redis.call('PEXPIREAT', KEYS[2], redis.call('PEXPIRETIME', KEYS[1]))
        end
      end
    end
  end
end
if moved then redis.call('HSET', KEYS[1], hf, last) end
local c = redis.call('HMGET', KEYS[1], 't', 'u', 'b', 'f', 'a:' .. ARGV[1])
return {tonumber(c[1]), tonumber(c[2]), tonumber(c[3]), c[4] or '', c[5] or ''}
