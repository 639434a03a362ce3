--[[
  Lower a partitioned queue's due board: each partition's time becomes the given one if that is earlier (or the
  partition is new). Writes the board afresh from what every partition holds (queue/redis-board.ts nextDueAt);
  a write to a partition announces itself with announce-due-2 instead.

  Input:
    KEYS[1] due board: partition -> a time at or before which it may hold claimable work
    ARGV[1] ms the board lives on without writes (a missing board makes the next claim visit every partition)
    ARGV[2..n] partition, time pairs

  Output:
    1
]]
for i = 2, #ARGV, 2 do redis.call('ZADD', KEYS[1], 'LT', ARGV[i + 1], ARGV[i]) end
redis.call('PEXPIRE', KEYS[1], ARGV[1])
return 1
