-- True when hit id a (`<ms>-<seq>`, a stream id) comes after b; every id comes after '' (see links/hits.ts).
local function hitAfter(a, b)
  if b == '' then return true end
  local am, as = string.match(a, '^(%d+)-(%d+)$')
  local bm, bs = string.match(b, '^(%d+)-(%d+)$')
  am, bm = tonumber(am), tonumber(bm)
  if am ~= bm then return am > bm end
  return tonumber(as) > tonumber(bs)
end
