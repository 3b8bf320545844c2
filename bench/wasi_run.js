// wasi_run.js -- runs a WebAssembly command (wasm32-wasi, with a main) in node, for the checks
// that must see the WebAssembly build compute what the native one does (make bench-short runs
// check_fast this way).
//
// Usage: node --no-warnings bench/wasi_run.js PROGRAM.wasm [FILE]...
// The program gets the FILEs as its arguments, by their absolute paths, and may read them (each
// file's folder is opened to it, read-only in intent: the program is ours); it writes to this
// process's stdout and stderr, and its exit status is this process's. No network, no clock
// beyond what WASI gives.
'use strict';

const fs = require('fs');
const path = require('path');
const { WASI } = require('node:wasi');

const [program, ...files] = process.argv.slice(2);
if (!program) {
  console.error('usage: node --no-warnings bench/wasi_run.js PROGRAM.wasm [FILE]...');
  process.exit(2);
}
const args = files.map((f) => path.resolve(f));
const preopens = {};
for (const f of args) preopens[path.dirname(f)] = path.dirname(f);
const wasi = new WASI({ version: 'preview1', args: [program, ...args], env: {}, preopens, returnOnExit: true });
(async () => {
  const module = await WebAssembly.compile(fs.readFileSync(program));
  // getImportObject from node 19.8 on; before, the imports were wasi.wasiImport
  const imports = wasi.getImportObject ? wasi.getImportObject() : { wasi_snapshot_preview1: wasi.wasiImport };
  const instance = await WebAssembly.instantiate(module, imports);
  process.exitCode = wasi.start(instance);
})().catch((e) => {
  // a trap inside the program: where, by its functions' names; anything else: what
  const trap = e instanceof WebAssembly.RuntimeError;
  console.error(`${program}: ${trap ? e.stack : e.message || e}`);
  process.exitCode = 1;
});
