--[[
  Create a message with its first timeline events, unless the id exists. The outbox (`o`) and the
  idempotency claim to redo (`c`) are written with the message, in its own slot.

  Input:
    KEYS[1] message hash
    KEYS[2] its events list
    ARGV[1] message json
    ARGV[2] version
    ARGV[3] retainUntil ms, or empty
    ARGV[4] expire-at ms, or empty
    ARGV[5] outbox, or empty
    ARGV[6] claim json to redo, or empty
    ARGV[7..n] events json, oldest first

  Output:
    1 created (or this very create ran before: a client resends a command whose reply a dropped connection lost),
    0 when the id exists
]]
if redis.call('EXISTS', KEYS[1]) == 1 then
  local held = redis.call('HMGET', KEYS[1], 'd', 'v')
  if held[1] == ARGV[1] and held[2] == ARGV[2] then return 1 end
  return 0
end
-- One HSET with every field given, one RPUSH with every event.
local fields = { 'd', ARGV[1], 'v', ARGV[2] }
for _, f in ipairs({ { 'r', ARGV[3] }, { 'o', ARGV[5] }, { 'c', ARGV[6] } }) do
  if f[2] ~= '' then
    fields[#fields + 1] = f[1]
    fields[#fields + 1] = f[2]
  end
end
redis.call('HSET', KEYS[1], unpack(fields))
if #ARGV >= 7 then redis.call('RPUSH', KEYS[2], unpack(ARGV, 7)) end
if ARGV[4] ~= '' then redis.call('PEXPIREAT', KEYS[1], ARGV[4]); redis.call('PEXPIREAT', KEYS[2], ARGV[4]) end
return 1
