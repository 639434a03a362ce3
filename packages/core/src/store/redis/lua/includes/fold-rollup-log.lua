--- @include "fmt"
-- Fold a month's roll-up log (see rollups/redis.ts) into its bucket hashes and empty it. Each entry is one record's
-- difference, JSON: [bucket suffix, [field, n, field, n, ...], ...]. The entries are summed first, so a burst of
-- records on the same buckets costs one HMGET and one HSET per bucket, not one HINCRBY per field and record. The
-- bucket keys are `prefix .. suffix`, all under the log's month tag (one slot on Cluster).
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
    local names = {}
    for _, f in ipairs(m.names) do
      if m.fields[f] ~= 0 then names[#names + 1] = f end
    end
    if #names > 0 then
      -- Two commands a bucket, however many fields: read the touched fields, write their new values at once.
      local old = redis.call('HMGET', k, unpack(names))
      local set = {}
      local gone = {}
      for i, f in ipairs(names) do
        local v = (tonumber(old[i]) or 0) + m.fields[f]
        if v == 0 then
          if old[i] then gone[#gone + 1] = f end
        else
          set[#set + 1] = f
          set[#set + 1] = fmt(v)
        end
      end
      if #set > 0 then redis.call('HSET', k, unpack(set)) end
      if #gone > 0 then redis.call('HDEL', k, unpack(gone)) end
    end
  end
  return #entries
end
