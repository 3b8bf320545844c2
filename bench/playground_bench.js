// playground_bench.js -- training speed in the JavaScript engine: the TensorFlow Playground's own
// training loop, transcribed to JavaScript here, against the workbook's reference and fast
// trainers compiled to WebAssembly (bench/wasm_trainer.c), on the same network and data.
//
// The task: 2-8-8-1 tanh on the 500 spiral points of bench/tasks.h (noise 0.1, seed (1, 1)),
// whole epochs of 500 samples, learning rate 0.03, batches of 1, 10 and 32. Samples per second.
//
// The Playground's loop (github.com/tensorflow/playground, src/nn.ts and src/playground.ts; the
// code below is written for this benchmark, not copied): a network of objects, one per unit and
// one per link; for every example a forward pass (each unit sums its input links), a backward
// pass (each unit's and link's derivative accumulated), and every `batch` examples an update
// that divides the accumulated derivatives by their count. Its output unit is tanh with square
// error on labels -1/+1 (the workbook's is a sigmoid with cross-entropy on 0/1): the work per
// sample is the same, which is what is measured.
//
// Usage (make bench runs it; outputs under $(O)/bench/playground/):
//   node bench/playground_bench.js REF.wasm FAST.wasm OUTDIR [--seconds S] [--rounds R]
//                                  [--warmup S] [--batches 1,10,32] [--browser]
// prints a table per engine (node; with --browser also headless Chromium, driven over the
// DevTools pipe) and writes OUTDIR/results.tsv. The trainers take turns within each round; the
// table gives the median round and the slowest .. fastest.
'use strict';

// ---------------------------------------------------------------- the Playground's loop
//
// Its shape, as in nn.ts: a unit object holds its links in and out and what the passes need;
// activation and error functions are objects with an output and a derivative; every link carries
// its regularisation (none here) and a "dead" flag that the update checks. The derivative of
// tanh is computed from the unit's total input, calling tanh again, as nn.ts does.

const TANH = {
  output: (x) => Math.tanh(x),
  der: (x) => { const t = TANH.output(x); return 1 - t * t; },
};
const SQUARE = {
  error: (out, target) => 0.5 * Math.pow(out - target, 2),
  der: (out, target) => out - target,
};

class PgUnit {
  constructor(activation) {
    this.activation = activation;
    this.bias = 0.1;
    this.inputLinks = [];
    this.outputs = [];
    this.totalInput = 0;
    this.output = 0;
    this.outputDer = 0;
    this.inputDer = 0;
    this.accInputDer = 0;
    this.numAccumulatedDers = 0;
  }

  updateOutput() {
    let total = this.bias;
    for (let j = 0; j < this.inputLinks.length; j++) {
      const link = this.inputLinks[j];
      total += link.weight * link.source.output;
    }
    this.totalInput = total;
    this.output = this.activation.output(total);
    return this.output;
  }
}

class PgLink {
  constructor(source, dest, weight) {
    this.source = source;
    this.dest = dest;
    this.weight = weight;
    this.isDead = false;
    this.errorDer = 0;
    this.accErrorDer = 0;
    this.numAccumulatedDers = 0;
    this.regularization = null;
  }
}

// Layers of units, fully connected; weights U(-0.5, 0.5), biases 0.1 (the Playground's start).
function playgroundNetwork(shape, random) {
  const layers = [];
  for (let l = 0; l < shape.length; l++) {
    const layer = [];
    for (let i = 0; i < shape[l]; i++) {
      const unit = new PgUnit(TANH);
      if (l > 0) {
        for (const source of layers[l - 1]) {
          const link = new PgLink(source, unit, random() - 0.5);
          source.outputs.push(link);
          unit.inputLinks.push(link);
        }
      }
      layer.push(unit);
    }
    layers.push(layer);
  }
  return layers;
}

function playgroundForward(net, inputs) {
  const first = net[0];
  for (let i = 0; i < first.length; i++) first[i].output = inputs[i];
  for (let l = 1; l < net.length; l++) {
    const layer = net[l];
    for (let i = 0; i < layer.length; i++) layer[i].updateOutput();
  }
  return net[net.length - 1][0].output;
}

function playgroundBackward(net, target, errorFunction) {
  const top = net[net.length - 1][0];
  top.outputDer = errorFunction.der(top.output, target);
  for (let l = net.length - 1; l >= 1; l--) {
    const layer = net[l];
    // each unit's derivative with respect to its total input, accumulated for the update
    for (let i = 0; i < layer.length; i++) {
      const unit = layer[i];
      unit.inputDer = unit.outputDer * unit.activation.der(unit.totalInput);
      unit.accInputDer += unit.inputDer;
      unit.numAccumulatedDers++;
    }
    // each incoming link's derivative
    for (let i = 0; i < layer.length; i++) {
      const unit = layer[i];
      for (let j = 0; j < unit.inputLinks.length; j++) {
        const link = unit.inputLinks[j];
        if (link.isDead) continue;
        link.errorDer = unit.inputDer * link.source.output;
        link.accErrorDer += link.errorDer;
        link.numAccumulatedDers++;
      }
    }
    if (l === 1) continue;
    // the layer below: its derivative with respect to its output
    const below = net[l - 1];
    for (let i = 0; i < below.length; i++) {
      const unit = below[i];
      unit.outputDer = 0;
      for (let j = 0; j < unit.outputs.length; j++) {
        const link = unit.outputs[j];
        unit.outputDer += link.weight * link.dest.inputDer;
      }
    }
  }
}

function playgroundUpdate(net, learningRate, regularizationRate) {
  for (let l = 1; l < net.length; l++) {
    const layer = net[l];
    for (let i = 0; i < layer.length; i++) {
      const unit = layer[i];
      if (unit.numAccumulatedDers > 0) {
        unit.bias -= learningRate * unit.accInputDer / unit.numAccumulatedDers;
        unit.accInputDer = 0;
        unit.numAccumulatedDers = 0;
      }
      for (let j = 0; j < unit.inputLinks.length; j++) {
        const link = unit.inputLinks[j];
        if (link.isDead) continue;
        const regulDer = link.regularization ? link.regularization.der(link.weight) : 0;
        if (link.numAccumulatedDers > 0) {
          link.weight -= (learningRate / link.numAccumulatedDers) * link.accErrorDer;
          link.weight -= learningRate * regularizationRate * regulDer;
          link.accErrorDer = 0;
          link.numAccumulatedDers = 0;
        }
      }
    }
  }
}

// The inputs of one example, built per example as the Playground does (playground.ts,
// constructInput): every feature it knows, in order, those switched on in the settings.
const FEATURES = {
  x: (x, y) => x, y: (x, y) => y, xSquared: (x, y) => x * x, ySquared: (x, y) => y * y,
  xTimesY: (x, y) => x * y, sinX: (x, y) => Math.sin(x), sinY: (x, y) => Math.sin(y),
};
const SETTINGS = { x: true, y: true, xSquared: false, ySquared: false, xTimesY: false, sinX: false, sinY: false };

function constructInput(x, y) {
  const input = [];
  for (const name in FEATURES) {
    if (SETTINGS[name]) input.push(FEATURES[name](x, y));
  }
  return input;
}

// One epoch over the points in the given order: the inputs, forward and backward per example,
// an update after every `batch` examples (the Playground's (i + 1) % batch rule).
function playgroundEpoch(net, points, targets, order, batch, lr) {
  for (let k = 0; k < order.length; k++) {
    const p = order[k];
    playgroundForward(net, constructInput(points[p][0], points[p][1]));
    playgroundBackward(net, targets[p], SQUARE);
    if ((k + 1) % batch === 0) playgroundUpdate(net, lr, 0);
  }
}

// ---------------------------------------------------------------- the WebAssembly trainers

async function wasmTrainer(bytes) {
  const module = await WebAssembly.compile(bytes);
  const wasi = {};
  for (const imp of WebAssembly.Module.imports(module)) {
    if (imp.kind === 'function') wasi[imp.name] = () => 52;   // nothing is printed or read
  }
  const { exports } = await WebAssembly.instantiate(module, { wasi_snapshot_preview1: wasi });
  if (exports._initialize) exports._initialize();
  return exports;
}

// A small seeded generator for the JavaScript network's weights and the epoch orders.
function mulberry32(seed) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// ---------------------------------------------------------------- the measurements

const now = () => (typeof performance !== 'undefined' ? performance.now() : Date.now());
// In node, the process's CPU time (ms): what other processes on the machine do does not count.
// A page has no such clock: there it is wall time.
const cpu = typeof process !== 'undefined' && process.cpuUsage
  ? () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; } : now;

// Untimed epochs for `seconds`.
function warmUp(epoch, seconds) {
  const w0 = now();
  do { epoch(); } while (now() - w0 < seconds * 1000);
}

// Samples per second of `epoch` (500 samples each): untimed warm-up epochs for a fifth of the
// time, then epochs until `seconds` have passed.
function measure(epoch, seconds) {
  warmUp(epoch, seconds / 5);
  const t0 = now(), c0 = cpu();
  let n = 0;
  do { epoch(); n++; } while (now() - t0 < seconds * 1000);
  return (n * 500) / ((cpu() - c0) / 1000);
}

async function runBench(refBytes, fastBytes, opts) {
  const ref = await wasmTrainer(refBytes), fast = await wasmTrainer(fastBytes);
  // The builds compute the same training: one epoch each from the same start, batch 32.
  ref.wt_setup(32); fast.wt_setup(32);
  ref.wt_train(1); fast.wt_train(1);
  const P = ref.wt_num_params();
  const pr = new Float64Array(ref.memory.buffer, ref.wt_params(), P);
  const pf = new Float64Array(fast.memory.buffer, fast.wt_params(), P);
  let agree = 0;
  for (let k = 0; k < P; k++) agree = Math.max(agree, Math.abs(pr[k] - pf[k]) / Math.max(Math.abs(pr[k]), 1e-300));
  // The points, for the JavaScript trainer: the same 500 (labels 0/1 -> -1/+1).
  const n = ref.wt_count();
  const xy = new Float64Array(ref.memory.buffer, ref.wt_points(), 2 * n);
  const y = new Int32Array(ref.memory.buffer, ref.wt_labels(), n);
  const points = [], targets = [];
  for (let p = 0; p < n; p++) { points.push([xy[2 * p], xy[2 * p + 1]]); targets.push(y[p] ? 1 : -1); }
  // Warm-up, once, untimed: each trainer trains for opts.warmup seconds, so that the engine has
  // compiled its hot code with the optimising compiler before the rounds. The short warm-up of
  // each round is not enough everywhere: headless Chromium 156 ran the fast trainer about a
  // quarter slower than node through eleven rounds of 30 ms warm-up and 150 ms timed, and at
  // node's speed after three seconds of training.
  {
    const random = mulberry32(1), net = playgroundNetwork([2, 8, 8, 1], random);
    const order = Array.from({ length: n }, (_, k) => k);
    warmUp(() => playgroundEpoch(net, points, targets, order, 10, 0.03), opts.warmup);
    ref.wt_setup(10); fast.wt_setup(10);
    warmUp(() => ref.wt_train(1), opts.warmup);
    warmUp(() => fast.wt_train(1), opts.warmup);
  }
  const rows = [];
  for (const batch of opts.batches) {
    const random = mulberry32(7);
    const net = playgroundNetwork([2, 8, 8, 1], random);
    const order = Array.from({ length: n }, (_, k) => k);
    const jsEpoch = () => {
      for (let i = n - 1; i > 0; i--) { const j = Math.floor(random() * (i + 1)); [order[i], order[j]] = [order[j], order[i]]; }
      playgroundEpoch(net, points, targets, order, batch, 0.03);
    };
    ref.wt_setup(batch); fast.wt_setup(batch);
    const runs = { playground: [], ref: [], fast: [] };
    for (let r = 0; r < opts.rounds; r++) {
      runs.playground.push(measure(jsEpoch, opts.seconds));
      runs.ref.push(measure(() => ref.wt_train(1), opts.seconds));
      runs.fast.push(measure(() => fast.wt_train(1), opts.seconds));
    }
    for (const [trainer, v] of Object.entries(runs)) {
      const s = v.slice().sort((a, b) => a - b);
      rows.push({ batch, trainer, median: s[s.length >> 1], min: s[0], max: s[s.length - 1] });
    }
  }
  return { rows, agree, engine: opts.engine, clock: cpu === now ? 'wall-clock' : 'CPU' };
}

// ---------------------------------------------------------------- report

const fmt = (v) => v.toExponential(2).replace('e+', 'e');

function table(result) {
  const by = (b, t) => result.rows.find((r) => r.batch === b && r.trainer === t);
  const lines = [
    `Engine: ${result.engine}. Samples per ${result.clock} second, median of the rounds (slowest .. fastest):`, '',
    '| batch | Playground loop (JavaScript) | reference (wasm) | fast (wasm, SIMD) | reference / Playground | fast / Playground |',
    '|---:|---:|---:|---:|---:|---:|'];
  for (const b of [...new Set(result.rows.map((r) => r.batch))]) {
    const p = by(b, 'playground'), r = by(b, 'ref'), f = by(b, 'fast');
    const cell = (x) => `${fmt(x.median)} (${fmt(x.min)} .. ${fmt(x.max)})`;
    lines.push(`| ${b} | ${cell(p)} | ${cell(r)} | ${cell(f)} | **${(r.median / p.median).toFixed(1)}x** | **${(f.median / p.median).toFixed(1)}x** |`);
  }
  lines.push('', `The two WebAssembly builds agree after one epoch (batch 32) to ${result.agree.toExponential(1)} relative (worst parameter).`);
  return lines.join('\n');
}

// ---------------------------------------------------------------- in a page, or in node

if (typeof window !== 'undefined') {
  const decode = (b64) => Uint8Array.from(atob(b64), (ch) => ch.charCodeAt(0));
  window.benchResult = null;
  runBench(decode(window.BENCH_WASM_REF), decode(window.BENCH_WASM_FAST), window.BENCH_OPTS)
    .then((r) => { window.benchResult = r; }, (e) => { window.benchResult = { error: String(e && e.stack || e) }; });
} else {
  const fs = require('fs');
  const path = require('path');
  (async () => {
    const argv = process.argv.slice(2);
    const pos = argv.filter((a, i) => !a.startsWith('--') && !(i > 0 && argv[i - 1].startsWith('--') && argv[i - 1] !== '--browser'));
    const opt = (name, def) => { const i = argv.indexOf(`--${name}`); return i >= 0 ? argv[i + 1] : def; };
    if (pos.length !== 3) {
      console.error('usage: node playground_bench.js REF.wasm FAST.wasm OUTDIR [--seconds S] [--rounds R] [--warmup S] [--batches 1,10,32] [--browser]');
      process.exit(2);
    }
    const [refPath, fastPath, out] = pos;
    const opts = { seconds: Number(opt('seconds', '0.4')), rounds: Number(opt('rounds', '5')), warmup: Number(opt('warmup', '2')),
      batches: opt('batches', '1,10,32').split(',').map(Number), engine: `node ${process.version} (V8 ${process.versions.v8})` };
    fs.mkdirSync(out, { recursive: true });
    const refBytes = fs.readFileSync(refPath), fastBytes = fs.readFileSync(fastPath);
    const results = [await runBench(refBytes, fastBytes, opts)];
    console.log(table(results[0]) + '\n');
    if (argv.includes('--browser')) {
      // The same script in a page of headless Chromium (the playground's test driver).
      const { startChromium, openTab } = require(path.resolve(__dirname, '../playground/test.js'));
      const page = path.join(out, 'bench.html');
      fs.writeFileSync(path.join(out, 'wasm.js'), `window.BENCH_WASM_REF = "${refBytes.toString('base64')}";\n` +
        `window.BENCH_WASM_FAST = "${fastBytes.toString('base64')}";\n`);
      fs.copyFileSync(__filename, path.join(out, 'playground_bench.js'));
      const browser = startChromium();
      try {
        const tab = await openTab(browser);
        const version = (await browser.send('Browser.getVersion')).product;
        const bopts = { ...opts, engine: `headless Chromium (${version})` };
        fs.writeFileSync(page, `<!doctype html><meta charset="utf-8"><title>bench</title>
<script>window.BENCH_OPTS = ${JSON.stringify(bopts)};</script>
<script src="wasm.js"></script><script src="playground_bench.js"></script>\n`);
        await tab.navigate('file://' + path.resolve(page));
        const r = await tab.waitFor('window.benchResult', 300000, 'the benchmark in Chromium');
        if (r.error) throw new Error(r.error);
        results.push(r);
        console.log(table(r) + '\n');
      } finally {
        await browser.close();
      }
    }
    const tsv = ['engine\tbatch\ttrainer\tmedian\tmin\tmax'];
    for (const r of results) {
      for (const row of r.rows) tsv.push([r.engine, row.batch, row.trainer, row.median, row.min, row.max].join('\t'));
    }
    fs.writeFileSync(path.join(out, 'results.tsv'), tsv.join('\n') + '\n');
    process.exit(0);
  })().catch((e) => { console.error(e.stack || e); process.exit(1); });
}
