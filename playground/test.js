// test.js -- drives the playground page in headless Chromium for playground/test.sh.
// Plain node (18 or newer), no packages: Chromium is driven through the DevTools protocol over a
// pipe (--remote-debugging-pipe), so no port is opened; every host name resolves to nothing and
// every request the page makes is recorded, so "offline" is checked, not assumed.
//
//   node test.js reference PAGE NATIVE SHOTS    the reference build: loads from file:// with no
//       console errors and no request off the machine; trains the spiral (2 hidden layers of 8
//       tanh) to >= 95 % and xor (1 hidden layer) to >= 98 % training accuracy within 2000
//       epochs through the page's buttons; the losses after 1 and 10 epochs equal the native
//       build's (NATIVE, playground/native.c) to 1e-9 relative; bad URL fragments are clamped or
//       refused with a visible message and the page stays responsive; frame timing while playing.
//   node test.js loads PAGE SHOTS    a page (the single-file build) loads, trains, stays offline.
//   node test.js figure PAGE FRAGMENT EPOCHS OUT.png    a picture of the page after EPOCHS
//       epochs (make playground-figures: the static figures of the PDF handouts).
//   node test.js message PAGE SHOTS NAME FRAGMENT TEXT...   a page whose C is not ready: after
//       loading (and pressing Run, when it can) it shows an error naming TEXT (each a substring).
// Screenshots (PNG) go to SHOTS. Exit status 0 when everything holds; one line per problem.
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawn, execFileSync } = require('child_process');

const problems = [];
const fail = (msg) => { problems.push(msg); console.log('FAIL ' + msg); };
const ok = (msg) => console.log('ok   ' + msg);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// ---------------------------------------------------------------- Chromium over a pipe

function startChromium() {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'playground-chromium-'));
  const args = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync',
    `--user-data-dir=${profile}`, '--remote-debugging-pipe', '--host-resolver-rules=MAP * ~NOTFOUND',
    '--hide-scrollbars', '--mute-audio', 'about:blank'];
  const proc = spawn(process.env.CHROMIUM || 'chromium', args, { stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe'] });
  let stderr = '';
  proc.stderr.on('data', (d) => { stderr = (stderr + d).slice(-8000); });
  const out = proc.stdio[3], inp = proc.stdio[4];
  let nextId = 1, buf = '';
  const pending = new Map(), listeners = [];
  inp.on('data', (chunk) => {
    buf += chunk.toString('utf8');
    let i;
    while ((i = buf.indexOf('\0')) >= 0) {
      const msg = JSON.parse(buf.slice(0, i));
      buf = buf.slice(i + 1);
      if (msg.id && pending.has(msg.id)) {
        const p = pending.get(msg.id);
        pending.delete(msg.id);
        if (msg.error) p.reject(new Error(`${p.method}: ${msg.error.message}`)); else p.resolve(msg.result);
      } else if (msg.method) {
        for (const l of listeners) l(msg);
      }
    }
  });
  proc.on('exit', (code, sig) => {
    for (const p of pending.values()) p.reject(new Error(`chromium exited (${code ?? sig}): ${stderr.slice(-1500)}`));
    pending.clear();
  });
  const send = (method, params = {}, sessionId) => new Promise((resolve, reject) => {
    const id = nextId++;
    pending.set(id, { resolve, reject, method });
    out.write(JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) }) + '\0');
  });
  const exited = new Promise((resolve) => proc.on('exit', resolve));
  // Asks Chromium to quit (its helper processes go with it), kills it if it does not, then
  // removes the profile; a profile that cannot be removed yet is left in the temporary folder.
  const close = async () => {
    await Promise.race([send('Browser.close').catch(() => {}), sleep(3000)]);
    await Promise.race([exited, sleep(5000)]);
    try { proc.kill('SIGKILL'); } catch (e) { /* gone already */ }
    for (let attempt = 0; attempt < 10; attempt++) {
      try { fs.rmSync(profile, { recursive: true, force: true }); break; } catch (e) { await sleep(200); }
    }
  };
  return { send, on: (f) => listeners.push(f), close };
}

// A tab: navigation, evaluation in the page, screenshots; console errors and requests recorded.
async function openTab(browser) {
  const { targetId } = await browser.send('Target.createTarget', { url: 'about:blank' });
  const { sessionId } = await browser.send('Target.attachToTarget', { targetId, flatten: true });
  const send = (m, p) => browser.send(m, p, sessionId);
  const tab = { errors: [], requests: [], logs: [] };
  browser.on((msg) => {
    if (msg.sessionId !== sessionId) return;
    const p = msg.params;
    if (msg.method === 'Runtime.consoleAPICalled') {
      const textOf = p.args.map((a) => a.value !== undefined ? a.value : a.description).join(' ');
      tab.logs.push(`${p.type}: ${textOf}`);
      if (p.type === 'error' || p.type === 'assert') tab.errors.push(`console.${p.type}: ${textOf}`);
    } else if (msg.method === 'Runtime.exceptionThrown') {
      const d = p.exceptionDetails;
      tab.errors.push(`exception: ${d.exception ? d.exception.description : d.text}`);
    } else if (msg.method === 'Log.entryAdded' && p.entry.level === 'error') {
      tab.errors.push(`log: ${p.entry.text} ${p.entry.url || ''}`);
    } else if (msg.method === 'Network.requestWillBeSent') {
      tab.requests.push(p.request.url);
    }
  });
  await send('Page.enable');
  await send('Runtime.enable');
  await send('Log.enable');
  await send('Network.enable');
  await send('Emulation.setDeviceMetricsOverride', { width: 1280, height: 1000, deviceScaleFactor: 1, mobile: false });
  tab.eval = async (expr) => {
    const r = await send('Runtime.evaluate', { expression: expr, awaitPromise: true, returnByValue: true });
    if (r.exceptionDetails) throw new Error(`in the page: ${r.exceptionDetails.exception ? r.exceptionDetails.exception.description : r.exceptionDetails.text}`);
    return r.result.value;
  };
  tab.navigate = (url) => send('Page.navigate', { url });
  tab.send = send;
  tab.goto = async (url) => {
    await send('Page.navigate', { url: 'about:blank' });
    await sleep(50);
    await send('Page.navigate', { url });
    await tab.waitFor(`document.body && ['ready', 'error'].includes(document.body.dataset.state)`, 20000, `${url} to load`);
  };
  tab.waitFor = async (expr, ms, what) => {
    const end = Date.now() + ms;
    for (;;) {
      let v = false;
      try { v = await tab.eval(expr); } catch (e) { /* not there yet */ }
      if (v) return v;
      if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
      await sleep(50);
    }
  };
  tab.shot = async (file) => {
    const { data } = await send('Page.captureScreenshot', { format: 'png', captureBeyondViewport: false });
    fs.writeFileSync(file, Buffer.from(data, 'base64'));
  };
  return tab;
}

// ---------------------------------------------------------------- the page's controls

// Clicks through the DOM, as a student does: the dataset thumbnails, +/- buttons, Run.
const click = (sel) => `(() => { const e = document.querySelector(${JSON.stringify(sel)}); if (!e) throw new Error('no ' + ${JSON.stringify(sel)}); e.click(); return true; })()`;
const choose = (id, value) => `(() => { const e = document.getElementById(${JSON.stringify(id)}); e.value = ${JSON.stringify(value)}; e.dispatchEvent(new Event('change')); return e.value; })()`;
const shape = 'window.playground.settings().networkShape.join(",")';

async function setShape(tab, want) {
  // layers first, then the units of each layer, with the page's own buttons
  for (let guard = 0; guard < 20; guard++) {
    const n = (await tab.eval(shape)).split(',').filter((s) => s !== '').length;
    if (n === want.length) break;
    await tab.eval(click(n < want.length ? '#add-layer' : '#remove-layer'));
  }
  for (let l = 0; l < want.length; l++) {
    for (let guard = 0; guard < 20; guard++) {
      const units = (await tab.eval(shape)).split(',').map(Number);
      if (units[l] === want[l]) break;
      const which = units[l] < want[l] ? 1 : 2;   // the layer's + or - button
      await tab.eval(click(`.plusminus[data-layer="${l}"] button:nth-child(${which})`));
    }
  }
  const got = await tab.eval(shape);
  if (got !== want.join(',')) throw new Error(`could not set the network to ${want.join(',')} with its buttons (got ${got})`);
}

// Runs until the training accuracy reaches `target` or the epoch passes `limit`; returns the best
// accuracy seen at an epoch <= limit and the epoch it was first reached.
async function playUntil(tab, target, limit, timeoutMs) {
  await tab.eval(click('#play'));
  const end = Date.now() + timeoutMs;
  let best = { acc: 0, epoch: 0 };
  for (;;) {
    await sleep(100);
    const h = await tab.eval('window.playground.history.map((e) => [e.epoch, e.trainAcc])');
    for (const [epoch, acc] of h) if (epoch <= limit && acc > best.acc) best = { acc, epoch };
    const last = h.length ? h[h.length - 1][0] : 0;
    const err = await tab.eval('window.playground.error()');
    if (err) throw new Error(`training stopped: ${err.message}`);
    if (best.acc >= target || last > limit || Date.now() > end) break;
  }
  await tab.eval('window.playground.playing && document.getElementById("play").click(), true');
  return best;
}

// ---------------------------------------------------------------- the reference build

async function reference(page, nativeBin, shots) {
  const browser = startChromium();
  try {
    const tab = await openTab(browser);
    const base = 'file://' + path.resolve(page);

    // 1. loads, offline, no console errors
    await tab.goto(base);
    const state = await tab.eval('document.body.dataset.state');
    if (state !== 'ready') fail(`the page did not get ready (state ${state}): ${JSON.stringify(await tab.eval('window.playground.error()'))}`);
    else ok('the page loads from file:// and the network is ready');
    await sleep(300);
    await tab.shot(path.join(shots, 'reference-start.png'));

    // 2. spiral, 2 hidden layers of 8 tanh, through the controls
    await tab.eval(click('canvas.dataset[data-dataset="spiral"]'));
    await setShape(tab, [8, 8]);
    await tab.eval(choose('activation', 'tanh'));
    const s1 = await tab.eval('window.playground.settings()');
    const t0 = Date.now();
    const spiral = await playUntil(tab, 0.95, 2000, 120000);
    const secs = (Date.now() - t0) / 1000;
    const frames = await tab.eval('window.playground.frameWork.slice()');
    if (spiral.acc >= 0.95) ok(`spiral, 2 hidden layers of 8 tanh (lr ${s1.learningRate}, batch ${s1.batchSize}): training accuracy ${(100 * spiral.acc).toFixed(1)} % at epoch ${spiral.epoch} (${secs.toFixed(1)} s)`);
    else fail(`spiral: training accuracy ${(100 * spiral.acc).toFixed(1)} % by epoch 2000, expected >= 95 %`);
    await tab.eval('window.playground.playing || document.getElementById("play").click(), true');
    const fps = await tab.eval(`new Promise((resolve) => { let n = 0; const t0 = performance.now();
      const tick = () => { n++; if (performance.now() - t0 < 2000) requestAnimationFrame(tick); else resolve(n / ((performance.now() - t0) / 1000)); };
      requestAnimationFrame(tick); })`);
    await tab.eval('window.playground.playing && document.getElementById("play").click(), true');
    const work = (await tab.eval('window.playground.frameWork.slice()')).concat(frames).sort((a, b) => a - b);
    const median = work.length ? work[work.length >> 1] : 0, p90 = work.length ? work[Math.floor(work.length * 0.9)] : 0;
    const perEpoch = await tab.eval('window.playground.msPerEpoch()');
    if (median > 1000 / 60) fail(`a frame's work (training, maps, drawing) takes ${median.toFixed(1)} ms at the median: over the 16.7 ms of 60 fps`);
    else ok(`frames while training: ${fps.toFixed(0)} per second; work per frame median ${median.toFixed(1)} ms, 90th percentile ${p90.toFixed(1)} ms (${work.length} frames; ${perEpoch.toFixed(3)} ms per epoch)`);
    await tab.shot(path.join(shots, 'reference-spiral.png'));

    // 3. xor, 1 hidden layer (of 8), through the controls
    await tab.eval(click('canvas.dataset[data-dataset="xor"]'));
    await setShape(tab, [8]);
    const xor = await playUntil(tab, 0.98, 2000, 120000);
    if (xor.acc >= 0.98) ok(`xor, 1 hidden layer of 8 tanh: training accuracy ${(100 * xor.acc).toFixed(1)} % at epoch ${xor.epoch}`);
    else fail(`xor: training accuracy ${(100 * xor.acc).toFixed(1)} % by epoch 2000, expected >= 98 %`);
    await tab.shot(path.join(shots, 'reference-xor.png'));

    // 4. the same numbers as native, after 1 and 10 epochs, for a few settings
    const cases = [
      'dataset=spiral&networkShape=8,8&activation=tanh&learningRate=0.03&batchSize=10&seed=1',
      'dataset=circle&networkShape=4,3,2&activation=relu&learningRate=0.1&batchSize=7&seed=5&sinX=true&xSquared=true&noise=20&percTrainData=70',
      'dataset=gauss&networkShape=&activation=sigmoid&learningRate=1&batchSize=30&seed=9&xTimesY=true&sinY=true&ySquared=true&noise=50&percTrainData=10',
      'dataset=xor&networkShape=6,6,6,6,6,6&activation=sigmoid&learningRate=0.3&batchSize=1&seed=123&noise=35',
    ];
    let worst = 0, worstWhat = '';
    for (const fragment of cases) {
      await tab.goto(`${base}#${fragment}`);
      const s = await tab.eval('window.playground.settings()');
      const page = {};
      for (let e = 1; e <= 10; e++) {
        await tab.eval(click('#step'));
        if (e === 1 || e === 10) {
          page[e] = await tab.eval(`({ epoch: window.playground.history.slice(-1)[0].epoch,
            train: Number(document.getElementById('loss-train').dataset.value),
            test: Number(document.getElementById('loss-test').dataset.value) })`);
        }
      }
      const mask = ['x', 'y', 'xSquared', 'ySquared', 'xTimesY', 'sinX', 'sinY'].reduce((m, k, i) => m | (s[k] ? 1 << i : 0), 0);
      const args = [`dataset=${['circle', 'xor', 'gauss', 'spiral'].indexOf(s.dataset)}`, `noise=${s.noise / 100}`,
        `train=${s.percTrainData}`, `seed=${s.seed}`, `features=${mask}`, `activation=${{ sigmoid: 0, tanh: 1, relu: 2 }[s.activation]}`,
        `shape=${s.networkShape.join(',')}`, `batch=${s.batchSize}`, `lr=${s.learningRate}`, 'epochs=1,10'];
      const native = {};
      for (const line of execFileSync(nativeBin, args, { encoding: 'utf8' }).split('\n')) {
        const m = line.match(/^epoch (\d+) train_loss (\S+) test_loss (\S+)/);
        if (m) native[m[1]] = { train: Number(m[2]), test: Number(m[3]) };
      }
      for (const e of [1, 10]) {
        if (!page[e] || page[e].epoch !== e || !native[e]) {
          fail(`${fragment}: no loss after epoch ${e} (page ${JSON.stringify(page[e])}, native ${JSON.stringify(native[e])})`);
          continue;
        }
        for (const k of ['train', 'test']) {
          const a = page[e][k], b = native[e][k];
          const rel = Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b), 1e-300);
          if (!(rel <= 1e-9)) fail(`${fragment}: ${k} loss after ${e} epoch(s): page ${a}, native ${b}, relative difference ${rel.toExponential(2)} > 1e-9`);
          if (!(rel <= worst)) { worst = rel; worstWhat = `${k} loss after ${e} epoch(s) of ${s.dataset} ${s.networkShape.join(',') || 'no hidden layer'} ${s.activation}: page ${a}, native ${b}`; }
        }
      }
    }
    ok(`losses after 1 and 10 epochs equal the native build's for ${cases.length} settings; worst relative difference ${worst.toExponential(2)} (${worstWhat || 'none'})`);

    // 5. bad fragments: clamped or refused with a visible message, and the page still trains
    const bad = [
      ['dataset=moon', 'dataset="moon" is not one of', { dataset: 'circle' }],
      [`networkShape=${Array(99).fill(8).join(',')}`, 'networkShape has 99 hidden layers; the most is 6', { networkShape: [8, 8, 8, 8, 8, 8] }],
      ['networkShape=99,0,abc', 'units is outside 1 .. 8', { networkShape: [8, 1, 2] }],
      ['learningRate=-1', 'learningRate="-1" must be a positive number', { learningRate: 0.03 }],
      ['learningRate=1e999', 'must be a positive number', { learningRate: 0.03 }],
      ['noise=abc&batchSize=1000000', 'noise="abc" is not a number', { noise: 0, batchSize: 30 }],
      ['percTrainData=55&seed=-7', 'percTrainData="55" is outside 10 .. 90 in steps of 10', { percTrainData: 60, seed: 0 }],
      ['x=false&y=false', 'no input feature is on', { x: true, y: true }],
      ['hello%20world&%zz=1', 'unknown setting', {}],
      [`x=${'1'.repeat(100000)}`, 'only the first 2000 were read', {}],
    ];
    for (const [fragment, says, expect] of bad) {
      const t = Date.now();
      await tab.goto(`${base}#${fragment}`);
      const shown = await tab.eval(`(() => { const e = document.getElementById('settings-problems');
        return e && e.offsetHeight > 0 ? e.textContent : ''; })()`);
      const s = await tab.eval('window.playground.settings()');
      const stateNow = await tab.eval('document.body.dataset.state');
      const label = fragment.length > 60 ? fragment.slice(0, 57) + '...' : fragment;
      if (!shown.includes(says)) fail(`#${label}: no visible message with "${says}" (shown: "${shown.slice(0, 200)}")`);
      for (const [k, v] of Object.entries(expect)) {
        if (JSON.stringify(s[k]) !== JSON.stringify(v)) fail(`#${label}: ${k} is ${JSON.stringify(s[k])}, expected ${JSON.stringify(v)}`);
      }
      if (stateNow !== 'ready') fail(`#${label}: the page is not ready after it (state ${stateNow})`);
      await tab.eval(click('#step'));
      const epoch = await tab.eval('window.playground.history.slice(-1)[0].epoch');
      if (epoch !== 1) fail(`#${label}: Step did not train an epoch afterwards`);
      const ms = Date.now() - t;
      if (ms > 10000) fail(`#${label}: took ${ms} ms to handle`);
    }
    ok(`${bad.length} bad fragments: each clamped or refused with a visible message, the page ready and training after it`);
    await tab.goto(`${base}#${bad[1][0]}&learningRate=-1&dataset=moon`);
    await tab.shot(path.join(shots, 'reference-bad-fragment.png'));

    // 6. no console errors, no request that leaves the machine
    const away = tab.requests.filter((u) => !/^(file|data|blob|about):/.test(u));
    if (away.length) fail(`requests off the machine: ${away.slice(0, 5).join(' ')}`);
    else ok(`${tab.requests.length} requests, all file:, data:, blob: or about:`);
    if (tab.errors.length) fail(`console errors: ${tab.errors.slice(0, 5).join(' | ')}`);
    else ok('no console errors');
  } finally {
    await browser.close();
  }
}

// ---------------------------------------------------------------- a page that must refuse

async function message(page, shots, name, fragment, texts) {
  const browser = startChromium();
  try {
    const tab = await openTab(browser);
    await tab.goto('file://' + path.resolve(page) + (fragment ? '#' + fragment : ''));
    let err = await tab.eval('window.playground.error()');
    if (!err) {
      // it trains: run until the C side stops it
      await tab.eval(click('#play'));
      await tab.waitFor('window.playground.error()', 60000, 'the page to stop training with a message');
      err = await tab.eval('window.playground.error()');
    }
    const shown = await tab.eval(`(() => { const e = document.getElementById('c-error');
      return e && e.offsetHeight > 0 ? e.textContent : ''; })()`);
    const disabled = await tab.eval('document.getElementById("play").disabled');
    for (const t of texts) {
      if (!shown.includes(t)) fail(`${name}: the message does not say "${t}": "${shown}"`);
    }
    if (!disabled) fail(`${name}: Run is still enabled after the message`);
    if (tab.errors.length) fail(`${name}: console errors: ${tab.errors.slice(0, 3).join(' | ')}`);
    await tab.shot(path.join(shots, `${name}.png`));
    if (!problems.length) ok(`${name}: "${shown}"`);
  } finally {
    await browser.close();
  }
}

// ---------------------------------------------------------------- a page that just works

async function loads(page, shots) {
  const browser = startChromium();
  try {
    const tab = await openTab(browser);
    await tab.goto('file://' + path.resolve(page) + '#dataset=xor&networkShape=4');
    const state = await tab.eval('document.body.dataset.state');
    if (state !== 'ready') fail(`${page}: not ready (state ${state})`);
    for (let k = 0; k < 3; k++) await tab.eval(click('#step'));
    const epoch = await tab.eval('window.playground.history.slice(-1)[0].epoch');
    if (epoch !== 3) fail(`${page}: three Steps gave epoch ${epoch}`);
    const away = tab.requests.filter((u) => !/^(file|data|blob|about):/.test(u));
    if (away.length) fail(`${page}: requests off the machine: ${away.slice(0, 3).join(' ')}`);
    if (tab.errors.length) fail(`${page}: console errors: ${tab.errors.slice(0, 3).join(' | ')}`);
    await tab.shot(path.join(shots, 'single-file.png'));
    if (!problems.length) ok(`${path.basename(page)} (one file) loads and trains, offline, with no console errors`);
  } finally {
    await browser.close();
  }
}

// ---------------------------------------------------------------- a figure for the PDF handouts

// The page with FRAGMENT after EPOCHS epochs (Step, EPOCHS times): the same picture every time.
async function figure(page, fragment, epochs, out) {
  const browser = startChromium();
  try {
    const tab = await openTab(browser);
    await tab.goto('file://' + path.resolve(page) + '#' + fragment);
    if (!(await tab.eval('window.playground.ready'))) throw new Error(`${page}#${fragment}: not ready`);
    await tab.eval(`(() => { const b = document.getElementById('step'); for (let k = 0; k < ${Number(epochs)}; k++) b.click(); return true; })()`);
    await sleep(200);
    const box = await tab.eval(`(() => { const m = document.getElementById('main').getBoundingClientRect();
      const t = document.getElementById('top-controls').getBoundingClientRect();
      return { x: 0, y: t.top, width: Math.ceil(m.right), height: Math.ceil(m.bottom - t.top) }; })()`);
    const { data } = await tab.send('Page.captureScreenshot', { format: 'png', clip: { ...box, scale: 1 } });
    fs.writeFileSync(out, Buffer.from(data, 'base64'));
    const last = await tab.eval('window.playground.history.slice(-1)[0]');
    ok(`${out}: epoch ${last.epoch}, training accuracy ${(100 * last.trainAcc).toFixed(1)} %, test ${(100 * last.testAcc).toFixed(1)} %`);
  } finally {
    await browser.close();
  }
}

// ---------------------------------------------------------------- main

if (require.main !== module) {
  module.exports = { startChromium, openTab, click, sleep };
  return;
}

(async () => {
  const [cmd, ...args] = process.argv.slice(2);
  try {
    if (cmd === 'reference' && args.length === 3) {
      fs.mkdirSync(args[2], { recursive: true });
      await reference(args[0], args[1], args[2]);
    } else if (cmd === 'figure' && args.length === 4) {
      await figure(args[0], args[1], args[2], args[3]);
    } else if (cmd === 'loads' && args.length === 2) {
      fs.mkdirSync(args[1], { recursive: true });
      await loads(args[0], args[1]);
    } else if (cmd === 'message' && args.length >= 5) {
      fs.mkdirSync(args[1], { recursive: true });
      await message(args[0], args[1], args[2], args[3], args.slice(4));
    } else {
      console.error('usage: node test.js reference PAGE NATIVE SHOTS | loads PAGE SHOTS | message PAGE SHOTS NAME FRAGMENT TEXT...');
      process.exit(2);
    }
  } catch (e) {
    fail(e.message);
  }
  process.exit(problems.length ? 1 : 0);
})();
