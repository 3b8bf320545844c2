-- render.lua -- stage 2 of a handout: an AST from handout.lua (a chapter) or book.lua (the
-- book) -> HTML or LaTeX. Run by build.sh with `-f json -L tools/handouts/render.lua`.
--
-- HTML:  headings get their numbers (1.2, 1.2.1; in the book the chapter headings already
--        say "Chapter N"), a code block that came from a C file gets a title line naming
--        the file and the region, and a `.playground` Div becomes the live playground.
-- LaTeX: the title block and page headers are defined from the metadata (workbook, chapter,
--        edition, date; course, institution and instructor only when config.yaml sets them)
--        before \usepackage{handout} (handout.sty); every code block becomes a listings
--        block, which highlights C and breaks long lines instead of letting them run off the
--        page; sections are numbered by LaTeX as N.k; figures get a width from their pixels.
-- Left out on purpose: anything that reads the notes or C files (that is stage 1).

local meta
local is_book = false

local function to_inlines(v)
  if v == nil then return nil end
  if type(v) == "string" then return { pandoc.Str(v) } end
  if type(v) == "boolean" then return { pandoc.Str(tostring(v)) } end
  if v.t == "MetaString" then return { pandoc.Str(v.text or v[1]) } end
  if v.t == "MetaBlocks" then return { pandoc.Str(pandoc.utils.stringify(v)) } end
  return v
end

local function latex_of(v)
  local inl = to_inlines(v)
  if not inl then return "" end
  local s = pandoc.write(pandoc.Pandoc({ pandoc.Plain(inl) }), "latex")
  return (s:gsub("%s+$", ""))
end

local function str(v) return v and pandoc.utils.stringify(v) or "" end

-- ---------------------------------------------------------------- numbering (HTML)

local function number_headers(blocks)
  local counters = { 0, 0, 0, 0, 0, 0 }
  local chapter = str(meta.chapter)
  return pandoc.Pandoc(blocks, meta):walk({
    Header = function(h)
      if h.classes:includes("unnumbered") then return nil end
      if h.classes:includes("chapter") then
        chapter = h.attributes["chapter"] or chapter
        counters = { 0, 0, 0, 0, 0, 0 }
        return nil
      end
      -- in the book, level 2 is a section of the chapter; in a chapter, level 1 is
      local depth = is_book and h.level - 1 or h.level
      if depth < 1 then return nil end
      counters[depth] = counters[depth] + 1
      for i = depth + 1, #counters do counters[i] = 0 end
      local parts = { tostring(tonumber(chapter) or chapter) }
      for i = 1, depth do parts[#parts + 1] = tostring(counters[i]) end
      local num = table.concat(parts, ".")
      local content = pandoc.List({ pandoc.Span({ pandoc.Str(num) }, pandoc.Attr("", { "header-section-number" })),
        pandoc.Space() })
      content:extend(h.content)
      h.content = content
      return h
    end,
  }).blocks
end

-- ---------------------------------------------------------------- code blocks

local lst_language = { c = "C", h = "C", cpp = "C++", sh = "bash", bash = "bash", shell = "bash",
  console = "bash", make = "make", makefile = "make", python = "Python", lua = "[5.3]Lua", gnuplot = "Gnuplot" }

local function latex_detok(s)
  -- for a file or region name in the listing's title: typewriter, underscores as they are
  return "\\texttt{\\detokenize{" .. s:gsub("[{}\\%%#]", "") .. "}}"
end

local function code_latex(el)
  local opts = { "style=handout" }
  for _, c in ipairs(el.classes) do
    if lst_language[c] then opts[#opts + 1] = "language={" .. lst_language[c] .. "}" break end
  end
  if el.attributes["source"] then
    local t = latex_detok(el.attributes["source"])
    if el.attributes["region"] then t = t .. "\\quad " .. latex_detok(el.attributes["region"]) end
    opts[#opts + 1] = "title={" .. t .. "}"
  end
  -- listings needs no escaping; only its own end marker would end the block early
  if el.text:find("\\end{lstlisting}", 1, true) then
    io.stderr:write("render.lua: a code block contains \\end{lstlisting}\n")
    os.exit(1)
  end
  -- keep a listing of up to 16 lines on one page; a longer one starts with at least 8 lines
  local _, nl = el.text:gsub("\n", "")
  local keep = math.min(nl + 1, 16) + (el.attributes["source"] and 2 or 1)
  if nl + 1 > 16 then keep = 10 end
  return pandoc.RawBlock("latex", "\\HOneedspace{" .. keep .. "\\baselineskip}\n" ..
    "\\begin{lstlisting}[" .. table.concat(opts, ",") .. "]\n" ..
    el.text .. "\n\\end{lstlisting}")
end

local function code_html(el)
  if not el.attributes["source"] then return nil end
  local title = { pandoc.Code(el.attributes["source"]) }
  if el.attributes["region"] then
    title[#title + 1] = pandoc.Space()
    title[#title + 1] = pandoc.Span({ pandoc.Str(el.attributes["region"]) }, pandoc.Attr("", { "region" }))
  end
  local edition = str(meta.edition)
  el.attributes["source"], el.attributes["region"] = nil, nil
  return pandoc.Div({ pandoc.Div({ pandoc.Plain(title) }, pandoc.Attr("", { "listing-title" })), el },
    pandoc.Attr("", { "listing", edition }))
end

-- Inline code in running text (LaTeX): pandoc's \texttt, with line breaks allowed after
-- , ( [ and / too, so that a long signature in a paragraph does not run into the margin.
-- Headings keep pandoc's own (\allowbreak has no place in a PDF bookmark).
local function breakable_code(c)
  local s = pandoc.write(pandoc.Pandoc({ pandoc.Plain({ c }) }), "latex"):gsub("%s+$", "")
  return pandoc.RawInline("latex", (s:gsub("([,%(%[/])", "%1\\allowbreak{}")))
end
-- Display math: \HOdisplay (handout.sty) scales a formula wider than the text to fit.
local function display_math(m)
  if m.mathtype == "DisplayMath" then return pandoc.RawInline("latex", "\\HOdisplay{" .. m.text .. "}") end
end
local function breakable_code_in(block)
  return pandoc.walk_block(block, { Code = breakable_code, Math = display_math })
end

-- ---------------------------------------------------------------- figures (LaTeX)

-- A PNG's width in pixels (from its IHDR chunk), or nil.
local function png_width(path)
  local f = io.open(path, "rb")
  if not f then return nil end
  local head = f:read(24)
  f:close()
  if not head or #head < 24 or head:sub(2, 4) ~= "PNG" then return nil end
  local b1, b2, b3, b4 = head:byte(17, 20)
  return ((b1 * 256 + b2) * 256 + b3) * 256 + b4
end

local function image_latex(el)
  if el.attributes["width"] or el.attributes["height"] then return nil end
  -- 800 pixels fill the text width; gnuplot's 600-pixel figures get 75% of it
  local px = png_width(el.src)
  if px then
    el.attributes["width"] = string.format("%d%%", math.min(100, math.floor(px / 8 + 0.5)))
    return el
  end
end

-- ---------------------------------------------------------------- the live playground (HTML)

-- A Div `::: {.playground settings="dataset=xor&networkShape=4"}` holds a static figure, which
-- the PDF keeps. In HTML it becomes the playground itself (playground/, the reference build):
-- the single file $PLAYGROUND_HTML (handouts.mk sets it) inside an iframe's srcdoc, started with
-- those settings. A script after it sizes each iframe to its page. The student edition keeps
-- the figure: the reference build is the reference solution, compiled, and students have
-- make playground, which builds the same page from their own files.
local playground_page
local playground_count = 0

local function playground_html(div)
  if not div.classes:includes("playground") then return nil end
  local settings = div.attributes["settings"] or ""
  if str(meta.edition) == "student" then
    div.content:insert(pandoc.Para({ pandoc.Str("Train it yourself: "), pandoc.Code("make playground"),
      pandoc.Str(" builds this page from your own chapters 5 and 6 (settings: "),
      pandoc.Code("#" .. settings), pandoc.Str(").") }))
    return div
  end
  if not settings:match("^[%w=&,._-]*$") then
    io.stderr:write("render.lua: playground settings \"" .. settings .. "\" may hold only letters, digits and = & , . _ -\n")
    os.exit(1)
  end
  if not playground_page then
    local path = os.getenv("PLAYGROUND_HTML") or ""
    local f = path ~= "" and io.open(path, "r")
    if not f then
      io.stderr:write("render.lua: a playground needs the file PLAYGROUND_HTML (make playground builds it); got \"" .. path .. "\"\n")
      os.exit(1)
    end
    playground_page = f:read("a")
    f:close()
  end
  playground_count = playground_count + 1
  local page = playground_page:gsub("<head>", function()
    return "<head><script>window.PLAYGROUND_EMBED = { settings: \"" .. settings .. "\" };</script>"
  end, 1)
  local srcdoc = page:gsub("&", "&amp;"):gsub('"', "&quot;")
  local html = '<div class="playground-live" style="width: min(1160px, 96vw); position: relative; left: 50%; transform: translateX(-50%); margin: 1.5em 0;">' ..
    '<iframe class="playground-frame" title="The playground, live: the reference C compiled to WebAssembly" srcdoc="' .. srcdoc ..
    '" style="width: 100%; height: 760px; border: 1px solid #ccc; border-radius: 4px; background: #f7f7f7;"></iframe>' ..
    '<p style="font-size: 0.85em; color: #555; margin: 0.3em 0 0 0;">Live: the reference solution of chapters 5 and 6, compiled to WebAssembly, in your browser (press the round button to train). ' ..
    '<code>make playground</code> builds the same page from your own files. Settings: <code>#' .. settings .. '</code></p></div>'
  if playground_count == 1 then
    html = html .. '<script>addEventListener("message", function (e) {' ..
      ' var h = e.data && e.data.playgroundHeight; if (!h) return;' ..
      ' document.querySelectorAll("iframe.playground-frame").forEach(function (f) {' ..
      ' if (f.contentWindow === e.source) f.style.height = (h + 4) + "px"; }); });</script>'
  end
  return pandoc.RawBlock("html", html)
end

-- ---------------------------------------------------------------- LaTeX preamble

local function latex_header()
  local defs = {
    { "HOworkbook", latex_of(meta.workbook) },
    { "HOsubtitle", latex_of(meta.subtitle) },
    { "HOtitle", latex_of(meta.title) },
    { "HOtopic", latex_of(meta.topic or meta.title) },
    { "HOchapter", str(meta["chapter-number"]) },
    { "HOedition", latex_of(meta["edition-label"]) },
    { "HOdate", latex_of(meta.date) },
    { "HOcourse", latex_of(meta.course) },
    { "HOinstitution", latex_of(meta.institution) },
    { "HOinstructor", latex_of(meta.instructor) },
  }
  local out = { "% from tools/handouts/config.yaml and the notes (render.lua)" }
  for _, d in ipairs(defs) do out[#out + 1] = "\\newcommand{\\" .. d[1] .. "}{" .. d[2] .. "}" end
  out[#out + 1] = is_book and "\\newif\\ifHObook\\HObooktrue" or "\\newif\\ifHObook\\HObookfalse"
  out[#out + 1] = "\\usepackage{handout}"
  if not is_book then
    out[#out + 1] = "\\renewcommand{\\thesection}{" .. str(meta["chapter-number"]) .. ".\\arabic{section}}"
  end
  local blocks = {}
  for _, l in ipairs(out) do blocks[#blocks + 1] = pandoc.RawBlock("latex", l) end
  return pandoc.MetaBlocks(blocks)
end

-- In the book, a chapter heading: LaTeX numbers it from the folder's number, and shows the
-- topic ("The perceptron") under its "Chapter 1".
local function chapter_latex(h, topics)
  if not h.classes:includes("chapter") then return nil end
  local nn = h.attributes["chapter"]
  local n = tonumber(nn)
  if topics[nn] then h.content = to_inlines(topics[nn]) end
  return { pandoc.RawBlock("latex", "\\setcounter{chapter}{" .. (n - 1) .. "}"), h }
end

function Pandoc(doc)
  meta = doc.meta
  is_book = meta.book == true or (type(meta.book) == "table" and str(meta.book) == "true")
  local blocks = doc.blocks
  if FORMAT:match("html") then
    blocks = number_headers(blocks)
    blocks = pandoc.Pandoc(blocks, meta):walk({ CodeBlock = code_html, Div = playground_html }).blocks
    meta.pagetitle = pandoc.MetaString(str(meta.title) .. " -- " .. str(meta.workbook) ..
      " (" .. str(meta["edition-label"]) .. ")")
  elseif FORMAT:match("latex") then
    local topics = {}
    for _, c in ipairs(meta.chapters or {}) do topics[str(c.chapter)] = c.topic end
    blocks = pandoc.Pandoc(blocks, meta):walk({
      CodeBlock = code_latex,
      Image = image_latex,
      Header = function(h) return chapter_latex(h, topics) end,
    }).blocks
    blocks = pandoc.Pandoc(blocks, meta):walk({ Para = breakable_code_in, Plain = breakable_code_in }).blocks
    meta["header-includes"] = latex_header()
    meta.documentclass = pandoc.MetaString(is_book and "report" or "article")
  end
  return pandoc.Pandoc(blocks, meta)
end
