--[[
  Lower a partitioned queue's due board: each partition's time becomes the given one if that is earlier (or the
  partition is new). Runs before a write that may make a partition due sooner, so the board never shows a
  partition later than its work (see queue/redis-board.ts).

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
