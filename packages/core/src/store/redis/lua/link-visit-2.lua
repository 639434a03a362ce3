--[[
  The redirect's one step: resolve a short link from its partition's copy and append the hit to the partition's log.

  Input:
    KEYS[1] the link's copy in its hit partition (string, link JSON)
    KEYS[2] the partition's hit log (stream)
    ARGV[1] code
    ARGV[2] '1' for a bot, else '0'
    ARGV[3] visitor identity
    ARGV[4] visit time, epoch ms

  Output:
    the link JSON, or false (nothing logged) when the partition holds no copy
]]
local d = redis.call('GET', KEYS[1])
if not d then return false end
redis.call('XADD', KEYS[2], '*', 'c', ARGV[1], 'b', ARGV[2], 'v', ARGV[3], 'a', ARGV[4])
return d
