--- @include "fmt"
-- Fold a month's roll-up log (see rollups/redis.ts) into its bucket hashes and empty it. Each entry is one record's
-- difference, JSON: [bucket suffix, [field, n, field, n, ...], ...]. The entries are summed first, so a burst of
-- records on the same buckets costs one HINCRBY per distinct field, not one per record. The bucket keys are
-- `prefix .. suffix`, all under the log's month tag (one slot on Cluster).
local function foldRollupLog(log, prefix)
  local entries = redis.call('LRANGE', log, 0, -1)
  if #entries == 0 then return 0 end
  redis.call('DEL', log)
  local sums = {}
  local order = {}
  for _, e in ipairs(entries) do
    local d = cjson.decode(e)
    for i = 1, #d, 2 do
      local m = sums[d[i]]
      if m == nil then
        m = { fields = {}, names = {} }
        sums[d[i]] = m
        order[#order + 1] = d[i]
      end
      local fs = d[i + 1]
      for j = 1, #fs, 2 do
        local f = fs[j]
        local v = m.fields[f]
        if v == nil then
          m.names[#m.names + 1] = f
          v = 0
        end
        m.fields[f] = v + fs[j + 1]
      end
    end
  end
  for _, suffix in ipairs(order) do
    local k = prefix .. suffix
    local m = sums[suffix]
    for _, f in ipairs(m.names) do
      local n = m.fields[f]
      if n ~= 0 and redis.call('HINCRBY', k, f, fmt(n)) == 0 then redis.call('HDEL', k, f) end
    end
  end
  return #entries
end
