-- render.lua -- stage 2 of a handout: an AST from handout.lua (a chapter) or book.lua (the
-- book) -> HTML or LaTeX. Run by build.sh with `-f json -L tools/handouts/render.lua`.
--
-- HTML:  headings get their numbers (1.2, 1.2.1; in the book the chapter headings already
--        say "Chapter N"), a code block that came from a C file gets a title line naming
--        the file and the region, a figure shows its SVG, and a `.live-playground` Div
--        becomes the live playground (instructor edition).
-- LaTeX: the title block and page headers are defined from the metadata (workbook, chapter,
--        edition, date; course, institution and instructor only when config.yaml sets them)
--        before \usepackage{handout} (handout.sty); every code block becomes a listings
--        block, which highlights C and breaks long lines instead of letting them run off the
--        page; sections are numbered by LaTeX as N.k; a figure shows its PDF (vector) at a
--        width from its PNG's pixels, and floats (handout.sty) so that no page is left half
--        empty; a display formula is set as it is, never shrunk (\HOdisplay logs one that is
--        wider than the text, and make test-handouts fails on it).
-- Both: a "predict, then check" box (a Div of class playground) is set apart; when config.yaml
--        names the workbook's own Playground page (playground:), each box links to it with its
--        demo's name. A paragraph that leads in to a listing, table, figure or such a box (it
--        ends with a colon) is kept on the page of what it introduces.
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

-- A PNG's width and height in pixels (from its IHDR chunk), or nil.
local function png_size(path)
  local f = io.open(path, "rb")
  if not f then return nil end
  local head = f:read(24)
  f:close()
  if not head or #head < 24 or head:sub(2, 4) ~= "PNG" then return nil end
  local function u32(i) local b1, b2, b3, b4 = head:byte(i, i + 3); return ((b1 * 256 + b2) * 256 + b3) * 256 + b4 end
  return u32(17), u32(21)
end
local function png_width(path) return (png_size(path)) end

-- The vector version beside a figure's PNG (stage 1 checked that it exists).
local function vector(src, ext) return (src:gsub("%.png$", "." .. ext)) end

local function image_latex(el)
  -- 800 pixels fill the text width; gnuplot's 600-pixel figures get 75% of it
  local px = png_width(el.src)
  if px and not el.attributes["width"] and not el.attributes["height"] then
    el.attributes["width"] = string.format("%d%%", math.min(100, math.floor(px / 8 + 0.5)))
  end
  el.src = vector(el.src, "pdf")
  return el
end

local function image_html(el)
  el.src = vector(el.src, "svg")
  return el
end

-- ---------------------------------------------------------------- predict-then-check boxes

-- The paragraph that links a box to the workbook's own Playground page, when config.yaml names
-- it (playground: URL); the demo's name goes into the URL's fragment.
local function playground_link(div)
  local base = str(meta.playground)
  if base == "" then return nil end
  local url = base .. (base:find("#", 1, true) and "&" or "#") .. "demo=" .. (div.attributes["demo"] or "")
  return pandoc.Para({ pandoc.Str("In"), pandoc.Space(), pandoc.Str("the"), pandoc.Space(),
    pandoc.Str("workbook's"), pandoc.Space(), pandoc.Str("own"), pandoc.Space(),
    pandoc.Link({ pandoc.Str("Playground") }, url), pandoc.Str(".") })
end

local function playground_html(div)
  if not div.classes:includes("playground") then return nil end
  local link = playground_link(div)
  if link then div.content:insert(link) end
  return div
end

local function playground_latex(div)
  if not div.classes:includes("playground") then return nil end
  local link = playground_link(div)
  if link then div.content:insert(link) end
  local out = { pandoc.RawBlock("latex", "\\begin{HOplayground}") }
  for _, b in ipairs(div.content) do out[#out + 1] = b end
  out[#out + 1] = pandoc.RawBlock("latex", "\\end{HOplayground}")
  return out
end

-- ---------------------------------------------------------------- keeping lead-ins (LaTeX)

-- About how many lines a paragraph takes in the PDF (11pt on A4: some 90 characters a line).
local function lines_of(b)
  return math.max(1, math.ceil(#pandoc.utils.stringify(b) / 90))
end

-- A paragraph that introduces what follows it: it ends with a colon.
local function is_lead_in(b)
  if b.t ~= "Para" then return false end
  local last = b.content[#b.content]
  return last ~= nil and last.t == "Str" and last.text:match(":$") ~= nil
end

-- A table of a few rows, without a caption, that handout.sty sets as one unbreakable tabular
-- (\HOshorttable): longtable's own output routine lets a figure floating onto the same page
-- run past the page's bottom. Longer tables stay longtables, free to break across pages.
local function short_table(b)
  if b.t ~= "Table" then return false end
  local rows = 0
  for _, body in ipairs(b.bodies or {}) do rows = rows + #body.body end
  local caption = b.caption and b.caption.long or {}
  return rows <= 15 and #caption == 0
end

-- \HOneedspace before a listing, table, list or box: make sure its start fits on the page,
-- and move that check above the headings and lead-in paragraphs just before it (adding their
-- lines), so that neither is left alone at the bottom of a page.
local function keep_together(blocks)
  local function needs(b)
    if b.t == "RawBlock" and b.format == "latex" then
      local n = b.text:match("^\\HOneedspace{(%d+)\\baselineskip}")
      if n then return tonumber(n), true end
      if b.text:match("^\\begin{HOplayground}") then return 9, false end
    elseif b.t == "Table" then
      return math.min(#(b.bodies and b.bodies[1] and b.bodies[1].body or {}) + 4, 14), false
    elseif b.t == "BulletList" or b.t == "OrderedList" then
      return 4, false
    end
    return nil
  end
  -- a paragraph that is only a display formula ($$...$$ set apart in the notes)
  local function display_only(b)
    if b.t ~= "Para" then return false end
    local seen = false
    for _, el in ipairs(b.content) do
      if el.t == "Math" and el.mathtype == "DisplayMath" then seen = true
      elseif el.t ~= "Space" and el.t ~= "SoftBreak" and not (el.t == "Str" and el.text:match("^[.,;:]$")) then return false end
    end
    return seen
  end
  local out = pandoc.List()
  for _, b in ipairs(blocks) do
    -- a display stays on the page of the paragraph before it, as inside a paragraph
    if display_only(b) and #out > 0 and (out[#out].t == "Para" or out[#out].t == "Plain") then
      out:insert(pandoc.RawBlock("latex", "\\nopagebreak"))
    end
    local n, own = needs(b)
    if n then
      -- the headings and lead-ins right before it join it
      local extra, moved = 0, {}
      while #out > 0 and (out[#out].t == "Header" or is_lead_in(out[#out])) do
        local prev = table.remove(out)
        extra = extra + (prev.t == "Header" and 3 or lines_of(prev))
        table.insert(moved, 1, prev)
      end
      if #moved > 0 or not own then
        out:insert(pandoc.RawBlock("latex", "\\HOneedspace{" .. (n + extra) .. "\\baselineskip}"))
      end
      for _, m in ipairs(moved) do out:insert(m) end
      if own and #moved > 0 then
        -- the block's own check is now above; keep the block without it
        b = pandoc.RawBlock("latex", (b.text:gsub("^\\HOneedspace{%d+\\baselineskip}\n", "")))
      end
    end
    if short_table(b) then
      out:insert(pandoc.RawBlock("latex", "\\begingroup\\HOshorttable"))
      out:insert(b)
      out:insert(pandoc.RawBlock("latex", "\\endgroup"))
    else
      out:insert(b)
    end
  end
  return out
end

-- ---------------------------------------------------------------- the live playground (HTML)

-- A Div `::: {.live-playground settings="dataset=xor&networkShape=4"}` holds a static figure,
-- which the PDF keeps. In the instructor's HTML it becomes the playground itself (playground/,
-- the reference build): the single file $PLAYGROUND_HTML (handouts.mk sets it) inside an
-- iframe's srcdoc, started with those settings. A script after it sizes each iframe to its page.
-- The student and lecture editions keep the figure: the reference build is the reference
-- solution, compiled, and students have make playground, which builds the same page from their
-- own files.
local playground_page
local playground_count = 0

local function live_playground_html(div)
  if not div.classes:includes("live-playground") then return nil end
  local settings = div.attributes["settings"] or ""
  if str(meta.edition) ~= "instructor" then
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
    blocks = pandoc.Pandoc(blocks, meta):walk({ CodeBlock = code_html, Image = image_html,
      Div = function(div) return live_playground_html(div) or playground_html(div) end }).blocks
    meta.pagetitle = pandoc.MetaString(str(meta.title) .. " -- " .. str(meta.workbook) ..
      " (" .. str(meta["edition-label"]) .. ")")
  elseif FORMAT:match("latex") then
    local topics = {}
    for _, c in ipairs(meta.chapters or {}) do topics[str(c.chapter)] = c.topic end
    blocks = pandoc.Pandoc(blocks, meta):walk({
      CodeBlock = code_latex,
      Image = image_latex,
      Header = function(h)
        if h.classes:includes("front") then   -- the front matter: its own running header
          return { h, pandoc.RawBlock("latex", "\\markboth{" .. latex_of(h.content) .. "}{}") }
        end
        return chapter_latex(h, topics)
      end,
    }).blocks
    blocks = pandoc.Pandoc(blocks, meta):walk({ Div = playground_latex }).blocks
    blocks = keep_together(blocks)
    blocks = pandoc.Pandoc(blocks, meta):walk({ Para = breakable_code_in, Plain = breakable_code_in }).blocks
    meta["header-includes"] = latex_header()
    meta.documentclass = pandoc.MetaString(is_book and "report" or "article")
  end
  return pandoc.Pandoc(blocks, meta)
end
