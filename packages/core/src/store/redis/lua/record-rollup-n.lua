--[[
  Record roll-up states of several messages created in one month: for each, compare-and-set its stored state, and
  append the differences to the month's roll-up log (one RPUSH), folded into the buckets once it holds ARGV[1]
  entries (and before every read). Every key shares the month's tag.

  Input:
    KEYS[1] the month's roll-up log
    KEYS[2..n] the states hashes of the messages' hours
    ARGV[1] fold the log when it holds this many entries
    ARGV[2] the prefix of the month's bucket keys
    ARGV[3..] per message, seven: its states hash (index into KEYS), message id, the stored state the difference was
      computed from (empty for none), the new state, keep the states hash until (ms, empty for ever), 1 to set the
      expiry (a new state or a changed keep-until; else the hash's expiry already covers it), the difference as a
      log entry (see includes/fold-rollup-log; empty for none)

  Output:
    per message: 1 applied, or the stored state ('' for none) when it is not the one given (nothing written for it)
]]
--- @include "includes/fold-rollup-log"
local out = {}
local entries = {}
for i = 3, #ARGV, 7 do
  local key = KEYS[tonumber(ARGV[i])]
  local id = ARGV[i + 1]
  local cur = redis.call('HGET', key, id) or ''
  if cur ~= ARGV[i + 2] then
    out[#out + 1] = cur
  else
    local setExpiry = ARGV[i + 5] == '1'
    local existed = 1
    if setExpiry and cur == '' then existed = redis.call('EXISTS', key) end
    redis.call('HSET', key, id, ARGV[i + 3])
    if setExpiry then
      if ARGV[i + 4] == '' then
        redis.call('PERSIST', key)
      elseif existed == 0 then
        redis.call('PEXPIREAT', key, ARGV[i + 4])
      else
        redis.call('PEXPIREAT', key, ARGV[i + 4], 'GT')
      end
    end
    if ARGV[i + 6] ~= '' then entries[#entries + 1] = ARGV[i + 6] end
    out[#out + 1] = 1
  end
end
if #entries > 0 and redis.call('RPUSH', KEYS[1], unpack(entries)) >= tonumber(ARGV[1]) then
  foldRollupLog(KEYS[1], ARGV[2])
end
return out
