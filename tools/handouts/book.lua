-- book.lua -- the whole book of one edition: the chapters' ASTs (stage 1), in order, as one AST.
--
-- Run by build.sh as
--   pandoc /dev/null -f markdown -t json -L tools/handouts/book.lua \
--          --metadata-file tools/handouts/config.yaml -M edition=student \
--          -M book-chapters="AST1.json AST2.json ..." -o book.json
-- The front matter (chapters/notation.md's AST, marked `front` by handout.lua) comes first, as
-- an unnumbered level-1 heading with its title ("Notation"). Then each chapter becomes a
-- level-1 heading (its title, "Chapter 1 -- The perceptron", with the
-- attribute chapter=01 and the class `chapter`), its own headings move one level down, and
-- its identifiers (and the links to them) get the prefix chNN- so that two chapters can both
-- have a section "The figures". The book's metadata keeps each chapter's title and topic for
-- render.lua. Nothing is read from the notes again: the ASTs are already checked.

local function read_file(path)
  local f = io.open(path, "r")
  if not f then
    io.stderr:write("book.lua: cannot read " .. path .. "\n")
    os.exit(1)
  end
  local s = f:read("a")
  f:close()
  return s
end

local function chapter_blocks(doc, nn)
  local prefix = "ch" .. nn .. "-"
  local ids = {}
  local function rename(el)
    if el.identifier and el.identifier ~= "" then
      ids[el.identifier] = true
      el.identifier = prefix .. el.identifier
      return el
    end
  end
  local body = pandoc.Pandoc(doc.blocks, doc.meta):walk({
    Header = function(h)
      h.level = h.level + 1
      return rename(h)
    end,
    Div = rename, Span = rename, CodeBlock = rename, Code = rename, Image = rename,
  })
  body = body:walk({
    Link = function(l)
      local id = l.target:match("^#(.+)$")
      if id and ids[id] then l.target = "#" .. prefix .. id; return l end
    end,
  })
  return body.blocks
end

function Pandoc(doc)
  local list = doc.meta["book-chapters"] and pandoc.utils.stringify(doc.meta["book-chapters"]) or ""
  local blocks, chapters = {}, {}
  for path in list:gmatch("%S+") do
    local doc_i = pandoc.read(read_file(path), "json")
    if doc_i.meta.front then
      blocks[#blocks + 1] = pandoc.Header(1, doc_i.meta.title, pandoc.Attr("front", { "unnumbered", "front" }))
      for _, b in ipairs(doc_i.blocks) do
        if b.t == "Header" then b.level = b.level + 1 end
        blocks[#blocks + 1] = b
      end
    else
      local nn = pandoc.utils.stringify(doc_i.meta.chapter or "")
      if nn == "" then
        io.stderr:write("book.lua: " .. path .. " is not a chapter made by handout.lua\n")
        os.exit(1)
      end
      blocks[#blocks + 1] = pandoc.Header(1, doc_i.meta.title,
        pandoc.Attr("ch" .. nn, { "chapter" }, { chapter = nn }))
      for _, b in ipairs(chapter_blocks(doc_i, nn)) do blocks[#blocks + 1] = b end
      chapters[#chapters + 1] = pandoc.MetaMap({
        chapter = pandoc.MetaString(nn),
        title = doc_i.meta.title,
        topic = doc_i.meta.topic,
        date = doc_i.meta.date,
      })
    end
  end
  if #chapters == 0 then
    io.stderr:write("book.lua: no chapters given (-M book-chapters=\"a.json b.json\")\n")
    os.exit(1)
  end
  local meta = doc.meta
  meta["book-chapters"] = nil
  meta.chapters = pandoc.MetaList(chapters)
  meta.book = pandoc.MetaBool(true)
  local edition = pandoc.utils.stringify(meta.edition or "")
  local label = ({ student = "Student", instructor = "Instructor", lecture = "Lecture" })[edition] or "Instructor"
  meta["edition-label"] = pandoc.MetaInlines({ pandoc.Str(label), pandoc.Space(), pandoc.Str("edition") })
  if not meta.title then meta.title = meta.workbook end
  if not meta.date or pandoc.utils.stringify(meta.date) == "" then
    local months = { "January", "February", "March", "April", "May", "June", "July", "August",
                     "September", "October", "November", "December" }
    local t = os.date("*t")
    meta.date = pandoc.MetaString(t.day .. " " .. months[t.month] .. " " .. t.year)
  end
  return pandoc.Pandoc(blocks, meta)
end
