--[[
  The earliest time a job becomes claimable: a waiting job's dueAt or a lease's end.

  Input:
    KEYS[1] meta hash: per job `<priority>|<dueAt>|<attempts>`
    KEYS[2] payload hash: per job its JSON payload
    KEYS[3] delayed: jobs by dueAt
    KEYS[4] ready: due jobs by readyScore(priority, dueAt)
    KEYS[5] ready by dueAt
    KEYS[6] leased: claimed jobs by lease end

  Output:
    that time, or nil
]]
--- @include "includes/queue-job"
local best = nil
for _, k in ipairs({ KEYS[3], KEYS[5], KEYS[6] }) do
  local f = redis.call('ZRANGE', k, 0, 0, 'WITHSCORES')
  if f[2] then
    local s = tonumber(f[2])
    if not best or s < best then best = s end
  end
end
if best then return fmt(best) end
return false
