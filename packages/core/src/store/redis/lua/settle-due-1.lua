--[[
  Set the due board's times of the partitions a claim visited, from what each partition's claim script saw
  (capped by the caller at now + the board's horizon). The only write that may raise a time.

  Input:
    KEYS[1] due board: partition -> a time at or before which it may hold claimable work
    ARGV[1] ms the board lives on without writes
    ARGV[2..n] partition, time pairs

  Output:
    1
]]
for i = 2, #ARGV, 2 do redis.call('ZADD', KEYS[1], ARGV[i + 1], ARGV[i]) end
redis.call('PEXPIRE', KEYS[1], ARGV[1])
return 1
