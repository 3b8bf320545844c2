-- handout.lua -- stage 1 of a handout: one chapter's notes.md -> its AST for one edition.
--
-- Run by build.sh as
--   pandoc chapters/NN-topic/notes.md -t json -L tools/handouts/handout.lua \
--          --metadata-file tools/handouts/config.yaml -M edition=student|instructor|lecture \
--          -M depfile=OUT.dep -M deptarget=OUT.json -o OUT.json
-- and does, for both the HTML and the PDF of that edition (stage 2 is render.lua):
--   * code from the code: an empty block ```{.c include="01_perceptron.c" region="NAME"}```
--     is filled, in the student edition, with the skeleton's block (skeletons/01_perceptron.c,
--     the lines `// TODO(ch01 NAME):` .. `// END TODO(ch01 NAME)`), in the instructor edition
--     with the solution's region (solutions/01_perceptron.c between `// @begin NAME` and
--     `// @end NAME`, without the `// @todo`, `// @formula`, `// @challenge` and `// @stub`
--     lines); dedented either way;
--   * the lecture edition, for handing out in class, is the notes without the workbook's own
--     sections (LECTURE_DROPS below: the exercises with their stubs and contracts, how the
--     grader checks them, the planted bugs): no code of skeletons/ or solutions/ at all;
--   * figures: `![caption](fig/NAME.png)` must exist in the chapter folder, with NAME.svg (for
--     the HTML) and NAME.pdf (for the PDF) beside it; the path becomes absolute, so that later
--     stages can run anywhere;
--   * the notes and the code they pull in must be ASCII (pdflatex);
--   * metadata for the title block: chapter number, edition, date (today unless set);
--   * a make dependency file: the notes, the C files and figures it used.
-- chapters/notation.md, the book's front matter, goes through the same checks (ASCII,
-- figures) without a chapter number.
-- Every problem is reported as FILE:LINE: message, all of them, then pandoc stops (status 1),
-- so a missing region or figure fails the build rather than giving a broken handout.
-- Left out on purpose: includes by line numbers, and files outside skeletons/ and solutions/.

-- The level-1 sections the lecture edition leaves out, by title: they are about the workbook's
-- code and grader, not the lecture's ideas (about a third of a chapter).
local LECTURE_DROPS = { ["The exercises"] = true, ["Checking your work"] = true,
  ["Common mistakes"] = true }

local errors = {}
local deps = {}           -- files this chapter's AST was made from, for make
local notes_path, notes_lines, chapter_dir, chapter_nn
local edition

local function fail(msg) errors[#errors + 1] = msg end

local function read_lines(path)
  local f = io.open(path, "r")
  if not f then return nil end
  local t = {}
  for l in f:lines() do t[#t + 1] = l end
  f:close()
  return t
end

local function file_exists(path)
  local f = io.open(path, "r")
  if f then f:close() return true end
  return false
end

-- The first line of the notes containing `needle` (plain text), for FILE:LINE messages.
local function line_of(needle)
  for i, l in ipairs(notes_lines or {}) do
    if l:find(needle, 1, true) then return i end
  end
  return 0
end

local function escape_pattern(s) return (s:gsub("[%^%$%(%)%%%.%[%]%*%+%-%?]", "%%%0")) end

-- Non-ASCII bytes (anything but printable ASCII and tab) in `lines`, reported as FILE:LINE:COL.
local function check_ascii(path, lines, first_line)
  local n = 0
  for i, l in ipairs(lines) do
    local col = l:find("[^\t\32-\126]")
    if col then
      local bad = l:match("[\128-\255]+", col) or l:sub(col, col)
      fail(string.format("%s:%d:%d: non-ASCII text %q (the PDF goes through pdflatex: write it in TeX, e.g. $\\eta$ for the Greek letter)",
        path, (first_line or 1) + i - 1, col, bad))
      n = n + 1
      if n == 5 then fail(path .. ": (more non-ASCII lines not shown)") return end
    end
  end
end

local function dedent(lines)
  local min
  for _, l in ipairs(lines) do
    if l:match("%S") then
      local n = #l:match("^[ \t]*")
      if not min or n < min then min = n end
    end
  end
  local out = {}
  for i, l in ipairs(lines) do out[i] = l:sub((min or 0) + 1):gsub("%s+$", "") end
  -- no blank lines at either end
  while #out > 0 and out[1] == "" do table.remove(out, 1) end
  while #out > 0 and out[#out] == "" do table.remove(out) end
  return out
end

-- The student's view of region `name`: the skeleton's TODO block, both marker lines included.
local function skeleton_region(lines, name)
  local open = "^%s*// TODO%(ch%d+ " .. escape_pattern(name) .. "%):%s*$"
  local close = "^%s*// END TODO%(ch%d+ " .. escape_pattern(name) .. "%)%s*$"
  local first, sel = nil, {}
  for i, l in ipairs(lines) do
    if not first and l:match(open) then first = i end
    if first then
      sel[#sel + 1] = l
      if l:match(close) then return sel, first end
    end
  end
  if first then return nil, first, "has `// TODO(chNN " .. name .. "):` but no `// END TODO(chNN " .. name .. ")`" end
  return nil, nil, "has no block `// TODO(chNN " .. name .. "):` .. `// END TODO(chNN " .. name .. ")`"
end

-- The instructor's view: the solution between the markers, without them and the contract's
-- lines (@todo, @formula, @challenge) and the @stub lines.
local function solution_region(lines, name)
  local open = "^%s*// @begin " .. escape_pattern(name) .. "%s*$"
  local close = "^%s*// @end " .. escape_pattern(name) .. "%s*$"
  local first, sel = nil, {}
  for i, l in ipairs(lines) do
    if not first then
      if l:match(open) then first = i end
    elseif l:match(close) then
      return sel, first + 1
    elseif not l:match("^%s*// @todo") and not l:match("^%s*// @stub") and
           not l:match("^%s*// @formula") and not l:match("^%s*// @challenge") then
      sel[#sel + 1] = l
    end
  end
  if first then return nil, first, "has `// @begin " .. name .. "` but no `// @end " .. name .. "`" end
  return nil, nil, "has no region `// @begin " .. name .. "` .. `// @end " .. name .. "`"
end

local function include_code(el)
  local file = el.attributes["include"]
  local region = el.attributes["region"]
  local where = notes_path .. ":" .. line_of('include="' .. file .. '"' .. (region and (' region="' .. region .. '"') or ""))
  if region then
    local l = line_of('region="' .. region .. '"')
    if l > 0 then where = notes_path .. ":" .. l end
  end
  if file:find("/") or file:find("^%.") then
    fail(where .. ": include=\"" .. file .. "\" must name a file of skeletons/ and solutions/, e.g. 01_perceptron.c")
    return el
  end
  if not region or not region:match("^[A-Za-z0-9_]+$") then
    fail(where .. ": include=\"" .. file .. "\" needs region=\"NAME\" (a // @begin NAME region of solutions/" .. file .. ")")
    return el
  end
  local folder = edition == "student" and "skeletons" or "solutions"
  local path = folder .. "/" .. file
  deps[#deps + 1] = path
  local lines = read_lines(path)
  if not lines then
    fail(where .. ": cannot read " .. path .. " (named by include=\"" .. file .. "\", region \"" .. region .. "\")")
    return el
  end
  local sel, first, why
  if edition == "student" then
    sel, first, why = skeleton_region(lines, region)
  else
    sel, first, why = solution_region(lines, region)
  end
  if not sel then
    fail(where .. ": no region \"" .. region .. "\" in " .. path .. (first and (":" .. first) or "") .. ": it " .. why)
    return el
  end
  check_ascii(path, sel, first)
  for _, l in ipairs(sel) do
    if l:find("\\end{lstlisting}", 1, true) then fail(path .. ": region " .. region .. " contains \\end{lstlisting}") end
  end
  el.text = table.concat(dedent(sel), "\n")
  el.attributes["include"] = nil
  el.attributes["source"] = path
  return el
end

local function check_image(el)
  local src = el.src
  if src:match("^%a[%w+.-]*:") then
    fail(notes_path .. ":" .. line_of(src) .. ": figure " .. src .. " is not a file of the chapter (handouts never fetch anything)")
    return el
  end
  local path = chapter_dir .. "/" .. src
  deps[#deps + 1] = path
  local draw = chapter_nn and ("; make figures CH=" .. chapter_nn .. " draws the reference figures") or ""
  if not file_exists(path) then
    fail(notes_path .. ":" .. line_of(src) .. ": figure " .. src .. " does not exist (" .. path .. ")" .. draw)
    return el
  end
  -- the vector versions the handouts use: SVG in the HTML, PDF in the PDF
  if src:match("%.png$") then
    for _, ext in ipairs({ "svg", "pdf" }) do
      local v = path:gsub("%.png$", "." .. ext)
      deps[#deps + 1] = v
      if not file_exists(v) then
        fail(notes_path .. ":" .. line_of(src) .. ": figure " .. src .. " has no " .. ext:upper() ..
          " beside it (" .. v .. ")" .. draw)
      end
    end
  end
  local f = io.open(path, "rb")
  local size = f:seek("end")
  f:close()
  if size == 0 then fail(notes_path .. ":" .. line_of(src) .. ": figure " .. path .. " is empty") end
  el.src = pandoc.path.join({ pandoc.system.get_working_directory(), path })
  return el
end

local months = { "January", "February", "March", "April", "May", "June", "July", "August",
                 "September", "October", "November", "December" }

local function write_depfile(meta)
  local depfile = meta.depfile and pandoc.utils.stringify(meta.depfile)
  local target = meta.deptarget and pandoc.utils.stringify(meta.deptarget)
  if not depfile or depfile == "" or not target then return end
  local f = assert(io.open(depfile, "w"))
  f:write("# written by tools/handouts/handout.lua: what " .. target .. " was made from\n")
  f:write(target .. ":")
  local seen, list = {}, {}
  for _, d in ipairs(deps) do
    if not seen[d] then seen[d] = true; list[#list + 1] = d; f:write(" " .. d) end
  end
  f:write("\n")
  -- as gcc -MP: a file that disappears must not stop make; the filter reports it instead
  for _, d in ipairs(list) do f:write(d .. ":\n") end
  f:close()
end

-- The lecture edition: the blocks without the sections of LECTURE_DROPS (a level-1 heading of
-- that title and everything up to the next level-1 heading) and without any code included
-- from skeletons/ or solutions/.
local function lecture_blocks(blocks)
  local out, dropping = {}, false
  for _, b in ipairs(blocks) do
    if b.t == "Header" and b.level == 1 then
      dropping = LECTURE_DROPS[pandoc.utils.stringify(b.content)] == true
    end
    local code = b.t == "CodeBlock" and b.attributes["include"]
    if not dropping and not code then out[#out + 1] = b end
  end
  return out
end

function Pandoc(doc)
  local meta = doc.meta
  notes_path = PANDOC_STATE.input_files[1]
  if not notes_path or notes_path == "-" then
    io.stderr:write("handout.lua: give the chapter's notes.md as the input file\n")
    os.exit(2)
  end
  notes_path = notes_path:gsub("^%./", "")
  notes_lines = read_lines(notes_path) or {}
  chapter_dir = pandoc.path.directory(notes_path)
  chapter_nn = pandoc.path.filename(chapter_dir):match("^(%d%d)%-")
  local front = pandoc.path.filename(notes_path) == "notation.md"
  if not chapter_nn and not front then
    io.stderr:write(notes_path .. ": the chapter folder must be named NN-topic\n")
    os.exit(2)
  end
  edition = meta.edition and pandoc.utils.stringify(meta.edition) or ""
  if edition ~= "student" and edition ~= "instructor" and edition ~= "lecture" then
    io.stderr:write("handout.lua: -M edition=student, instructor or lecture, not `" .. edition .. "`\n")
    os.exit(2)
  end
  deps[#deps + 1] = notes_path

  check_ascii(notes_path, notes_lines, 1)
  if edition == "lecture" then doc.blocks = lecture_blocks(doc.blocks) end
  doc = doc:walk({
    CodeBlock = function(el) if el.attributes["include"] then return include_code(el) end end,
    Image = check_image,
  })

  if #errors > 0 then
    for _, e in ipairs(errors) do io.stderr:write(e .. "\n") end
    io.stderr:write(string.format("handouts: %d problem(s) in %s (%s edition); nothing written\n",
      #errors, notes_path, edition))
    os.exit(1)
  end

  if front then   -- the book's front matter: checked, no chapter metadata
    write_depfile(meta)
    meta.depfile, meta.deptarget = nil, nil
    meta.front = pandoc.MetaBool(true)
    doc.meta = meta
    return doc
  end
  local n = tonumber(chapter_nn)
  local label = ({ student = "Student", instructor = "Instructor", lecture = "Lecture" })[edition] .. " edition"
  meta.chapter = pandoc.MetaString(chapter_nn)
  meta["chapter-number"] = pandoc.MetaString(tostring(n))
  meta["chapter-dir"] = pandoc.MetaString(chapter_dir)
  meta["edition-label"] = pandoc.MetaInlines({ pandoc.Str(label:match("^%S+")), pandoc.Space(), pandoc.Str("edition") })
  if not meta.title then   -- notes still being written: "Chapter 7 -- Backprop" from the folder
    local topic = pandoc.path.filename(chapter_dir):gsub("^%d%d%-", ""):gsub("[-_]", " ")
    topic = topic:sub(1, 1):upper() .. topic:sub(2)
    meta.title = pandoc.MetaInlines({ pandoc.Str("Chapter"), pandoc.Space(), pandoc.Str(tostring(n)),
      pandoc.Space(), pandoc.Str("\u{2013}"), pandoc.Space(), pandoc.Str(topic) })
  end
  -- The topic alone ("The perceptron" from "Chapter 1 -- The perceptron"), for the book's
  -- numbered chapter headings. Smart punctuation has made "--" an en dash by now.
  local words = meta.title
  local function is(el, t, s) return el and el.t == t and (s == nil or el.text:match(s)) end
  if type(words) == "table" and is(words[1], "Str", "^Chapter$") and is(words[2], "Space")
     and is(words[3], "Str", "^%d+[:.]?$") then
    local i = 4
    if is(words[i], "Space") then i = i + 1 end
    if is(words[i], "Str", "^[-\u{2013}\u{2014}:]+$") then i = i + 1 end
    if is(words[i], "Space") then i = i + 1 end
    local rest = {}
    for j = i, #words do rest[#rest + 1] = words[j] end
    if #rest > 0 then meta.topic = pandoc.MetaInlines(rest) end
  end
  if not meta.topic then meta.topic = meta.title end
  if not meta.date or pandoc.utils.stringify(meta.date) == "" then
    local t = os.date("*t")
    meta.date = pandoc.MetaString(t.day .. " " .. months[t.month] .. " " .. t.year)
  end
  write_depfile(meta)
  meta.depfile, meta.deptarget = nil, nil
  doc.meta = meta
  return doc
end
