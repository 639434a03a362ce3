--[[
  Record a message's roll-up state: compare-and-set its stored state, and apply the difference to the buckets.
  Every key shares one month tag.

  Input:
    KEYS[1] the hour's states hash
    KEYS[2..n] bucket hashes
    ARGV[1] message id
    ARGV[2] the stored state the difference was computed from, or empty for none
    ARGV[3] the new state
    ARGV[4] keep the states hash until (ms), or empty for ever
    ARGV[5..] triples: bucket key index (2..n), field, increment

  Output:
    1 applied, 0 the stored state changed meanwhile (nothing written)
]]
local cur = redis.call('HGET', KEYS[1], ARGV[1]) or ''
if cur ~= ARGV[2] then return 0 end
local existed = redis.call('EXISTS', KEYS[1])
redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
if ARGV[4] == '' then
  redis.call('PERSIST', KEYS[1])
elseif existed == 0 then
  redis.call('PEXPIREAT', KEYS[1], ARGV[4])
else
  redis.call('PEXPIREAT', KEYS[1], ARGV[4], 'GT')
end
for i = 5, #ARGV, 3 do
  local k = KEYS[tonumber(ARGV[i])]
  if redis.call('HINCRBY', k, ARGV[i + 1], ARGV[i + 2]) == 0 then redis.call('HDEL', k, ARGV[i + 1]) end
end
return 1
