--[[
  Find an API key record by the hash of the key.

  Input:
    KEYS[1] records hash
    KEYS[2] by-hash index
    ARGV[1] hash

  Output:
    the record json, or nil
]]
local id = redis.call('HGET', KEYS[2], ARGV[1])
if not id then return false end
return redis.call('HGET', KEYS[1], id)
