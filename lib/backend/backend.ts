// The one place that decides the tfjs backend. Order: tfjs-node-gpu, tfjs-node, wasm, cpu; the
// first that loads wins. `DML_BACKEND=node-gpu|node|wasm|cpu` (or `force`) asks for one and fails
// loudly if it cannot load. tfjs-node(-gpu) are optional dependencies: absent where libtensorflow
// could not be downloaded (docs/environment.md §1), so the loader falls back.
import * as tf from '@tensorflow/tfjs';
import { ConfigError } from '../errors';
import { nativeStatus, type NativeStatus } from './native-addon';
import { nativeProductsActive, registerNativeKernels } from './native-kernels';
import { registerWasmKernels } from './wasm-kernels';
import { registerThreadedWasm, wantedWasmThreads, wasmThreads } from './wasm-threads';

export type BackendChoice = 'node-gpu' | 'node' | 'wasm' | 'cpu';
export const BACKEND_CHOICES: readonly BackendChoice[] = ['node-gpu', 'node', 'wasm', 'cpu'];

let current: BackendChoice | undefined;
let pending: Promise<BackendChoice> | undefined;
let logged = false;
let wasmThreadOverride: number | undefined;
let skipped: string[] = []; // why the automatic choice passed over the backends before the one picked

const CRASH_EVENTS = ['uncaughtException', 'unhandledRejection'] as const;

type Listener = (...args: never[]) => unknown;

function listenerSnapshot(): Map<string, Listener[]> {
  return new Map(CRASH_EVENTS.map((e) => [e, process.listeners(e as 'uncaughtException') as Listener[]]));
}

/**
 * The emscripten module of the wasm backend installs process-wide uncaughtException /
 * unhandledRejection handlers that rethrow, so any later crash prints its whole minified
 * source line. We keep Node's default handling instead.
 */
function removeAddedListeners(before: Map<string, Listener[]>): void {
  for (const e of CRASH_EVENTS) {
    for (const l of process.listeners(e as 'uncaughtException'))
      if (!before.get(e)!.includes(l)) process.removeListener(e, l as (...args: unknown[]) => void);
  }
}

/** Loads one backend and makes it current; throws with the reason when it cannot. */
async function activate(choice: BackendChoice): Promise<void> {
  if (choice === 'node-gpu' || choice === 'node') {
    // Both register the 'tensorflow' backend on the shared tfjs-core engine.
    const pkg = choice === 'node-gpu' ? '@tensorflow/tfjs-node-gpu' : '@tensorflow/tfjs-node';
    await import(/* webpackIgnore: true */ pkg);
    if (!(await tf.setBackend('tensorflow'))) throw new Error(`${pkg} loaded but its backend did not initialise`);
    return;
  }
  if (choice === 'wasm') {
    await import('@tensorflow/tfjs-backend-wasm');
    const threads = wasmThreadOverride ?? wantedWasmThreads();
    if (threads > 1 && !tf.engine().registry.wasm) await registerThreadedWasm(threads);
    const before = listenerSnapshot();
    const ok = await tf.setBackend('wasm');
    removeAddedListeners(before);
    if (!ok) throw new Error('the wasm backend did not initialise');
    registerWasmKernels();
    const native = nativeStatus();
    if (native.addon) {
      native.addon.setThreads(threads);
      registerNativeKernels(native.addon);
    }
    return;
  }
  if (!(await tf.setBackend('cpu'))) throw new Error('the cpu backend did not initialise');
  // tfjs' cpu backend greets its first tensor in Node with a banner advising tfjs-node; our start-up
  // line already names the backend and why, and `dml-lens doctor` says what to install
  (tf.backend() as unknown as { firstUse?: boolean }).firstUse = false;
}

function requested(force?: BackendChoice): BackendChoice | undefined {
  const value = force ?? (process.env.DML_BACKEND?.trim() || undefined);
  if (value === undefined) return undefined;
  if (!BACKEND_CHOICES.includes(value as BackendChoice)) {
    throw new ConfigError(
      [`DML_BACKEND="${value}" is not a backend; use one of ${BACKEND_CHOICES.join(', ')} (or unset it to pick automatically)`],
      'backend',
    );
  }
  return value as BackendChoice;
}

async function choose(want: BackendChoice | undefined): Promise<BackendChoice> {
  if (want) {
    try {
      await activate(want);
      return want;
    } catch (err) {
      const hint = want.startsWith('node') ? ' (tfjs-node needs libtensorflow, downloaded at install time; see docs/encoder.md)' : '';
      throw new ConfigError(
        [`backend "${want}" could not be loaded: ${(err as Error).message}${hint}; choose another with DML_BACKEND=wasm|cpu`],
        'backend',
      );
    }
  }
  const failures: string[] = [];
  for (const choice of BACKEND_CHOICES) {
    try {
      await activate(choice);
      skipped = failures;
      return choice;
    } catch (err) {
      failures.push(`${choice}: ${(err as Error).message.split('\n')[0]}`);
    }
  }
  throw new Error(`no tfjs backend could be loaded:\n  ${failures.join('\n  ')}`);
}

/**
 * Picks and initialises the backend once; later calls return the same name. A call with a
 * different `force` switches backends (tests compare wasm and cpu in one process).
 * @returns the backend label: 'node-gpu' | 'node' | 'wasm' | 'cpu'
 */
export async function initBackend(opts: { force?: BackendChoice; quiet?: boolean; wasmThreads?: number } = {}): Promise<string> {
  const want = requested(opts.force);
  nativeStatus(); // DML_NATIVE=1 without the addon fails here, before any fallback
  if (opts.wasmThreads !== undefined && !current) wasmThreadOverride = opts.wasmThreads;
  if (pending && (!want || want === current)) return pending;
  if (pending) await pending.catch(() => undefined);
  pending = choose(want).then((choice) => {
    current = choice;
    if (!opts.quiet && !logged) {
      logged = true;
      process.stderr.write(`dml-lens: tfjs backend ${describeBackend()}${want ? ' (forced)' : ''}${describeNative()}\n`);
    }
    return choice;
  });
  pending.catch(() => {
    pending = undefined;
  });
  return pending;
}

/** The backend chosen by initBackend ('node-gpu' | 'node' | 'wasm' | 'cpu'); throws before it. */
export function backendName(): string {
  if (!current) throw new Error('initBackend() has not completed yet');
  return current;
}

/**
 * The native kernels' part of the log line: ' + native GEMM (avx512, 2 threads)' when the wasm
 * products run natively, ', native GEMM off: <reason>' on wasm without them, '' elsewhere.
 */
export function describeNative(): string {
  if (backendName() !== 'wasm') return '';
  const native: NativeStatus = nativeStatus();
  if (native.addon && nativeProductsActive())
    return ` + native GEMM (${native.addon.simd()}, ${native.addon.threads()} thread${native.addon.threads() === 1 ? '' : 's'})`;
  return native.reason ? `; native GEMM not used: ${native.reason}` : '';
}

/** Why the automatic choice skipped each backend before the one it picked ('node: Cannot find module ...'). */
export function skippedBackends(): string[] {
  return [...skipped];
}

/** The backend with its thread count on wasm, for logs and benchmark headers: 'wasm (2 threads)'. */
export function describeBackend(): string {
  const name = backendName();
  return name === 'wasm' ? `wasm (${wasmThreads()} thread${wasmThreads() === 1 ? '' : 's'})` : name;
}
