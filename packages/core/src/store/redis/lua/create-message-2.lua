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
    1 created, 0 when the id exists
]]
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('HSET', KEYS[1], 'd', ARGV[1], 'v', ARGV[2])
if ARGV[3] ~= '' then redis.call('HSET', KEYS[1], 'r', ARGV[3]) end
if ARGV[5] ~= '' then redis.call('HSET', KEYS[1], 'o', ARGV[5]) end
if ARGV[6] ~= '' then redis.call('HSET', KEYS[1], 'c', ARGV[6]) end
for i = 7, #ARGV do redis.call('RPUSH', KEYS[2], ARGV[i]) end
if ARGV[4] ~= '' then redis.call('PEXPIREAT', KEYS[1], ARGV[4]); redis.call('PEXPIREAT', KEYS[2], ARGV[4]) end
return 1
