--[[
  How a budget's sliding windows stand, as a reservation answers it (without reserving): what the router keeps as
  its view of a SIM it has not reserved on lately.

  Input:
    KEYS[1] budget log
    ARGV[1] now
    ARGV[2..n] max and windowMs per limit

  Output:
    usage as includes/budget-log usage_reply
]]
--- @include "includes/fmt"
--- @include "includes/budget-log"
local now = tonumber(ARGV[1])
local limits = {}
for i = 2, #ARGV, 2 do limits[#limits + 1] = { tonumber(ARGV[i]), tonumber(ARGV[i + 1]) } end
return usage_reply({}, log_entries(KEYS[1], now, limits), now, limits)
