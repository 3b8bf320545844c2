/* playground.js -- the workbook's playground page: the controls, the drawing and the training
 * loop around the C of chapters 5 and 6, compiled to WebAssembly (playground-wasm.js holds the
 * module, base64, so that the page works from file:// where fetch does not).
 *
 * The C side is playground/glue.c (its contract: playground/glue.h); every number shown comes
 * from it: the points from lib/'s generators, the network from the student's mlp_init, the
 * training from their mlp_train_epoch, the losses from their mlp_forward and bce_loss, the maps
 * from their mlp_forward. This file only asks and draws.
 *
 * The layout, colours and controls follow the TensorFlow Playground
 * (github.com/tensorflow/playground): data on the left, the network in the middle (its links
 * coloured by the sign of the weight and thickened by its size), the output on the right. The
 * settings live in the URL fragment under the Playground's own names (dataset, noise,
 * percTrainData, batchSize, learningRate, activation, networkShape, seed, x, y, xSquared,
 * ySquared, xTimesY, sinX, sinY, showTestData, discretize); bad values are clamped or refused
 * with a visible message.
 *
 * Plain browser JavaScript (ES2017), no libraries, no build step. Tests read window.playground.
 */
(function () {
  'use strict';

  // ---------------------------------------------------------------- constants

  const ORANGE = [0xf5, 0x93, 0x22];
  const GREY = [0xe8, 0xea, 0xeb];
  const BLUE = [0x08, 0x77, 0xbd];
  const DATASETS = ['circle', 'xor', 'gauss', 'spiral'];
  const ACTIVATIONS = { sigmoid: 0, tanh: 1, relu: 2 };
  // chapter 4's features, in the order of their bits in glue.h
  const FEATURES = [
    { key: 'x', label: ['X', '\u2081'], f: (a) => a },
    { key: 'y', label: ['X', '\u2082'], f: (a, b) => b },
    { key: 'xSquared', label: ['X', '\u2081\u00b2'], f: (a) => a * a },
    { key: 'ySquared', label: ['X', '\u2082\u00b2'], f: (a, b) => b * b },
    { key: 'xTimesY', label: ['X', '\u2081X\u2082'], f: (a, b) => a * b },
    { key: 'sinX', label: ['sin(X', '\u2081)'], f: (a) => Math.sin(a) },
    { key: 'sinY', label: ['sin(X', '\u2082)'], f: (a, b) => Math.sin(b) },
  ];
  const LEARNING_RATES = [0.00001, 0.0001, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3, 10];
  const MAX_LAYERS = 6, MAX_UNITS = 8, MAX_BATCH = 30;
  const MAP_RES = 100;          // the output over the plane, cells per side (the Playground's)
  const UNIT_RES = 20;          // a unit's square, cells per side
  // Our work per frame: training, then the maps and the drawing (measured), within 11 ms of the
  // 16.7 ms of a frame at 60 fps; the browser needs the rest to paint.
  const FRAME_WORK_MS = 11, MIN_TRAIN_MS = 1.5;
  const NODE = 30, GAP = 25;    // a unit's square and the space below it, in pixels
  const STATUS = ['ok', 'not implemented', 'not finite', 'diverged', 'bad settings',
    'out of memory', 'no network'];

  const DEFAULTS = {
    dataset: 'circle', noise: 0, percTrainData: 50, batchSize: 10, learningRate: 0.03,
    activation: 'tanh', networkShape: [4, 2], seed: 1, x: true, y: true, xSquared: false,
    ySquared: false, xTimesY: false, sinX: false, sinY: false, showTestData: false,
    discretize: false,
  };

  const $ = (id) => document.getElementById(id);
  const SVGNS = 'http://www.w3.org/2000/svg';

  // ---------------------------------------------------------------- colours

  // v in [0, 1] -> orange .. grey .. blue, as [r, g, b]; NaN -> mid grey.
  function colour(v) {
    if (!(v === v)) return [170, 170, 170];
    const t = Math.max(0, Math.min(1, v));
    const [a, b, s] = t < 0.5 ? [ORANGE, GREY, t * 2] : [GREY, BLUE, (t - 0.5) * 2];
    return [a[0] + (b[0] - a[0]) * s, a[1] + (b[1] - a[1]) * s, a[2] + (b[2] - a[2]) * s];
  }
  const css = (rgb) => `rgb(${rgb[0] | 0},${rgb[1] | 0},${rgb[2] | 0})`;
  // A signed value in [-1, 1] (a unit's output, a weight) on the same scale.
  const signedColour = (v) => colour((v + 1) / 2);

  // The Playground's heat map: 30 shades, drawn at alpha 160 of 255 over white.
  function shade(v) {
    const q = Math.round(Math.max(0, Math.min(1, v)) * 30) / 30;
    const c = colour(v === v ? q : NaN), a = 160 / 255;
    return [c[0] * a + 255 * (1 - a), c[1] * a + 255 * (1 - a), c[2] * a + 255 * (1 - a)];
  }

  // ---------------------------------------------------------------- the C side

  // A WebAssembly trap (or exit) inside a call to the C side, with what the stack says.
  class CTrap extends Error {
    constructor(call, cause) {
      const frames = [];
      for (const m of String(cause && cause.stack || '').matchAll(/at ([A-Za-z_][A-Za-z0-9_]*) \(wasm/g)) {
        frames.push(m[1]);
      }
      const where = frames.find((f) => !/^pg_|^__|^(dlmalloc|dlfree|abort|memcpy|memset)$/.test(f));
      super(`${cause && cause.message || cause}`);
      this.call = call;
      this.where = where || '';
      this.frames = frames;
    }
  }

  class CExit extends Error {
    constructor(code) { super(`the C code called exit(${code})`); this.code = code; }
  }

  function decodeBase64(text) {
    const bin = atob(text);
    const bytes = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    return bytes;
  }

  // Compiles and starts the module. WASI is stubbed: the C prints through fd_write (shown in
  // the console, line by line), exit() stops the call, everything else answers "not supported".
  async function loadC(base64) {
    const module = await WebAssembly.compile(decodeBase64(base64));
    let memory = null;
    const pending = { 1: '', 2: '' };
    const printed = [];
    const view = () => new DataView(memory.buffer);
    const known = {
      fd_write(fd, iovs, count, nwritten) {
        const dv = view();
        let total = 0, text = '';
        for (let i = 0; i < count; i++) {
          const ptr = dv.getUint32(iovs + 8 * i, true), len = dv.getUint32(iovs + 8 * i + 4, true);
          text += new TextDecoder().decode(new Uint8Array(memory.buffer, ptr, len));
          total += len;
        }
        dv.setUint32(nwritten, total, true);
        if (fd === 1 || fd === 2) {
          const lines = (pending[fd] + text).split('\n');
          pending[fd] = lines.pop();
          for (const line of lines) {
            printed.push(line);
            console.log(`[C ${fd === 1 ? 'stdout' : 'stderr'}] ${line}`);
          }
        }
        return 0;
      },
      fd_fdstat_get(fd, out) {   // a character device, so that stdio buffers by line
        const dv = view();
        for (let i = 0; i < 24; i++) dv.setUint8(out + i, 0);
        dv.setUint8(out, 2);
        return fd <= 2 ? 0 : 8;
      },
      environ_sizes_get(count, size) { view().setUint32(count, 0, true); view().setUint32(size, 0, true); return 0; },
      args_sizes_get(count, size) { view().setUint32(count, 0, true); view().setUint32(size, 0, true); return 0; },
      environ_get() { return 0; },
      args_get() { return 0; },
      clock_time_get(id, precision, out) {
        view().setBigUint64(out, BigInt(Math.round(performance.now() * 1e6)), true);
        return 0;
      },
      proc_exit(code) { throw new CExit(code); },
    };
    const wasi = {};
    for (const imp of WebAssembly.Module.imports(module)) {
      if (imp.kind !== 'function') continue;
      if (imp.module !== 'wasi_snapshot_preview1') {
        throw new Error(`the module needs ${imp.module}.${imp.name}, which the page does not provide`);
      }
      wasi[imp.name] = known[imp.name] || (() => 52);   // 52: ENOSYS, "not supported"
    }
    const instance = await WebAssembly.instantiate(module, { wasi_snapshot_preview1: wasi });
    const ex = instance.exports;
    memory = ex.memory;
    if (ex._initialize) ex._initialize();
    const call = (name, ...args) => {
      try {
        return ex[name](...args);
      } catch (e) {
        throw new CTrap(name, e);
      }
    };
    return {
      call,
      printed,
      f64: (ptr, n) => Array.from(new Float64Array(memory.buffer, ptr, n)),
      f64view: (ptr, n) => new Float64Array(memory.buffer, ptr, n),
      i32: (ptr, n) => Array.from(new Int32Array(memory.buffer, ptr, n)),
      setI32: (ptr, values) => new Int32Array(memory.buffer, ptr, values.length).set(values),
      string(ptr) {
        const bytes = new Uint8Array(memory.buffer);
        let end = ptr;
        while (end < bytes.length && bytes[end] !== 0) end++;
        return new TextDecoder().decode(bytes.subarray(ptr, end));
      },
    };
  }

  // ---------------------------------------------------------------- settings in the URL

  // Reads the fragment; returns the settings and the problems found (each a sentence).
  function parseFragment(hash) {
    const s = JSON.parse(JSON.stringify(DEFAULTS));
    const problems = [];
    let text = String(hash || '').replace(/^#/, '');
    if (text.length > 2000) {
      problems.push(`the settings in the address are ${text.length} characters long: only the first 2000 were read`);
      text = text.slice(0, 2000);
    }
    const seen = new Set();
    for (const part of text.split('&')) {
      if (!part) continue;
      const eq = part.indexOf('=');
      let key = eq < 0 ? part : part.slice(0, eq), raw = eq < 0 ? '' : part.slice(eq + 1);
      try { key = decodeURIComponent(key); raw = decodeURIComponent(raw); } catch (e) { /* kept as typed */ }
      const show = (v) => JSON.stringify(String(v).slice(0, 40));
      if (!(key in DEFAULTS)) {
        if (seen.size < 50) problems.push(`unknown setting ${show(key)} ignored`);
        continue;
      }
      seen.add(key);
      const def = DEFAULTS[key];
      const number = (lo, hi, step, integer) => {
        const v = raw.trim() === '' ? NaN : Number(raw);
        if (!Number.isFinite(v)) {
          problems.push(`${key}=${show(raw)} is not a number: using ${s[key]}`);
          return s[key];
        }
        let w = Math.min(hi, Math.max(lo, v));
        if (integer) w = Math.round(w);
        if (step) w = Math.round(w / step) * step;
        if (w !== v) problems.push(`${key}=${show(raw)} is outside ${lo} .. ${hi}${step ? ` in steps of ${step}` : ''}: using ${w}`);
        return w;
      };
      if (typeof def === 'boolean') {
        if (raw === 'true' || raw === '' || raw === '1') s[key] = true;
        else if (raw === 'false' || raw === '0') s[key] = false;
        else problems.push(`${key}=${show(raw)} must be true or false: using ${s[key]}`);
      } else if (key === 'dataset') {
        if (DATASETS.includes(raw)) s.dataset = raw;
        else problems.push(`dataset=${show(raw)} is not one of ${DATASETS.join(', ')}: using ${s.dataset}`);
      } else if (key === 'activation') {
        if (raw in ACTIVATIONS) s.activation = raw;
        else problems.push(`activation=${show(raw)} is not one of ${Object.keys(ACTIVATIONS).join(', ')}: using ${s.activation}`);
      } else if (key === 'networkShape') {
        const parts = raw.trim() === '' ? [] : raw.split(',');
        if (parts.length > MAX_LAYERS) {
          problems.push(`networkShape has ${parts.length} hidden layers; the most is ${MAX_LAYERS}: using the first ${MAX_LAYERS}`);
        }
        const shape = [];
        for (const p of parts.slice(0, MAX_LAYERS)) {
          const v = Number(p);
          if (!Number.isFinite(v) || p.trim() === '') {
            problems.push(`networkShape: ${show(p)} is not a number of units: using 2`);
            shape.push(2);
          } else {
            const w = Math.round(Math.min(MAX_UNITS, Math.max(1, v)));
            if (w !== v) problems.push(`networkShape: ${show(p)} units is outside 1 .. ${MAX_UNITS}: using ${w}`);
            shape.push(w);
          }
        }
        s.networkShape = shape;
      } else if (key === 'learningRate') {
        const v = raw.trim() === '' ? NaN : Number(raw);
        if (!Number.isFinite(v) || v <= 0) {
          problems.push(`learningRate=${show(raw)} must be a positive number: using ${s.learningRate}`);
        } else if (v > 10) {
          problems.push(`learningRate=${show(raw)} is above 10: using 10`);
          s.learningRate = 10;
        } else {
          s.learningRate = v;
        }
      } else if (key === 'noise') {
        s.noise = number(0, 50, 5, true);
      } else if (key === 'percTrainData') {
        s.percTrainData = number(10, 90, 10, true);
      } else if (key === 'batchSize') {
        s.batchSize = number(1, MAX_BATCH, 0, true);
      } else if (key === 'seed') {
        s.seed = number(0, 2147483647, 0, true);
      }
    }
    if (!FEATURES.some((f) => s[f.key])) {
      problems.push('no input feature is on: using x and y');
      s.x = s.y = true;
    }
    return { settings: s, problems };
  }

  function serialize(s) {
    const parts = [];
    for (const key of Object.keys(DEFAULTS)) {
      const v = s[key];
      parts.push(`${key}=${Array.isArray(v) ? v.join(',') : v}`);
    }
    return parts.join('&');
  }

  // ---------------------------------------------------------------- the page's state

  let c = null;                 // the C side (loadC)
  let settings = null;
  let playing = false;
  let ready = false;            // a network that trains
  let msPerEpoch = 1;           // measured, for the frame budget
  let msDrawing = 5;            // measured: a frame's work besides training
  let hovered = null;           // a unit whose output the big map shows instead: {l, h}
  let unitCanvases = [];        // per hidden layer, per unit
  let linkPaths = [];           // {l, h, i, x1, y1, x2, y2, mx}: link i -> h into layer l + 1
  let linkCanvas = null;
  let biasRects = [];           // {l, h, rect}
  let outputCanvas = null;
  const curve = [];             // one entry per drawn frame: {epoch, trainLoss, testLoss, trainAcc, testAcc}
  const frameWork = [];         // ms of work in each frame while playing (the last 600)
  const timing = { train: 0, maps: 0, frame: 0 };   // the last frame's parts, in ms
  let settingsProblems = [];
  let cError = null;            // {message, culprit} when training stopped
  let cNote = '';
  const embed = window.PLAYGROUND_EMBED || null;

  const stat = (k) => c.call('pg_stat', k);

  // ---------------------------------------------------------------- messages

  // The message box: settings problems (warning), a stopped network (error), notes.
  function showMessages() {
    const box = $('messages');
    box.textContent = '';
    const add = (kind, title, lines) => {
      const div = document.createElement('div');
      div.className = `message ${kind}`;
      if (title) {
        const b = document.createElement('b');
        b.textContent = title + ' ';
        div.appendChild(b);
      }
      if (lines.length === 1) {
        div.appendChild(withCode(lines[0]));
      } else {
        const ul = document.createElement('ul');
        for (const l of lines) {
          const li = document.createElement('li');
          li.appendChild(withCode(l));
          ul.appendChild(li);
        }
        div.appendChild(ul);
      }
      box.appendChild(div);
      return div;
    };
    if (cError) add('error', cError.title, [cError.message]).id = 'c-error';
    if (settingsProblems.length) {
      add('warning', 'Settings in the address:', settingsProblems).id = 'settings-problems';
    }
    if (cNote) add('note', '', [cNote]).id = 'c-note';
  }

  // Text with file names (a/b.c) and make commands set as code.
  function withCode(text) {
    const span = document.createElement('span');
    const re = /([A-Za-z0-9_./-]+\.c\b|make [a-z-]+(?: [A-Z]+=[A-Za-z0-9_./]+)*)/g;
    let last = 0;
    for (const m of text.matchAll(re)) {
      span.appendChild(document.createTextNode(text.slice(last, m.index)));
      const code = document.createElement('code');
      code.textContent = m[0];
      span.appendChild(code);
      last = m.index + m[0].length;
    }
    span.appendChild(document.createTextNode(text.slice(last)));
    return span;
  }

  // The C side said stop (or trapped): keep what is drawn, say why, disable training.
  function stopWith(title, message, culprit) {
    pause();
    ready = false;
    cError = { title, message, culprit: culprit || '' };
    document.body.dataset.state = 'error';
    updateButtons();
    showMessages();
  }

  function trapMessage(e) {
    if (e instanceof CTrap) {
      const where = e.where ? ` in ${e.where}` : '';
      const hint = /out of bounds/.test(e.message)
        ? ' An index past the end of an array or a bad pointer does this: make grade SANITIZE=1 finds the line.'
        : /unreachable/.test(e.message)
          ? ' abort() or a failed assert() does this, or free() of a pointer malloc did not return.'
          : '';
      return { message: `The C code stopped with a WebAssembly trap (${e.message})${where}, during ${e.call}.${hint}`,
        culprit: e.where };
    }
    return { message: String(e && e.message || e), culprit: '' };
  }

  // Runs f (calls into C); a trap stops the page with a message. Returns f's value or null.
  function guarded(f) {
    try {
      return f();
    } catch (e) {
      const t = trapMessage(e);
      stopWith('Training stopped.', t.message, t.culprit);
      return null;
    }
  }

  // After a call: when the C side reports a problem, stop and show it.
  function checkStatus() {
    const code = c.call('pg_status');
    if (code === 0) return true;
    const message = c.string(c.call('pg_message'));
    const culprit = c.string(c.call('pg_culprit'));
    const title = code === 1 ? 'Not implemented yet.' : code === 3 ? 'Training diverged.' : 'Training stopped.';
    stopWith(title, message, culprit);
    document.body.dataset.status = STATUS[code] || String(code);
    return false;
  }

  // ---------------------------------------------------------------- building

  function datasetIndex() { return DATASETS.indexOf(settings.dataset); }

  function featureMask() {
    let mask = 0;
    FEATURES.forEach((f, k) => { if (settings[f.key]) mask |= 1 << k; });
    return mask;
  }

  function writeFragment() {
    if (embed) return;
    try {
      history.replaceState(null, '', '#' + serialize(settings));
    } catch (e) { /* a page without a real address (srcdoc) keeps none */ }
  }

  // New points (data set, noise, ratio or seed changed), then a new network.
  function resetData() {
    pause();
    guarded(() => c.call('pg_data', datasetIndex(), settings.noise / 100, settings.percTrainData, settings.seed));
    resetNetwork();
  }

  // A new network from the seed: the same settings give the same start.
  function resetNetwork() {
    pause();
    cError = null;
    cNote = '';
    ready = false;
    curve.length = 0;
    document.body.dataset.state = 'loading';
    delete document.body.dataset.status;
    writeFragment();
    syncControls();
    const ok = guarded(() => {
      const shape = settings.networkShape;
      const ptr = c.call('pg_shape');
      c.setI32(ptr, shape);
      c.call('pg_network', featureMask(), ACTIVATIONS[settings.activation], shape.length, ptr, settings.seed);
      cNote = c.string(c.call('pg_note'));
      return checkStatus();
    });
    drawNetwork();
    drawPoints();
    if (ok) {
      ready = true;
      document.body.dataset.state = 'ready';
      record();
      render();
    } else {
      renderStats();
      drawEmptyMap();
    }
    updateButtons();
    showMessages();
  }

  // ---------------------------------------------------------------- training

  function trainEpochs(n) {
    const t0 = performance.now();
    const done = guarded(() => c.call('pg_train', n, settings.batchSize, settings.learningRate));
    const dt = performance.now() - t0;
    timing.train = dt;
    if (done === null) return false;
    if (done > 0) msPerEpoch = 0.7 * msPerEpoch + 0.3 * Math.max(dt / done, 0.001);
    const ok = guarded(() => checkStatus() && (c.call('pg_evaluate'), checkStatus()));
    if (ok) record();
    render();
    return !!ok;
  }

  function record() {
    curve.push({
      epoch: stat(0), trainLoss: stat(1), testLoss: stat(2), trainAcc: stat(3), testAcc: stat(4),
    });
    if (curve.length > 4000) {    // keep the curve's shape, not every frame
      for (let i = 1; i < curve.length / 2; i++) curve.splice(i, 1);
    }
  }

  function frame() {
    if (!playing) return;
    const t0 = performance.now();
    const budget = Math.max(MIN_TRAIN_MS, FRAME_WORK_MS - msDrawing);
    const n = Math.max(1, Math.min(2000, Math.floor(budget / msPerEpoch)));
    trainEpochs(n);
    timing.frame = performance.now() - t0;
    msDrawing = 0.8 * msDrawing + 0.2 * Math.max(0, timing.frame - timing.train);
    frameWork.push(timing.frame);
    if (frameWork.length > 600) frameWork.shift();
    if (playing) requestAnimationFrame(frame);
  }

  function play() {
    if (!ready || playing) return;
    playing = true;
    updateButtons();
    requestAnimationFrame(frame);
  }

  function pause() {
    playing = false;
    updateButtons();
  }

  function updateButtons() {
    $('play').classList.toggle('playing', playing);
    $('play').title = playing ? 'Pause' : 'Run';
    $('play').setAttribute('aria-label', playing ? 'Pause' : 'Run');
    $('play').disabled = !ready;
    $('step').disabled = !ready;
  }

  // ---------------------------------------------------------------- drawing: the data

  function drawThumbnails() {
    for (const canvas of document.querySelectorAll('canvas.dataset')) {
      const k = DATASETS.indexOf(canvas.dataset.dataset);
      const ctx = canvas.getContext('2d');
      ctx.fillStyle = 'white';
      ctx.fillRect(0, 0, 100, 100);
      guarded(() => {
        if (c.call('pg_data', k, 0, 50, 1) !== 0) return;
        for (const which of [0, 1]) {
          const n = c.call('pg_count', which);
          const xy = c.f64(c.call('pg_points', which), 2 * n), y = c.i32(c.call('pg_labels', which), n);
          for (let p = 0; p < n; p += 2) {
            ctx.fillStyle = css(y[p] ? BLUE : ORANGE);
            ctx.fillRect(100 * (xy[2 * p] + 6) / 12 - 1.5, 100 * (6 - xy[2 * p + 1]) / 12 - 1.5, 3, 3);
          }
        }
      });
    }
  }

  const MAP_PX = 280;   // the heat map's side on screen
  const toPx = (v) => (v + 6) / 12 * MAP_PX;
  const toPy = (v) => (6 - v) / 12 * MAP_PX;

  function drawPoints() {
    const svg = $('heatmap-svg');
    svg.textContent = '';
    // axes: ticks every 1 at the bottom and right, labels every 5 (-5, 0, 5) and the ends
    for (let v = -6; v <= 6; v++) {
      const x = toPx(v), y = toPy(v);
      line(svg, x, MAP_PX, x, MAP_PX + 4, 'tick');
      line(svg, MAP_PX, y, MAP_PX + 4, y, 'tick');
      if (v % 5 === 0 || Math.abs(v) === 6) {
        text(svg, x, MAP_PX + 14, String(v), 'middle');
        text(svg, MAP_PX + 7, y + 3, String(v), 'start');
      }
    }
    if (!c) return;
    const groups = settings.showTestData ? [0, 1] : [0];
    for (const which of groups) {
      const n = c.call('pg_count', which);
      if (!n) continue;
      const xy = c.f64(c.call('pg_points', which), 2 * n), y = c.i32(c.call('pg_labels', which), n);
      for (let p = 0; p < n; p++) {
        const cx = toPx(xy[2 * p]), cy = toPy(xy[2 * p + 1]);
        if (cx < 0 || cx > MAP_PX || cy < 0 || cy > MAP_PX) continue;
        const dot = document.createElementNS(SVGNS, 'circle');
        dot.setAttribute('cx', cx.toFixed(1));
        dot.setAttribute('cy', cy.toFixed(1));
        dot.setAttribute('r', 3);
        dot.setAttribute('fill', css(y[p] ? BLUE : ORANGE));
        dot.setAttribute('class', which ? 'test' : 'train');
        svg.appendChild(dot);
      }
    }
  }

  function line(parent, x1, y1, x2, y2, cls) {
    const l = document.createElementNS(SVGNS, 'line');
    l.setAttribute('x1', x1); l.setAttribute('y1', y1); l.setAttribute('x2', x2); l.setAttribute('y2', y2);
    if (cls) l.setAttribute('class', cls);
    parent.appendChild(l);
    return l;
  }

  function text(parent, x, y, s, anchor, cls) {
    const t = document.createElementNS(SVGNS, 'text');
    t.setAttribute('x', x); t.setAttribute('y', y);
    if (anchor) t.setAttribute('text-anchor', anchor);
    if (cls) t.setAttribute('class', cls);
    t.textContent = s;
    parent.appendChild(t);
    return t;
  }

  // ---------------------------------------------------------------- drawing: the network

  // The network as the Playground draws it: the features at the left, a column per hidden
  // layer, the output at the right; every link a curve from a unit's right side to the next
  // unit's left side. Built once per network; render() recolours it.
  function drawNetwork() {
    const host = $('network'), svg = $('network-svg');
    for (const el of host.querySelectorAll('.unit, .plusminus, #links')) el.remove();
    svg.textContent = '';
    unitCanvases = [];
    linkPaths = [];
    biasRects = [];
    outputCanvas = null;
    const shape = settings.networkShape;
    const width = Math.max(360, host.clientWidth || 460);
    const inputX = 70;                           // centre of the feature squares
    const outX = width - NODE / 2 - 4;
    const first = 140, last = outX - 30;         // the hidden layers share this span evenly
    const layerX = (l) => first + (last - first) * (l + 0.5) / shape.length;
    const top = 36;                              // room for the +/- controls
    const unitY = (i) => top + i * (NODE + GAP) + NODE / 2;
    const rows = Math.max(FEATURES.length, ...shape, 1);
    svg.setAttribute('width', width);
    svg.setAttribute('height', top + rows * (NODE + GAP));
    $('layer-count').textContent = `${shape.length} hidden layer${shape.length === 1 ? '' : 's'}`;

    // where each unit is: layer 0 the active features, then the hidden layers, then the output
    const active = FEATURES.map((f, k) => k).filter((k) => settings[FEATURES[k].key]);
    const pos = [active.map((k) => ({ x: inputX, y: unitY(k) }))];
    shape.forEach((n, l) => pos.push(Array.from({ length: n }, (_, i) => ({ x: layerX(l), y: unitY(i) }))));
    pos.push([{ x: outX, y: unitY(0) }]);

    // links: curves on a canvas under the squares (redrawn every frame: a canvas repaints far
    // faster than hundreds of SVG paths); the Playground spreads a unit's incoming links over
    // 12 px. Invisible SVG paths above them catch the mouse.
    const links = document.createElement('canvas');
    links.id = 'links';
    links.width = width;
    links.height = top + rows * (NODE + GAP);
    host.insertBefore(links, svg);
    linkCanvas = links;
    for (let l = 0; l + 1 < pos.length; l++) {
      pos[l + 1].forEach((dst, h) => {
        pos[l].forEach((src, i) => {
          const x1 = src.x + NODE / 2 + 2, y1 = src.y;
          const x2 = dst.x - NODE / 2, y2 = dst.y + ((i - (pos[l].length - 1) / 2) / pos[l].length) * 12;
          const mx = (x1 + x2) / 2;
          const d = `M${x1},${y1} C${mx},${y1} ${mx},${y2} ${x2},${y2}`;
          const hover = document.createElementNS(SVGNS, 'path');
          hover.setAttribute('d', d);
          hover.setAttribute('class', 'link-hover');
          hover.addEventListener('mousemove', (ev) => showCard(ev, 'Weight', l, h, i));
          hover.addEventListener('mouseleave', hideCard);
          svg.appendChild(hover);
          linkPaths.push({ l, h, i, x1, y1, x2, y2, mx });
        });
      });
    }

    // the features: every one drawn, the unused ones faded; a click turns one on or off
    FEATURES.forEach((f, k) => {
      const y = unitY(k);
      const label = text(svg, inputX - NODE / 2 - 8, y + 4, '', 'end', 'node-label');
      const t1 = document.createElementNS(SVGNS, 'tspan');
      t1.textContent = f.label[0] + f.label[1];
      label.appendChild(t1);
      const canvas = unitCanvas(inputX, y, 'unit input' + (settings[f.key] ? '' : ' inactive'));
      canvas.title = `${f.key}: click to ${settings[f.key] ? 'remove it from' : 'add it to'} the inputs`;
      canvas.dataset.feature = f.key;
      paintFeature(canvas, f);
      canvas.addEventListener('click', () => toggleFeature(f.key));
    });

    // the hidden layers: a square per unit with its bias beside it, +/- units above each layer
    shape.forEach((n, l) => {
      const x = layerX(l);
      const pm = document.createElement('div');
      pm.className = 'plusminus';
      pm.dataset.layer = String(l);
      pm.style.left = `${x - 25}px`;
      pm.style.top = '0px';
      pm.appendChild(smallButton('+', `More units in hidden layer ${l + 1}`, () => changeUnits(l, +1), n >= MAX_UNITS));
      pm.appendChild(smallButton('\u2212', `Fewer units in hidden layer ${l + 1}`, () => changeUnits(l, -1), n <= 1));
      host.appendChild(pm);
      text(svg, x, top - 6, `${n} neuron${n === 1 ? '' : 's'}`, 'middle', 'units-label');
      unitCanvases.push([]);
      for (let h = 0; h < n; h++) {
        const y = unitY(h);
        const canvas = unitCanvas(x, y, 'unit hidden');
        canvas.title = `hidden layer ${l + 1}, unit ${h + 1}: its output over the plane (hover: shown large)`;
        canvas.addEventListener('mouseenter', () => { hovered = { l, h }; renderMaps(); });
        canvas.addEventListener('mouseleave', () => { hovered = null; renderMaps(); });
        unitCanvases[l].push(canvas);
        biasRects.push({ l, h, rect: biasRect(svg, x, y, l, h) });
      }
    });
    // the output unit
    outputCanvas = unitCanvas(outX, unitY(0), 'unit output');
    outputCanvas.title = 'the output: p(y = 1 | x)';
    biasRects.push({ l: shape.length, h: 0, rect: biasRect(svg, outX, unitY(0), shape.length, 0) });
    text(svg, outX, unitY(0) + NODE / 2 + 14, 'output', 'middle', 'units-label');
  }

  function smallButton(label, title, onClick, disabled) {
    const b = document.createElement('button');
    b.className = 'round tiny';
    b.textContent = label;
    b.title = title;
    b.setAttribute('aria-label', title);
    b.disabled = !!disabled;
    b.addEventListener('click', onClick);
    return b;
  }

  function unitCanvas(cx, cy, cls) {
    const canvas = document.createElement('canvas');
    canvas.width = UNIT_RES;
    canvas.height = UNIT_RES;
    canvas.className = cls;
    canvas.style.left = `${cx - NODE / 2}px`;
    canvas.style.top = `${cy - NODE / 2}px`;
    $('network').appendChild(canvas);
    const frame = document.createElementNS(SVGNS, 'rect');
    frame.setAttribute('x', cx - NODE / 2 - 0.5);
    frame.setAttribute('y', cy - NODE / 2 - 0.5);
    frame.setAttribute('width', NODE + 1);
    frame.setAttribute('height', NODE + 1);
    frame.setAttribute('class', 'node-frame');
    $('network-svg').appendChild(frame);
    return canvas;
  }

  function biasRect(svg, cx, cy, l, h) {
    const r = document.createElementNS(SVGNS, 'rect');
    r.setAttribute('x', cx - NODE / 2 - 7);
    r.setAttribute('y', cy + NODE / 2 - 5);
    r.setAttribute('width', 5);
    r.setAttribute('height', 5);
    r.setAttribute('fill', '#ccc');
    r.addEventListener('mousemove', (ev) => showCard(ev, 'Bias', l, h, -1));
    r.addEventListener('mouseleave', hideCard);
    svg.appendChild(r);
    return r;
  }

  function paintFeature(canvas, f) {
    const ctx = canvas.getContext('2d'), img = ctx.createImageData(UNIT_RES, UNIT_RES);
    for (let r = 0; r < UNIT_RES; r++) {
      for (let q = 0; q < UNIT_RES; q++) {
        const x1 = -6 + 12 * (q + 0.5) / UNIT_RES, x2 = 6 - 12 * (r + 0.5) / UNIT_RES;
        putPixel(img, r * UNIT_RES + q, signedColour(f.f(x1, x2)));
      }
    }
    ctx.putImageData(img, 0, 0);
  }

  function putPixel(img, k, rgb) {
    img.data[4 * k] = rgb[0];
    img.data[4 * k + 1] = rgb[1];
    img.data[4 * k + 2] = rgb[2];
    img.data[4 * k + 3] = 255;
  }

  // The value of a weight or bias, read from the C side when the card is shown.
  function showCard(ev, kind, l, h, i) {
    if (!c || !c.call('pg_layers')) return;
    const D = c.call('pg_size', l);
    const v = i >= 0 ? c.f64(c.call('pg_weight', l) + 8 * (h * D + i), 1)[0]
      : c.f64(c.call('pg_bias', l) + 8 * h, 1)[0];
    const card = $('hovercard'), box = $('network').getBoundingClientRect();
    card.textContent = `${kind} is ${Number.isFinite(v) ? v.toPrecision(3) : v}`;
    card.style.left = `${ev.clientX - box.left + 14}px`;
    card.style.top = `${ev.clientY - box.top - 8}px`;
    card.style.display = 'block';
  }

  function hideCard() { $('hovercard').style.display = 'none'; }

  // ---------------------------------------------------------------- drawing: every frame

  function render() {
    renderStats();
    if (!ready && !cError) return;
    if (c.call('pg_layers')) {
      renderWeights();
      if (ready) renderMaps();
    }
    renderChart();
  }

  function fmtEpoch(n) {
    const s = String(Math.max(0, n | 0)).padStart(6, '0');
    return s.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  }

  function renderStats() {
    const last = curve.length ? curve[curve.length - 1] : null;
    $('epoch').textContent = fmtEpoch(c && c.call('pg_layers') ? stat(0) : 0);
    const put = (id, v, digits) => {
      const el = $(id);
      el.textContent = v === undefined || !Number.isFinite(v) ? '\u2013' : v.toFixed(digits);
      el.dataset.value = v === undefined ? '' : String(v);
    };
    put('loss-test', last ? last.testLoss : undefined, 3);
    put('loss-train', last ? last.trainLoss : undefined, 3);
    $('acc-test').textContent = last ? `accuracy ${(100 * last.testAcc).toFixed(1)} %` : '';
    $('acc-train').textContent = last ? `accuracy ${(100 * last.trainAcc).toFixed(1)} %` : '';
    $('acc-train').dataset.value = last ? String(last.trainAcc) : '';
    $('acc-test').dataset.value = last ? String(last.testAcc) : '';
  }

  const linkWidth = (w) => 1 + 9 * Math.min(1, Math.abs(w) / 5);   // |w| 0 .. 5 -> 1 .. 10 px

  function renderWeights() {
    const L = c.call('pg_layers');
    const W = [], B = [];
    for (let l = 0; l < L; l++) {
      const D = c.call('pg_size', l), H = c.call('pg_size', l + 1);
      W.push(c.f64(c.call('pg_weight', l), H * D));
      B.push(c.f64(c.call('pg_bias', l), H));
    }
    const epoch = stat(0), ctx = linkCanvas.getContext('2d'), D = [];
    for (let l = 0; l < L; l++) D.push(c.call('pg_size', l));
    ctx.clearRect(0, 0, linkCanvas.width, linkCanvas.height);
    ctx.setLineDash([9, 1]);                // the Playground's dashes, moving as it trains
    ctx.lineDashOffset = epoch / 3;
    for (const { l, h, i, x1, y1, x2, y2, mx } of linkPaths) {
      if (l >= L) continue;
      const w = W[l][h * D[l] + i];
      ctx.strokeStyle = Number.isFinite(w) ? css(signedColour(w)) : '#aaa';
      ctx.lineWidth = Number.isFinite(w) ? linkWidth(w) : 1;
      ctx.beginPath();
      ctx.moveTo(x1, y1);
      ctx.bezierCurveTo(mx, y1, mx, y2, x2, y2);
      ctx.stroke();
    }
    for (const { l, h, rect } of biasRects) {
      if (l < L) rect.setAttribute('fill', Number.isFinite(B[l][h]) ? css(signedColour(B[l][h])) : '#ccc');
    }
  }

  function renderMaps() {
    if (!ready) return;
    const t0 = performance.now();
    const ok = guarded(() => c.call('pg_maps', MAP_RES, UNIT_RES) === 0 || checkStatus());
    timing.maps = performance.now() - t0;
    if (!ok) return;
    // the big map: the output, or the hovered unit's output
    const canvas = $('heatmap-canvas');
    const units = [];
    let u = 0;
    unitCanvases.forEach((layer, l) => layer.forEach((cv, h) => units.push({ l, h, k: u++ })));
    const unitMaps = units.length ? c.f64view(c.call('pg_unit_maps'), units.length * UNIT_RES * UNIT_RES) : null;
    const pick = hovered && units.find((x) => x.l === hovered.l && x.h === hovered.h);
    if (pick) {
      paintMap(canvas, unitMaps, pick.k * UNIT_RES * UNIT_RES, UNIT_RES, (v) => shade((v + 1) / 2));
    } else {
      const map = c.f64view(c.call('pg_map'), MAP_RES * MAP_RES);
      paintMap(canvas, map, 0, MAP_RES,
        settings.discretize ? (v) => shade(v >= 0.5 ? 1 : 0) : shade);
    }
    for (const { l, h, k } of units) {
      paintMap(unitCanvases[l][h], unitMaps, k * UNIT_RES * UNIT_RES, UNIT_RES, signedColour);
    }
    // the output square: the output map, sampled down
    if (outputCanvas) {
      const map = c.f64view(c.call('pg_map'), MAP_RES * MAP_RES), step = MAP_RES / UNIT_RES;
      const ctx = outputCanvas.getContext('2d'), img = ctx.createImageData(UNIT_RES, UNIT_RES);
      for (let r = 0; r < UNIT_RES; r++) {
        for (let q = 0; q < UNIT_RES; q++) {
          const v = map[Math.floor((r + 0.5) * step) * MAP_RES + Math.floor((q + 0.5) * step)];
          putPixel(img, r * UNIT_RES + q, colour(settings.discretize ? (v >= 0.5 ? 1 : 0) : v));
        }
      }
      ctx.putImageData(img, 0, 0);
    }
  }

  function paintMap(canvas, values, offset, res, toColour) {
    if (canvas.width !== res) { canvas.width = res; canvas.height = res; }
    const ctx = canvas.getContext('2d'), img = ctx.createImageData(res, res);
    for (let k = 0; k < res * res; k++) putPixel(img, k, toColour(values[offset + k]));
    ctx.putImageData(img, 0, 0);
  }

  function drawEmptyMap() {
    const canvas = $('heatmap-canvas'), ctx = canvas.getContext('2d');
    ctx.fillStyle = css(shade(NaN));
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    for (const layer of unitCanvases.concat(outputCanvas ? [[outputCanvas]] : [])) {
      for (const cv of layer) {
        const x = cv.getContext('2d');
        x.fillStyle = '#ddd';
        x.fillRect(0, 0, cv.width, cv.height);
      }
    }
  }

  // The loss curve: test in black, training in grey, one point per frame drawn.
  function renderChart() {
    const canvas = $('loss-chart'), ctx = canvas.getContext('2d');
    const w = canvas.width, h = canvas.height;
    ctx.clearRect(0, 0, w, h);
    if (curve.length < 2) return;
    let top = 0;
    for (const e of curve) top = Math.max(top, e.trainLoss || 0, e.testLoss || 0);
    top = top > 0 ? top : 1;
    const e0 = curve[0].epoch, e1 = curve[curve.length - 1].epoch || 1;
    const X = (e) => (e1 > e0 ? (e - e0) / (e1 - e0) : 0) * (w - 2) + 1;
    const Y = (v) => h - 2 - (Math.min(v, top) / top) * (h - 4);
    for (const [key, stroke] of [['trainLoss', '#777'], ['testLoss', 'black']]) {
      ctx.beginPath();
      curve.forEach((e, k) => (k ? ctx.lineTo : ctx.moveTo).call(ctx, X(e.epoch), Y(e[key])));
      ctx.strokeStyle = stroke;
      ctx.lineWidth = 1.5;
      ctx.stroke();
    }
  }

  // ---------------------------------------------------------------- controls

  function syncControls() {
    for (const canvas of document.querySelectorAll('canvas.dataset')) {
      canvas.classList.toggle('selected', canvas.dataset.dataset === settings.dataset);
    }
    const setRange = (id, v, shown) => { $(id).value = v; $(`${id}-value`).textContent = shown; };
    setRange('percTrainData', settings.percTrainData, settings.percTrainData);
    setRange('noise', settings.noise, settings.noise);
    setRange('batchSize', settings.batchSize, settings.batchSize);
    $('seed-value').textContent = settings.seed;
    const lr = $('learningRate');
    const rates = LEARNING_RATES.includes(settings.learningRate) ? LEARNING_RATES
      : [...LEARNING_RATES, settings.learningRate].sort((a, b) => a - b);
    lr.textContent = '';
    for (const r of rates) {
      const o = document.createElement('option');
      o.value = String(r);
      o.textContent = String(r);
      lr.appendChild(o);
    }
    lr.value = String(settings.learningRate);
    $('activation').value = settings.activation;
    $('showTestData').checked = settings.showTestData;
    $('discretize').checked = settings.discretize;
    $('add-layer').disabled = settings.networkShape.length >= MAX_LAYERS;
    $('remove-layer').disabled = settings.networkShape.length === 0;
  }

  function toggleFeature(key) {
    const on = FEATURES.filter((f) => settings[f.key]).length;
    if (settings[key] && on === 1) {
      settingsProblems = ['the network needs at least one input feature'];
      showMessages();
      return;
    }
    settings[key] = !settings[key];
    settingsProblems = [];
    resetNetwork();
  }

  function changeUnits(l, by) {
    const n = settings.networkShape[l] + by;
    if (n < 1 || n > MAX_UNITS) return;
    settings.networkShape[l] = n;
    resetNetwork();
  }

  function wireControls() {
    $('play').addEventListener('click', () => (playing ? pause() : play()));
    $('step').addEventListener('click', () => { pause(); if (ready) trainEpochs(1); });
    $('reset').addEventListener('click', () => resetNetwork());
    for (const canvas of document.querySelectorAll('canvas.dataset')) {
      canvas.addEventListener('click', () => {
        if (settings.dataset === canvas.dataset.dataset) return;
        settings.dataset = canvas.dataset.dataset;
        resetData();
      });
    }
    for (const id of ['percTrainData', 'noise']) {
      $(id).addEventListener('input', () => { settings[id] = Number($(id).value); resetData(); });
    }
    $('batchSize').addEventListener('input', () => {
      settings.batchSize = Number($('batchSize').value);
      resetNetwork();
    });
    $('regenerate').addEventListener('click', () => {
      settings.seed = 1 + Math.floor(Math.random() * 99999);
      resetData();
    });
    $('learningRate').addEventListener('change', () => {   // as in the Playground: no reset
      settings.learningRate = Number($('learningRate').value);
      writeFragment();
    });
    $('activation').addEventListener('change', () => {
      settings.activation = $('activation').value;
      resetNetwork();
    });
    $('add-layer').addEventListener('click', () => {
      if (settings.networkShape.length >= MAX_LAYERS) return;
      settings.networkShape.push(2);
      resetNetwork();
    });
    $('remove-layer').addEventListener('click', () => {
      if (!settings.networkShape.length) return;
      settings.networkShape.pop();
      resetNetwork();
    });
    $('showTestData').addEventListener('change', () => {
      settings.showTestData = $('showTestData').checked;
      writeFragment();
      drawPoints();
    });
    $('discretize').addEventListener('change', () => {
      settings.discretize = $('discretize').checked;
      writeFragment();
      renderMaps();
    });
    window.addEventListener('hashchange', () => {
      const parsed = parseFragment(location.hash);
      settingsProblems = parsed.problems;
      settings = parsed.settings;
      resetData();
    });
    let width = 0;
    window.addEventListener('resize', () => {
      const w = $('network').clientWidth;
      if (w !== width) { width = w; drawNetwork(); render(); }
    });
  }

  // ---------------------------------------------------------------- start

  async function start() {
    const parsed = parseFragment(embed ? embed.settings : location.hash);
    settings = parsed.settings;
    settingsProblems = parsed.problems;
    if (embed) {
      // In a handout: no header, and the page tells its frame how tall it is.
      document.body.classList.add('embedded');
      const tell = () => {
        const h = Math.ceil(document.body.getBoundingClientRect().bottom) + 12;
        try { parent.postMessage({ playgroundHeight: h }, '*'); } catch (e) { /* no parent */ }
      };
      new ResizeObserver(tell).observe(document.body);
    }
    document.body.dataset.state = 'loading';
    if (typeof window.PLAYGROUND_WASM !== 'string') {
      cError = { title: 'No network.', message: 'playground-wasm.js, the C compiled to WebAssembly, is missing: run make playground' };
      showMessages();
      document.body.dataset.state = 'error';
      return;
    }
    try {
      c = await loadC(window.PLAYGROUND_WASM);
    } catch (e) {
      cError = { title: 'No network.', message: `the WebAssembly module did not start: ${e.message}` };
      showMessages();
      document.body.dataset.state = 'error';
      return;
    }
    const sources = c.string(c.call('pg_sources')).split(' ');
    const src = $('sources');
    src.textContent = 'Trained by ';
    sources.forEach((s, k) => {
      if (k) src.appendChild(document.createTextNode(' and '));
      const code = document.createElement('code');
      code.textContent = s;
      src.appendChild(code);
    });
    src.appendChild(document.createTextNode(', compiled to WebAssembly: every number here comes from that C.'));
    wireControls();
    drawThumbnails();
    resetData();
  }

  // What tests (and the curious) may read.
  window.playground = {
    get ready() { return ready; },
    get playing() { return playing; },
    settings: () => JSON.parse(JSON.stringify(settings)),
    fragment: () => serialize(settings),
    history: curve,
    frameWork,
    timing,
    error: () => cError && { ...cError },
    note: () => cNote,
    problems: () => settingsProblems.slice(),
    msPerEpoch: () => msPerEpoch,
    printed: () => (c ? c.printed.slice() : []),
    parseFragment,
  };

  start();
})();
