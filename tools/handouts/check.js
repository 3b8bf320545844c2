// check.js -- the checks of the built handouts that need more than grep; run by check.sh.
// Plain node (18 or newer), no packages: headless Chromium is driven through the DevTools
// protocol over a pipe (--remote-debugging-pipe), so no port is opened either.
//
//   node check.js browse SHOTS_DIR PAGE.html...
//       opens each page in headless Chromium (the flags of issue 5, a fresh profile, and every
//       host name mapped to nothing), waits for KaTeX, then checks: no request other than
//       file:, data:, blob: or about:; no raw $...$ left outside code; every span.math rendered
//       by KaTeX without a KaTeX error; every <img> loaded (naturalWidth > 0). Writes into
//       SHOTS_DIR NAME.png (the top of the page), NAME.listing.png, NAME.figure.png,
//       NAME.math.png and NAME.playground.png (the first of each, when there is one) and
//       NAME.txt (the page's text).
//   node check.js text AST.json TEXT.txt [pdf|html]
//       the text of a built handout has the chapter's title, a formula of its notes (as
//       pdftotext writes it) and its code excerpts.
//   node check.js leaks STUDENT_TEXT... -- INSTRUCTOR_TEXT...
//       no line of any solution region (solutions/*.c between // @begin and // @end, less the
//       lines that the skeletons have too) appears in a student text; the instructor texts
//       together do show solution lines (so that the check itself can see them).
//   node check.js layout PDF BBOX.html
//       the page layout of a PDF, from `pdftotext -bbox` (every word and where it is): no page
//       ends with a section heading or with a lead-in line (one that ends with a colon, code
//       aside), and no page but the last, or the last before a chapter, is less than 60%
//       full (the text of its lowest line, figures' labels included, above 60% of the text
//       area). Prints each page's fill.
// Exit status 0 when everything holds, 1 with one line per problem otherwise.
'use strict';
const fs = require('fs');
const path = require('path');
const { spawn } = require('child_process');

const problems = [];
const problem = (msg) => { problems.push(msg); console.log('FAIL ' + msg); };
const finish = () => { process.exit(problems.length ? 1 : 0); };

// ---------------------------------------------------------------- Chromium over a pipe

const CHROMIUM_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

function startBrowser(profile) {
  const bin = process.env.CHROMIUM || 'chromium';
  const args = [...CHROMIUM_FLAGS, `--user-data-dir=${profile}`, '--remote-debugging-pipe',
    // belt and braces: should anything try a host name, it resolves to nothing
    '--host-resolver-rules=MAP * ~NOTFOUND', '--hide-scrollbars', '--mute-audio', 'about:blank'];
  const proc = spawn(bin, args, { stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe'] });
  let stderr = '';
  proc.stderr.on('data', (d) => { stderr += d; if (stderr.length > 20000) stderr = stderr.slice(-10000); });
  const out = proc.stdio[3], inp = proc.stdio[4];
  let nextId = 1, buf = '';
  const pending = new Map();
  const listeners = [];
  inp.on('data', (chunk) => {
    buf += chunk.toString('utf8');
    let i;
    while ((i = buf.indexOf('\0')) >= 0) {
      const msg = JSON.parse(buf.slice(0, i));
      buf = buf.slice(i + 1);
      if (msg.id && pending.has(msg.id)) {
        const { resolve, reject, method } = pending.get(msg.id);
        pending.delete(msg.id);
        if (msg.error) reject(new Error(`${method}: ${msg.error.message}`)); else resolve(msg.result);
      } else if (msg.method) {
        for (const l of listeners) l(msg);
      }
    }
  });
  const exited = new Promise((resolve) => proc.on('exit', (code, sig) => resolve({ code, sig })));
  exited.then(({ code, sig }) => {
    for (const { reject } of pending.values()) reject(new Error(`chromium exited (${code ?? sig}): ${stderr.slice(-2000)}`));
    pending.clear();
  });
  const send = (method, params = {}, sessionId) => new Promise((resolve, reject) => {
    const id = nextId++;
    pending.set(id, { resolve, reject, method });
    out.write(JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) }) + '\0');
  });
  return { proc, send, on: (f) => listeners.push(f), exited };
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function withTimeout(promise, ms, what) {
  let t;
  return Promise.race([promise, new Promise((_, rej) => { t = setTimeout(() => rej(new Error(`timed out after ${ms} ms: ${what}`)), ms); })])
    .finally(() => clearTimeout(t));
}

// What the page says about itself, evaluated in the page once it has loaded.
const PAGE_CHECKS = `(() => {
  const skip = (n) => n.parentElement && n.parentElement.closest('pre, code, script, style, .katex, .math, annotation');
  const raw = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    if (skip(n)) continue;
    const m = n.data.match(/\\$\\$?[^$\\s][^$]*\\$|\\\\\\(|\\\\\\[|\\\\(frac|mathbf|sum|lVert|begin)\\b/);
    if (m) raw.push(n.data.trim().slice(0, 80));
  }
  const math = [...document.querySelectorAll('span.math')];
  const rect = (sel) => {
    const e = document.querySelector(sel);
    if (!e) return null;
    const r = e.getBoundingClientRect();
    return { x: r.left + scrollX, y: r.top + scrollY, width: r.width, height: r.height };
  };
  return {
    title: (document.querySelector('h1.title') || {}).textContent || '',
    math: math.length,
    katex: math.filter((m) => m.querySelector('.katex')).length,
    katexErrors: document.querySelectorAll('.katex-error').length,
    katexLoaded: typeof katex !== 'undefined',
    raw,
    images: [...document.images].map((i) => ({ src: i.getAttribute('src').slice(0, 60), complete: i.complete, w: i.naturalWidth })),
    toc: document.querySelectorAll('nav#TOC a').length,
    height: document.documentElement.scrollHeight,
    shots: { listing: rect('.listing') || rect('pre'), figure: rect('figure'), math: rect('.katex-display'),
      playground: rect('div.playground') },
    text: document.body.innerText,
  };
})()`;

async function browse(shotsDir, pages) {
  fs.mkdirSync(shotsDir, { recursive: true });
  const profile = fs.mkdtempSync(path.join(require('os').tmpdir(), 'handouts-chromium-'));
  const b = startBrowser(profile);
  const requests = new Map();   // sessionId -> [url]
  const failures = new Map();   // sessionId -> [text]
  const loaded = new Map();     // sessionId -> resolve
  b.on((msg) => {
    const s = msg.sessionId;
    if (msg.method === 'Network.requestWillBeSent') (requests.get(s) || []).push(msg.params.request.url);
    if (msg.method === 'Network.loadingFailed') (failures.get(s) || []).push(`${msg.params.errorText} (${msg.params.type})`);
    if (msg.method === 'Page.loadEventFired' && loaded.has(s)) loaded.get(s)();
  });
  try {
    await withTimeout(b.send('Browser.getVersion'), 30000, 'starting chromium');
    for (const page of pages) {
      const name = path.basename(page, '.html');
      const url = 'file://' + path.resolve(page);
      const { targetId } = await b.send('Target.createTarget', { url: 'about:blank' });
      const { sessionId } = await b.send('Target.attachToTarget', { targetId, flatten: true });
      requests.set(sessionId, []);
      failures.set(sessionId, []);
      const send = (m, p) => b.send(m, p, sessionId);
      await send('Network.enable');
      await send('Page.enable');
      await send('Emulation.setDeviceMetricsOverride', { width: 1000, height: 1300, deviceScaleFactor: 1, mobile: false });
      const onLoad = new Promise((resolve) => loaded.set(sessionId, resolve));
      const nav = await send('Page.navigate', { url });
      if (nav.errorText) { problem(`${page}: did not open: ${nav.errorText}`); continue; }
      await withTimeout(onLoad, 60000, `loading ${page}`);
      await send('Runtime.evaluate', { expression: 'document.fonts.ready.then(() => true)', awaitPromise: true });
      await sleep(100);
      const r = (await send('Runtime.evaluate', { expression: PAGE_CHECKS, returnByValue: true })).result.value;
      // the checks of issue 5
      const bad = requests.get(sessionId).filter((u) => !/^(file|data|blob|about):/.test(u));
      if (bad.length) problem(`${page}: requests left the machine: ${bad.slice(0, 5).join(' ')}`);
      if (failures.get(sessionId).length) problem(`${page}: failed loads: ${failures.get(sessionId).slice(0, 5).join('; ')}`);
      if (!r.katexLoaded) problem(`${page}: KaTeX did not load`);
      if (r.math === 0) problem(`${page}: no math at all (span.math)`);
      if (r.katex !== r.math) problem(`${page}: ${r.math - r.katex} of ${r.math} formulas not rendered by KaTeX`);
      if (r.katexErrors) problem(`${page}: ${r.katexErrors} KaTeX errors (red formulas)`);
      if (r.raw.length) problem(`${page}: raw TeX left in the text: ${r.raw.slice(0, 3).map((s) => JSON.stringify(s)).join(', ')}`);
      const broken = r.images.filter((i) => !i.complete || i.w <= 0);
      if (broken.length) problem(`${page}: ${broken.length} of ${r.images.length} images did not load: ${broken.map((i) => i.src).join(', ')}`);
      if (r.toc === 0) problem(`${page}: no table of contents`);
      // what a person looks at: the top of the page, and the first listing, figure and display formula
      const shot = async (file, clip) => {
        const p = { format: 'png' };
        if (clip) Object.assign(p, { clip: { x: 0, y: Math.max(0, clip.y - 40), width: 1000, height: Math.min(clip.height + 80, 1300), scale: 1 }, captureBeyondViewport: true });
        const { data } = await send('Page.captureScreenshot', p);
        fs.writeFileSync(path.join(shotsDir, file), Buffer.from(data, 'base64'));
      };
      await shot(`${name}.png`);
      // The close-ups, for one edition (HANDOUT_SHOTS=top takes the top of each page only), and
      // never of the book, whose first listing, figure and formula are chapter 1's (and whose
      // height makes each capture slow).
      if (process.env.HANDOUT_SHOTS !== 'top' && name !== 'book')
        for (const k of ['listing', 'figure', 'math', 'playground']) if (r.shots[k]) await shot(`${name}.${k}.png`, r.shots[k]);
      fs.writeFileSync(path.join(shotsDir, `${name}.txt`), r.text);
      console.log(`${page}: ${r.math} formulas (KaTeX), ${r.images.length} images, ${r.toc} contents links, ` +
        `${requests.get(sessionId).length} requests (${bad.length ? bad.length + ' NOT local' : 'all file: or data:'}), ${r.height} px tall; "${r.title.trim()}"`);
      await b.send('Target.closeTarget', { targetId });
    }
  } catch (e) {
    problem(`chromium: ${e.message}`);
  } finally {
    try { await withTimeout(b.send('Browser.close'), 5000, 'closing chromium'); } catch (e) { /* killed below */ }
    await withTimeout(b.exited, 5000, 'chromium exit').catch(() => b.proc.kill('SIGKILL'));
    fs.rmSync(profile, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------- text of a handout

// Text as pdftotext and innerText give it, made comparable: no white space, ASCII dashes
// and quotes, no ligatures, no line-break arrows (the PDF's \hookrightarrow comes out of
// pdftotext as ",\u2192").
function flat(s) {
  return s.replace(/[\u2013]/g, '--').replace(/[\u2014]/g, '---').replace(/[\u2212]/g, '-')
    .replace(/[\u2018\u2019]/g, "'").replace(/[\u201c\u201d]/g, '"')
    .replace(/\ufb00/g, 'ff').replace(/\ufb01/g, 'fi').replace(/\ufb02/g, 'fl').replace(/\ufb03/g, 'ffi').replace(/\ufb04/g, 'ffl')
    .replace(/\s+/g, '').replace(/,?[\u21aa\u2192]/g, '');
}

function stringify(inlines) {
  let s = '';
  for (const el of inlines || []) {
    if (el.t === 'Str') s += el.c;
    else if (el.t === 'Space' || el.t === 'SoftBreak' || el.t === 'LineBreak') s += ' ';
    else if (el.t === 'Code' || el.t === 'Math') s += el.c[1];
    else if (Array.isArray(el.c)) s += stringify(Array.isArray(el.c[el.c.length - 1]) ? el.c[el.c.length - 1] : el.c);
  }
  return s;
}

function walk(node, f) {
  if (Array.isArray(node)) { for (const n of node) walk(n, f); return; }
  if (node && typeof node === 'object') {
    if (node.t) f(node);
    if (node.c !== undefined) walk(node.c, f);
  }
}

// A formula's text as pdftotext renders it, for formulas simple enough to predict:
// letters, digits, + - = < > ( ) , . and sub/superscripts (\mathbf{x} is x, x_1 is x1).
function formulaText(tex) {
  let t = tex.replace(/\\(mathbf|mathrm|text|operatorname)\{([^{}]*)\}/g, '$2').replace(/\\[,;! ]/g, ' ');
  if (/[\\&]/.test(t) || !/[=<>]/.test(t)) return null;
  if (!/^[A-Za-z0-9 +\-=<>(),.^_{}]+$/.test(t)) return null;
  t = t.replace(/[{}^_]/g, '');
  return t.replace(/\s+/g, '').length >= 5 ? t : null;
}

function textCheck(astFile, textFile, kind) {
  const ast = JSON.parse(fs.readFileSync(astFile, 'utf8'));
  const text = flat(fs.readFileSync(textFile, 'utf8'));
  const what = `${textFile} (${kind || 'text'})`;
  // the title: in a chapter its topic, in the book every chapter's
  const titles = [];
  if (ast.meta.chapters) {
    for (const c of ast.meta.chapters.c) titles.push(stringify(c.c.topic.c));
  } else {
    titles.push(stringify((ast.meta.topic || ast.meta.title).c));
  }
  for (const t of titles) if (!text.includes(flat(t))) problem(`${what}: the title "${t}" is not in the text`);
  // formulas
  const formulas = [];
  walk(ast.blocks, (el) => { if (el.t === 'Math') { const f = formulaText(el.c[1]); if (f) formulas.push(f); } });
  const found = formulas.filter((f) => text.includes(flat(f)));
  if (formulas.length === 0) console.log(`${what}: no formula simple enough to look for`);
  else if (found.length === 0) problem(`${what}: none of ${formulas.length} formulas found, e.g. "${formulas[0]}"`);
  // code excerpts: every line of every block taken from a C file
  let lines = 0, missing = [];
  walk(ast.blocks, (el) => {
    if (el.t !== 'CodeBlock') return;
    const attrs = Object.fromEntries(el.c[0][2]);
    if (!attrs.source) return;
    for (const l of el.c[1].split('\n')) {
      if (!flat(l)) continue;
      lines++;
      if (!text.includes(flat(l))) missing.push(`${attrs.source} ${attrs.region}: ${l.trim()}`);
    }
  });
  if (missing.length) problem(`${what}: ${missing.length} of ${lines} code lines missing, e.g. ${JSON.stringify(missing[0])}`);
  console.log(`${what}: ${titles.length} title(s); ${found.length} of ${formulas.length} simple formulas, e.g. "${found[0] || '-'}"; ${lines - missing.length} of ${lines} code lines`);
}

// ---------------------------------------------------------------- solution leaks

function regionLines(file) {
  const out = [];
  let inside = false;
  for (const l of fs.readFileSync(file, 'utf8').split('\n')) {
    if (/^\s*\/\/ @begin /.test(l)) { inside = true; continue; }
    if (/^\s*\/\/ @end /.test(l)) { inside = false; continue; }
    if (inside && !/^\s*\/\/ @(todo|stub)/.test(l)) out.push(l.trim());
  }
  return out;
}

function leaks(studentTexts, instructorTexts) {
  // What a student may see anyway: the skeletons and the notes. A solution line that they
  // also contain (as a whole line, or inside one, white space aside) cannot tell a leak.
  const shown = [];
  for (const f of fs.readdirSync('skeletons')) if (f.endsWith('.c')) shown.push(fs.readFileSync(path.join('skeletons', f), 'utf8'));
  for (const d of fs.readdirSync('chapters')) {
    const n = path.join('chapters', d, 'notes.md');
    if (fs.existsSync(n)) shown.push(fs.readFileSync(n, 'utf8').replace(/`/g, ''));   // `code` is shown as code
  }
  const shownLines = new Set(shown.join('\n').split('\n').map((l) => l.trim()));
  const shownFlat = shown.map(flat).join('\u0000');
  const secret = new Map();   // line -> where
  let total = 0;
  for (const f of fs.readdirSync('solutions')) {
    if (!f.endsWith('.c')) continue;
    for (const l of regionLines(path.join('solutions', f))) {
      if (!l) continue;
      total++;
      if (!shownLines.has(l) && !shownFlat.includes(flat(l))) secret.set(l, `solutions/${f}`);
    }
  }
  if (secret.size === 0) { problem('no solution lines found in solutions/*.c'); return; }
  console.log(`solution regions: ${total} lines, ${secret.size} of them in neither the skeletons nor the notes`);
  const scan = (file) => {
    const raw = fs.readFileSync(file, 'utf8');
    const lines = new Set(raw.split('\n').map((l) => l.trim().replace(/\s+/g, ' ')));
    const whole = flat(raw);
    const hits = [];
    for (const [l, where] of secret) {
      // a whole line as it is, or (long enough not to be a coincidence) broken over lines
      if (lines.has(l.replace(/\s+/g, ' ')) || (flat(l).length >= 12 && whole.includes(flat(l)))) hits.push(`${where}: ${l}`);
    }
    return hits;
  };
  for (const f of studentTexts) {
    const hits = scan(f);
    if (hits.length) problem(`${f}: ${hits.length} solution lines in the student edition, e.g. ${JSON.stringify(hits[0])}`);
    else console.log(`${f}: none of ${secret.size} solution lines`);
  }
  let seen = 0;
  for (const f of instructorTexts) seen += scan(f).length;
  if (instructorTexts.length && seen === 0) problem('the instructor edition shows no solution line: the leak check could not see one either');
  else console.log(`instructor edition: ${seen} solution lines found over ${instructorTexts.length} texts (the check can see them)`);
}

// ---------------------------------------------------------------- page layout

// The page geometry of handout.sty (A4; top 2.4 cm, bottom 2.6 cm), in points.
const BODY_TOP = 68.0, BODY_BOTTOM = 841.89 - 73.7, HEADER_BELOW = 55, FOOTER_ABOVE = 785;

function layout(pdf, bboxFile) {
  const html = fs.readFileSync(bboxFile, 'utf8');
  const pages = [];
  for (const p of html.split('<page ').slice(1)) {
    const words = [];
    for (const m of p.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)) {
      const w = { x: +m[1], y: +m[2], yMax: +m[4], text: m[5].replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"') };
      if (w.y > HEADER_BELOW && w.yMax < FOOTER_ABOVE) words.push(w);
    }
    // lines: words whose tops are within 3 pt of each other, left to right
    words.sort((a, b) => a.y - b.y || a.x - b.x);
    const lines = [];
    for (const w of words) {
      const last = lines[lines.length - 1];
      if (last && Math.abs(w.y - last.y) < 3) { last.words.push(w); last.yMax = Math.max(last.yMax, w.yMax); }
      else lines.push({ y: w.y, yMax: w.yMax, words: [w] });
    }
    for (const l of lines) l.text = l.words.sort((a, b) => a.x - b.x).map((w) => w.text).join(' ');
    pages.push(lines);
  }
  const starts = (lines) => lines.length > 0 && /^(Chapter \d+|Notation|Contents)$/.test(lines[0].text.trim());
  const fills = [];
  pages.forEach((lines, i) => {
    const n = i + 1;
    if (lines.length === 0) { if (i > 0 && i < pages.length - 1) problem(`${pdf}: page ${n} is empty`); return; }
    const lowest = lines.reduce((a, b) => (b.yMax > a.yMax ? b : a));
    const fill = Math.min(1, (lowest.yMax - BODY_TOP) / (BODY_BOTTOM - BODY_TOP));
    fills.push(`${n}:${Math.round(100 * fill)}%`);
    const last = lines[lines.length - 1].text.trim();
    if (/^\d+(\.\d+)+\s+\S/.test(last) && last.length < 90)
      problem(`${pdf}: page ${n} ends with a heading, "${last}"`);
    else if (/:$/.test(last) && !/\/\/|^TODO|[;{}]/.test(last))
      problem(`${pdf}: page ${n} ends with a lead-in, "...${last.slice(-70)}"`);
    const lastPage = i === pages.length - 1, beforeChapter = i + 1 < pages.length && starts(pages[i + 1]);
    if (i > 0 && !lastPage && !beforeChapter && fill < 0.6)
      problem(`${pdf}: page ${n} is only ${Math.round(100 * fill)}% full (lowest line: "${lowest.text.slice(0, 60)}")`);
  });
  console.log(`${pdf}: ${pages.length} pages, filled ${fills.join(' ')}`);
}

// ---------------------------------------------------------------- main

(async () => {
  const [cmd, ...args] = process.argv.slice(2);
  if (cmd === 'browse' && args.length >= 2) await browse(args[0], args.slice(1));
  else if (cmd === 'text' && args.length >= 2) textCheck(args[0], args[1], args[2]);
  else if (cmd === 'layout' && args.length === 2) layout(args[0], args[1]);
  else if (cmd === 'leaks') {
    const i = args.indexOf('--');
    leaks(i < 0 ? args : args.slice(0, i), i < 0 ? [] : args.slice(i + 1));
  } else {
    console.error('usage: node check.js browse SHOTS_DIR PAGE.html... | text AST.json TEXT.txt [pdf|html] | leaks STUDENT_TEXT... -- INSTRUCTOR_TEXT... | layout PDF BBOX.html');
    process.exit(2);
  }
  finish();
})();
