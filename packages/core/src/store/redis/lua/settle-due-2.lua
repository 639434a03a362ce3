--[[
  Set the due board's times of the partitions a claim visited, from what each partition's claim script saw
  (capped by the caller at now + the board's horizon). The only write that may raise a time, and only when every
  write announced to that partition (announce-due-2) was counted by the partition before the claim looked at it:
  otherwise a write the claim did not see is on its way, and the time may only be lowered. A write announced but
  never made (its writer died between the two steps) stops blocking raises once settles have seen it missing for
  ARGV[3] ms of claim time.

  Input:
    KEYS[1] due board: partition -> a time at or before which it may hold claimable work
    KEYS[2] board writes: partition -> writes announced; `s<partition>` -> `<announced>|<now>`, the first settle
      that found those writes missing
    ARGV[1] ms the board lives on without writes
    ARGV[2] now (the claim's)
    ARGV[3] ms after which a missing announced write is given up
    ARGV[4] the horizon: the latest time a partition whose announced write was given up is set to
    ARGV[5..n] partition, time ('+inf': nothing left), writes the partition had counted when the claim looked ('' to
      only lower)

  A partition whose claim saw every write announced to it is set to the time its claim saw, however late (no write
  can make it due sooner without announcing itself first); one raised past a given-up write only up to the horizon
  (the write may still land, up to one horizon late).

  Output:
    the board's earliest time after the settle ('+inf' or '' when none): when the queue may next have work
]]
local now, stall, horizon = tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])
for i = 5, #ARGV, 3 do
  local p, t, seen = ARGV[i], ARGV[i + 1], tonumber(ARGV[i + 2])
  local raise = false
  if seen then
    local told = tonumber(redis.call('HGET', KEYS[2], p))
    local stuck = redis.call('HGET', KEYS[2], 's' .. p)
    local was, since = nil, nil
    if stuck then
      local a, s = string.match(stuck, '^(%d+)|(%d+)$')
      was, since = tonumber(a), tonumber(s)
    end
    if not told or told <= seen then
      raise = true
    elseif was == told and now - since >= stall then
      raise = true
      if t == '+inf' or tonumber(t) > horizon then t = ARGV[4] end
    end
    if raise then
      if told ~= seen then redis.call('HSET', KEYS[2], p, seen) end
      if stuck then redis.call('HDEL', KEYS[2], 's' .. p) end
    elseif was ~= told then
      redis.call('HSET', KEYS[2], 's' .. p, told .. '|' .. now)
    end
  end
  if raise then redis.call('ZADD', KEYS[1], t, p) else redis.call('ZADD', KEYS[1], 'LT', t, p) end
end
redis.call('PEXPIRE', KEYS[1], ARGV[1])
local head = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
return head[2] or ''
