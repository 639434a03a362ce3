--[[
  Add a message's index entries, keeping the first of a repeat (NX): one round trip for both sets of its partition.

  Input:
    KEYS[1] message index by createdAt ms, of the message's partition
    KEYS[2] message index by retainUntil ms, of the same partition
    ARGV[1] message id
    ARGV[2] createdAt ms
    ARGV[3] retainUntil ms, or '' when the message has none

  Output:
    1
]]
redis.call('ZADD', KEYS[1], 'NX', ARGV[2], ARGV[1])
if ARGV[3] ~= '' then redis.call('ZADD', KEYS[2], 'NX', ARGV[3], ARGV[1]) end
return 1
