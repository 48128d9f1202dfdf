-- wrk script: a different two-letter search on each request (676 in turn), so the results the
-- server keeps for repeated searches do not serve it: the cost of a search itself.
local words = {}
local letters = "abcdefghijklmnopqrstuvwxyz"
for i = 1, #letters do
  for j = 1, #letters do
    words[#words + 1] = letters:sub(i, i) .. letters:sub(j, j)
  end
end
local n = 0
request = function()
  n = n + 1
  return wrk.format(nil, "/search?kind=people&page=2&q=" .. words[(n % #words) + 1])
end
