// Loads the optional native addon (native/, built by scripts/build-native.mjs at install): a GEMM
// of our own with AVX-512 / AVX2+FMA / portable micro-kernels and a thread pool (docs/backend.md).
// DML_NATIVE=0 turns it off; DML_NATIVE=1 makes its absence an error naming what to install;
// unset, it is used when it loads and the reason is kept for `dml-lens doctor` when it does not.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { ConfigError } from '../errors';
import { projectRoot } from '../paths';

/** The functions native/src/addon.cc exports. */
export interface NativeAddon {
  gemm(
    a: Float32Array,
    b: Float32Array,
    c: Float32Array,
    bias: Float32Array | null,
    batch: number,
    M: number,
    N: number,
    K: number,
    transA: number,
    transB: number,
    strideA: number,
    strideB: number,
  ): void;
  gelu(x: Float32Array, y: Float32Array): void;
  geluGrad(x: Float32Array, dy: Float32Array, dx: Float32Array): void;
  layerNorm(
    x: Float32Array,
    residual: Float32Array | null,
    gamma: Float32Array,
    beta: Float32Array,
    y: Float32Array,
    xhat: Float32Array,
    rstd: Float32Array,
    eps: number,
  ): void;
  layerNormGrad(
    dy: Float32Array,
    xhat: Float32Array,
    rstd: Float32Array,
    gamma: Float32Array,
    dx: Float32Array,
    dgamma: Float32Array,
    dbeta: Float32Array,
  ): void;
  maskedSoftmax(
    scores: Float32Array,
    mask: Float32Array | null,
    probs: Float32Array,
    cols: number,
    rowsPerMask: number,
    scale: number,
  ): void;
  maskedSoftmaxGrad(probs: Float32Array, dprobs: Float32Array, dscores: Float32Array, cols: number, scale: number): void;
  /** out[j] = Σ_i x[i·out.length + j]. */
  columnSums(x: Float32Array, out: Float32Array): void;
  /** AdamW in place; coefficients [β1, β2, ε, lr, wd, bc1, bc2, gradScale, transformers ? 1 : 0] (native/src/adamw.cc). */
  adamw(p: Float32Array, m: Float32Array, v: Float32Array, g: Float32Array, coefficients: Float64Array): void;
  /** Σ x² in double. */
  sumOfSquares(x: Float32Array): number;
  /** Products over (batch x heads) through strides; layout: see native/src/addon-rows.cc. */
  headGemm(a: Float32Array, b: Float32Array, c: Float32Array, layout: Float64Array): void;
  setThreads(n: number): number;
  threads(): number;
  hardwareThreads(): number;
  simd(): string;
  cpuBestSimd(): string;
  setSimd(name: string): string;
  fmaPeak(simd: string, seconds: number): number;
  setEngine(name: 'own' | 'blas'): string;
  blas(): string;
}

export interface NativeStatus {
  addon?: NativeAddon;
  /** Why it is not loaded (absent when loaded). */
  reason?: string;
  file: string;
}

export const BUILD_HINT = 'build it with `npm run build:native` (needs g++, make and python3: apt-get install g++ make python3)';

let cached: NativeStatus | undefined;

/** The addon's path: DML_NATIVE_ADDON when set (tests), else native/build/Release/dml_native.node. */
export function nativeAddonFile(): string {
  return process.env.DML_NATIVE_ADDON?.trim() || path.join(projectRoot(), 'native', 'build', 'Release', 'dml_native.node');
}

function mode(): 'off' | 'on' | 'auto' {
  const raw = process.env.DML_NATIVE?.trim();
  if (raw === undefined || raw === '' || raw === 'auto') return 'auto';
  if (raw === '0') return 'off';
  if (raw === '1') return 'on';
  throw new ConfigError([`DML_NATIVE="${raw}" must be 0 (off), 1 (required) or unset (use it when it loads)`], 'backend');
}

function tryLoad(file: string): NativeStatus {
  if (!fs.existsSync(file)) return { file, reason: `the native addon is not built (${file} is missing); ${BUILD_HINT}` };
  try {
    const addon = createRequire(import.meta.url)(file) as NativeAddon;
    if (typeof addon.gemm !== 'function') return { file, reason: `${file} is not the dml-lens addon (no gemm); rebuild it: ${BUILD_HINT}` };
    return { file, addon };
  } catch (err) {
    return { file, reason: `the native addon failed to load (${(err as Error).message.split('\n')[0]}); rebuild it: ${BUILD_HINT}` };
  }
}

/**
 * The addon when it should be used, with the reason when not. Throws a ConfigError when
 * DML_NATIVE=1 and it cannot load. Cached per process (forget() resets it for tests).
 */
export function nativeStatus(): NativeStatus {
  const m = mode();
  if (m === 'off') return { file: nativeAddonFile(), reason: 'turned off by DML_NATIVE=0' };
  cached ??= tryLoad(nativeAddonFile());
  if (m === 'on' && !cached.addon) throw new ConfigError([`DML_NATIVE=1 but ${cached.reason}`], 'backend');
  return cached;
}

/** Drops the cached load result (tests that change DML_NATIVE or DML_NATIVE_ADDON). */
export function forgetNativeStatus(): void {
  cached = undefined;
}
