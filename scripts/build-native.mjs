#!/usr/bin/env node
// Builds the optional native addon (native/binding.gyp -> native/build/Release/dml_native.node)
// with node-gyp against this Node's own headers (no download). `--optional` (npm's postinstall):
// a failed build prints one line and exits 0, so `npm install` never breaks and dml-lens runs on
// wasm. Without it (`npm run build:native`, CI) the compiler's output shows and failure exits 1.
// DML_NATIVE_BUILD=0 skips the build.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const optional = process.argv.includes('--optional');
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dir = path.join(root, 'native');
const HINT = 'install g++, make and python3 (apt-get install g++ make python3), then run `npm run build:native`';

function nodeGyp() {
  const candidates = [
    process.env.npm_config_node_gyp,
    path.join(path.dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'),
    path.join(root, 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'),
  ];
  return candidates.find((c) => c && fs.existsSync(c));
}

function finish(ok, reason) {
  if (ok) console.log(`dml-lens: native kernels built (${path.relative(root, path.join(dir, 'build', 'Release', 'dml_native.node'))})`);
  else
    console.log(`dml-lens: native kernels not built (${reason}); dml-lens runs on the wasm backend. For the faster native GEMM: ${HINT}`);
  process.exit(ok || optional ? 0 : 1);
}

if (process.env.DML_NATIVE_BUILD === '0') {
  console.log('dml-lens: native kernels skipped (DML_NATIVE_BUILD=0)');
  process.exit(0);
}
const gyp = nodeGyp();
if (!gyp) finish(false, 'node-gyp was not found');
const args = [gyp, 'rebuild', '--directory', dir];
// Node's own headers ship with most installs (include/node/node_api.h): no download needed.
const prefix = path.resolve(path.dirname(process.execPath), '..');
if (fs.existsSync(path.join(prefix, 'include', 'node', 'node_api.h'))) args.push(`--nodedir=${prefix}`);
const res = spawnSync(process.execPath, args, { stdio: optional ? 'pipe' : 'inherit', encoding: 'utf8' });
if (res.status === 0) finish(true);
const output = `${res.stdout ?? ''}${res.stderr ?? ''}`;
const firstError = output
  .split('\n')
  .find((l) => /error|not found|No such file/i.test(l) && !/gyp info/.test(l))
  ?.trim();
finish(false, firstError ? firstError.slice(0, 160) : `node-gyp exited with ${res.status ?? res.signal}`);
