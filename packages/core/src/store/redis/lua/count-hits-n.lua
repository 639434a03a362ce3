--[[
  Count logged hits of one or more links, each from one partition, in log order, skipping those counted before
  (idempotent per link and partition). Several links in one call on a single node (the hit counter's links of one
  turn); on Cluster one link a call (each link hash is its own slot).

  Input:
    KEYS[1..n] per link two keys: its hash, then its visitor set
    ARGV[1..] per link, in KEYS order: the partition, how many hits (n), then per hit three values: id, '1' for a bot
      else '0', visitor identity

  Output:
    per link {total, unique, bots, first click id or '', last announced id of the partition or ''}, or {-1} for an
    unknown code
]]
--- @include "includes/hit-after"
local out = {}
local a = 1
for l = 1, #KEYS / 2 do
  local link, visitors = KEYS[l * 2 - 1], KEYS[l * 2]
  local p = ARGV[a]
  local first = a + 2
  a = first + tonumber(ARGV[a + 1]) * 3
  if redis.call('EXISTS', link) == 0 then
    out[l] = {-1}
  else
    local hf = 'h:' .. p
    local last = redis.call('HGET', link, hf) or ''
    local moved = false
    for i = first, a - 1, 3 do
      local id = ARGV[i]
      if hitAfter(id, last) then
        last = id
        moved = true
        if ARGV[i + 1] == '1' then
          redis.call('HINCRBY', link, 'b', 1)
        else
          redis.call('HSETNX', link, 'f', id)
          redis.call('HINCRBY', link, 't', 1)
          if redis.call('SADD', visitors, ARGV[i + 2]) == 1 then
            redis.call('HINCRBY', link, 'u', 1)
            if redis.call('SCARD', visitors) == 1 then
              redis.call('PEXPIREAT', visitors, redis.call('PEXPIRETIME', link))
            end
          end
        end
      end
    end
    if moved then redis.call('HSET', link, hf, last) end
    local c = redis.call('HMGET', link, 't', 'u', 'b', 'f', 'a:' .. p)
    out[l] = {tonumber(c[1]), tonumber(c[2]), tonumber(c[3]), c[4] or '', c[5] or ''}
  end
end
return out
