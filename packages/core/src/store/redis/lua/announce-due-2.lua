--[[
  Announce a write to one partition of a queue: lower the partition's time on the due board to the given one
  (unless it is earlier already) and count the write. Runs before the partition write (which counts it too, in
  the partition's `''` field), so the board never shows a partition later than its work, and a claim's settle can
  tell whether a write it did not see is still on its way (see queue/redis-board.ts).

  Input:
    KEYS[1] due board: partition -> a time at or before which it may hold claimable work
    KEYS[2] board writes: partition -> writes announced; `s<partition>` -> `<announced>|<now>` (settle-due-2)
    ARGV[1] ms the board lives on without writes (a missing board makes the next claim visit every partition)
    ARGV[2] partition
    ARGV[3] time

  Output:
    1
]]
redis.call('ZADD', KEYS[1], 'LT', ARGV[3], ARGV[2])
redis.call('PEXPIRE', KEYS[1], ARGV[1])
redis.call('HINCRBY', KEYS[2], ARGV[2], 1)
return 1
