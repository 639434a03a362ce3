--[[
  Record a message's roll-up state: compare-and-set its stored state, and append the difference to the month's
  roll-up log, folded into the buckets once it holds ARGV[7] entries (and before every read). Both keys share one
  month tag.

  Input:
    KEYS[1] the hour's states hash
    KEYS[2] the month's roll-up log
    ARGV[1] message id
    ARGV[2] the stored state the difference was computed from, or empty for none
    ARGV[3] the new state
    ARGV[4] keep the states hash until (ms), or empty for ever
    ARGV[5] 1: set the expiry (a new state, or a changed keep-until); else the hash's expiry already covers it
    ARGV[6] the difference as a log entry (see includes/fold-rollup-log), or empty for none
    ARGV[7] fold the log when it holds this many entries
    ARGV[8] the prefix of the month's bucket keys

  Output:
    1 applied; {0, stored state or ''} when the stored state is not ARGV[2] (nothing written)
]]
--- @include "includes/fold-rollup-log"
local cur = redis.call('HGET', KEYS[1], ARGV[1]) or ''
if cur ~= ARGV[2] then return { 0, cur } end
local existed = 1
if ARGV[5] == '1' and cur == '' then existed = redis.call('EXISTS', KEYS[1]) end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
if ARGV[5] == '1' then
  if ARGV[4] == '' then
    redis.call('PERSIST', KEYS[1])
  elseif existed == 0 then
    redis.call('PEXPIREAT', KEYS[1], ARGV[4])
  else
    redis.call('PEXPIREAT', KEYS[1], ARGV[4], 'GT')
  end
end
if ARGV[6] ~= '' and redis.call('RPUSH', KEYS[2], ARGV[6]) >= tonumber(ARGV[7]) then
  foldRollupLog(KEYS[2], ARGV[8])
end
return 1
