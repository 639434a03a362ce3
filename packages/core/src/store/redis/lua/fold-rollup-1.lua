--[[
  Fold a month's roll-up log into its buckets (before a read of them).

  Input:
    KEYS[1] the month's roll-up log
    ARGV[1] the prefix of the month's bucket keys

  Output:
    the number of entries folded
]]
--- @include "includes/fold-rollup-log"
return foldRollupLog(KEYS[1], ARGV[1])
