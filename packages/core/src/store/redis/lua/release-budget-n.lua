--[[
  Give back a reservation and the amount it counted in its calendar periods; a reservation already gone gives
  nothing back (a second release, or one past its windows).

  Input:
    KEYS[1] budget log
    KEYS[2..n] one count per calendar period the reservation was counted in
    ARGV[1] reservation id
    ARGV[2] its amount

  Output:
    1 released, 0 gone
]]
if redis.call('ZREM', KEYS[1], ARGV[1]) == 0 then return 0 end
for k = 2, #KEYS do
  if redis.call('EXISTS', KEYS[k]) == 1 and tonumber(redis.call('DECRBY', KEYS[k], ARGV[2])) < 0 then
    redis.call('SET', KEYS[k], '0', 'KEEPTTL')
  end
end
return 1
