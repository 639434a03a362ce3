-- An integer as text without an exponent: epoch ms and queue scores are too large for tostring.
local function fmt(n) return string.format('%.0f', n) end
