// Multi-threaded wasm in Node. tfjs-backend-wasm ships a threaded SIMD build (XNNPACK on a
// pthreadpool of Emscripten workers) but never uses it in Node (flags_wasm.js: "Enable node
// support once tensorflow/tfjs#3830 is resolved"). Forcing the flag fails because tfjs hands the
// pthread workers blob: URLs, which Node's Worker refuses. Here we start that build ourselves:
// 1. the worker script and the main script are written to real files (Node's Worker takes paths);
// 2. backend.cc caps the pool at emscripten_num_logical_cores() / 2 (it assumes hyper-threads), so
//    the main script reports 2 x the wanted threads;
// 3. the build pre-starts 8 workers; we start as many as the threads wanted;
// 4. the pool's workers are unref'd, or they would keep the process alive after its work.
// Kernels registered for 'wasm' stay as they are: only the backend's factory is replaced.
import * as tf from '@tensorflow/tfjs';
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigError } from '../errors';

const require = createRequire(import.meta.url);
const BUILD = '@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd';
const CORES_CALL = 'return require("os").cpus().length';
const POOL_SIZE = 'var pthreadPoolSize=8';

interface EmscriptenModule {
  cwrap(name: string, ret: string | null, args: string[]): (...a: number[]) => number;
  PThread: { runningWorkers: { unref(): void }[] };
  tfjs?: unknown;
}
type Factory = (config: Record<string, unknown>) => Promise<EmscriptenModule>;

/**
 * Threads to use on wasm: DML_WASM_THREADS when set (1 = the single-threaded build), else every
 * core, at most 8 (backend.cc's cap).
 */
export function wantedWasmThreads(): number {
  const raw = process.env.DML_WASM_THREADS?.trim();
  if (raw) {
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 1 || n > 8) {
      throw new ConfigError([`DML_WASM_THREADS="${raw}" must be a whole number from 1 to 8 (threads for the wasm backend)`], 'backend');
    }
    return n;
  }
  const cores = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
  return Math.max(1, Math.min(8, cores));
}

/** Writes the two scripts the pthread workers load; same content, same folder, so processes share it. */
function writeScripts(threads: number): { workerFile: string; mainFile: string } {
  const factory = require(`${BUILD}.js`) as Factory;
  const { wasmWorkerContents } = require(`${BUILD}.worker.js`) as { wasmWorkerContents: string };
  const source = factory.toString();
  for (const needle of [CORES_CALL, POOL_SIZE]) {
    if (!source.includes(needle)) throw new Error(`this tfjs-backend-wasm build has no "${needle}" to patch`);
  }
  // The pool needs threads - 1 workers (the calling thread works too); starting 8 costs ~0.5 s.
  const patched = source.replace(CORES_CALL, `return ${2 * threads}`).replace(POOL_SIZE, `var pthreadPoolSize=${threads}`);
  const main =
    `var WasmBackendModuleThreadedSimd = ${patched};\n` +
    'if (typeof module === "object") module.exports = WasmBackendModuleThreadedSimd;\n';
  // The worker source carries raw newlines inside string literals; tfjs escapes them the same way.
  const worker = wasmWorkerContents.replace(/\n/g, '\\n');
  const hash = createHash('sha256').update(main).update(worker).digest('hex').slice(0, 16);
  const dir = path.join(os.tmpdir(), `dml-lens-wasm-${hash}`);
  const files = { workerFile: path.join(dir, 'worker.cjs'), mainFile: path.join(dir, 'main.cjs') };
  if (!fs.existsSync(files.mainFile)) {
    fs.mkdirSync(dir, { recursive: true });
    for (const [file, text] of [
      [files.workerFile, worker],
      [files.mainFile, main],
    ] as const) {
      const tmp = `${file}.${process.pid}.tmp`;
      fs.writeFileSync(tmp, text);
      fs.renameSync(tmp, file); // atomic: a concurrent process never reads half a file
    }
  }
  return files;
}

let activeThreads = 1;

/** Threads the wasm backend runs on (1 until a threaded backend has started). */
export function wasmThreads(): number {
  return activeThreads;
}

/**
 * Replaces the 'wasm' backend factory with the threaded build on `threads` threads. Call after
 * importing @tensorflow/tfjs-backend-wasm and before tf.setBackend('wasm').
 */
export async function registerThreadedWasm(threads: number): Promise<void> {
  const wasmPkg = (await import('@tensorflow/tfjs-backend-wasm')) as unknown as {
    BackendWasm: new (m: EmscriptenModule) => tf.KernelBackend;
  };
  const { workerFile, mainFile } = writeScripts(threads);
  const factory = require(mainFile) as Factory;
  const wasmDir = path.dirname(require.resolve(`${BUILD}.js`));
  if (tf.findBackendFactory('wasm')) tf.removeBackend('wasm');
  tf.registerBackend(
    'wasm',
    async () => {
      const module = await factory({
        locateFile: (p: string) => (p.endsWith('.worker.js') ? workerFile : path.join(wasmDir, p)),
        mainScriptUrlOrBlob: mainFile,
      });
      module.tfjs = {
        init: module.cwrap('init', null, []),
        initWithThreadsCount: module.cwrap('init_with_threads_count', null, ['number']),
        getThreadsCount: module.cwrap('get_threads_count', 'number', []),
        registerTensor: module.cwrap('register_tensor', null, ['number', 'number', 'number']),
        disposeData: module.cwrap('dispose_data', null, ['number']),
        dispose: module.cwrap('dispose', null, []),
      };
      const backend = new wasmPkg.BackendWasm(module); // creates the pthreadpool (init_with_threads_count)
      for (const worker of module.PThread.runningWorkers) worker.unref();
      activeThreads = (module.tfjs as { getThreadsCount(): number }).getThreadsCount();
      return backend;
    },
    2,
  );
}
