// `dml-lens doctor`: what a user needs to know about the compute on this machine: the backend
// picked and why, threads, native kernels loaded or why not, SIMD level (cpuid flags), the
// backend's memory limit, tfjs-node(-gpu) status (for tfjs-node-gpu the exact shared library it
// misses and the CUDA present), GPU visible or not, and what to install for more.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import * as tf from '@tensorflow/tfjs';
import { backendName, describeBackend, initBackend, skippedBackends } from './backend';
import { BUILD_HINT, nativeStatus } from './native-addon';
import { nativeProductsActive } from './native-kernels';
import { wantedWasmThreads, wasmThreads } from './wasm-threads';

export interface DoctorReport {
  backend: { picked: string; described: string; forced: boolean; skipped: string[] };
  threads: { backend: number; wanted: number; cores: number };
  native: {
    loaded: boolean;
    used: boolean;
    simd?: string;
    cpuBest?: string;
    threads?: number;
    blas?: string;
    reason?: string;
    file: string;
  };
  cpu: { model: string; simdFlags: string[]; simdLevel: string };
  memory: { limit: string; inUse?: string };
  tfjsNode: Record<'node' | 'node-gpu', string>;
  gpu: { visible: boolean; detail: string; cuda?: string };
  advice: string[];
}

const SIMD_FLAGS = ['sse4_2', 'avx', 'avx2', 'fma', 'avx512f', 'avx512bw', 'avx512vl', 'avx512_bf16', 'amx_tile', 'asimd', 'sve'];

function cpuInfo(): DoctorReport['cpu'] {
  const model = os.cpus()[0]?.model ?? 'unknown';
  let flags: string[] = [];
  try {
    const text = fs.readFileSync('/proc/cpuinfo', 'utf8');
    flags = (/^(?:flags|Features)\s*:(.*)$/m.exec(text)?.[1] ?? '').trim().split(/\s+/);
  } catch {
    // not Linux: the addon's cpuid answer below still says what the GEMM uses
  }
  const simdFlags = SIMD_FLAGS.filter((f) => flags.includes(f));
  const level = simdFlags.includes('avx512f')
    ? 'avx512'
    : simdFlags.includes('avx2') && simdFlags.includes('fma')
      ? 'avx2+fma'
      : simdFlags.includes('asimd')
        ? 'neon'
        : simdFlags.length
          ? simdFlags[simdFlags.length - 1]
          : 'unknown';
  return { model, simdFlags, simdLevel: level };
}

function run(cmd: string, args: string[]): string | undefined {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 10_000 });
  } catch {
    return undefined;
  }
}

/** CUDA runtimes present: from nvidia-smi's header and libcudart files the loader can find. */
function cudaPresent(): string | undefined {
  const driver = /CUDA Version:\s*([\d.]+)/.exec(run('nvidia-smi', []) ?? '')?.[1];
  const libs = new Set<string>();
  for (const line of (run('ldconfig', ['-p']) ?? '').split('\n')) {
    const m = /(libcudart\.so\.[\d.]+)/.exec(line);
    if (m) libs.add(m[1]);
  }
  for (const dir of [
    '/usr/local/cuda/lib64',
    ...(fs.existsSync('/usr/local')
      ? fs
          .readdirSync('/usr/local')
          .filter((d) => d.startsWith('cuda-'))
          .map((d) => `/usr/local/${d}/lib64`)
      : []),
  ]) {
    if (fs.existsSync(dir)) for (const f of fs.readdirSync(dir)) if (/^libcudart\.so\.\d/.test(f)) libs.add(f);
  }
  const parts = [
    driver ? `driver supports CUDA ${driver}` : '',
    libs.size ? `runtime ${[...libs].sort().join(', ')}` : 'no libcudart found',
  ].filter(Boolean);
  return driver || libs.size ? parts.join('; ') : undefined;
}

function gpuInfo(): DoctorReport['gpu'] {
  const list = run('nvidia-smi', ['-L'])?.trim();
  const procDriver = fs.existsSync('/proc/driver/nvidia/version')
    ? fs.readFileSync('/proc/driver/nvidia/version', 'utf8').split('\n')[0]
    : undefined;
  const cuda = cudaPresent();
  if (list) return { visible: true, detail: list.split('\n').join('; '), cuda };
  if (procDriver) return { visible: true, detail: `NVIDIA driver loaded (${procDriver.trim()}), nvidia-smi not found`, cuda };
  return { visible: false, detail: 'no NVIDIA GPU visible (no nvidia-smi, no /proc/driver/nvidia)', cuda };
}

/** One line per tfjs-node package: loaded, or the exact reason (the missing shared library). */
export function tfjsNodeStatus(picked: string, skipped: string[], gpu: DoctorReport['gpu']): DoctorReport['tfjsNode'] {
  const status = (choice: 'node' | 'node-gpu'): string => {
    if (picked === choice) return 'loaded (in use)';
    const failure = skipped
      .find((s) => s.startsWith(`${choice}:`))
      ?.slice(choice.length + 1)
      .trim();
    if (!failure) return picked === 'node-gpu' ? 'not tried (tfjs-node-gpu is in use)' : `not tried (DML_BACKEND forces ${picked})`;
    if (/Cannot find (package|module)/.test(failure)) return `not installed (@tensorflow/tfjs-${choice}: optional dependency absent)`;
    const lib = /(lib[\w.+-]+\.so[\w.]*): cannot open shared object file/.exec(failure)?.[1];
    if (lib) return `fails to load: ${lib} is missing${choice === 'node-gpu' ? `; CUDA here: ${gpu.cuda ?? 'none found'}` : ''}`;
    return `fails to load: ${failure}`;
  };
  return { node: status('node'), 'node-gpu': status('node-gpu') };
}

function memoryInfo(picked: string): DoctorReport['memory'] {
  if (picked === 'wasm') {
    const heap = (tf.backend() as unknown as { wasm?: { HEAPU8?: Uint8Array } }).wasm?.HEAPU8?.buffer.byteLength;
    return {
      limit: '4 GiB wasm32 heap (every tensor of the process lives in it)',
      inUse: heap ? `${(heap / 2 ** 20).toFixed(0)} MiB heap reserved` : undefined,
    };
  }
  if (picked === 'cpu') return { limit: `system memory (${(os.totalmem() / 2 ** 30).toFixed(1)} GiB; typed arrays outside the JS heap)` };
  return { limit: `system memory (${(os.totalmem() / 2 ** 30).toFixed(1)} GiB)${picked === 'node-gpu' ? ' and the GPU memory' : ''}` };
}

export async function diagnose(): Promise<DoctorReport> {
  const forced = Boolean(process.env.DML_BACKEND?.trim());
  await initBackend({ quiet: true });
  const picked = backendName();
  const skipped = skippedBackends();
  const native = nativeStatus();
  const gpu = gpuInfo();
  const cpu = cpuInfo();
  const report: DoctorReport = {
    backend: { picked, described: describeBackend(), forced, skipped },
    threads: {
      backend: picked === 'wasm' ? wasmThreads() : 1,
      wanted: wantedWasmThreads(),
      cores: os.availableParallelism?.() ?? os.cpus().length,
    },
    native: native.addon
      ? {
          loaded: true,
          used: nativeProductsActive(),
          simd: native.addon.simd(),
          cpuBest: native.addon.cpuBestSimd(),
          threads: native.addon.threads(),
          blas: native.addon.blas(),
          file: native.file,
        }
      : { loaded: false, used: false, reason: native.reason, file: native.file },
    cpu,
    memory: memoryInfo(picked),
    tfjsNode: tfjsNodeStatus(picked, skipped, gpu),
    gpu,
    advice: [],
  };
  if (!native.addon && process.env.DML_NATIVE !== '0') report.advice.push(`native GEMM: ${BUILD_HINT}`);
  if (native.addon && picked !== 'wasm')
    report.advice.push(`the native GEMM runs under the wasm backend; ${picked} is in use (DML_BACKEND=wasm to use it)`);
  if (report.tfjsNode.node.startsWith('not installed'))
    report.advice.push('tfjs-node (TensorFlow C library, CPU): npm install @tensorflow/tfjs-node (downloads libtensorflow at install)');
  if (gpu.visible && picked !== 'node-gpu') {
    const lib = /(\S+) is missing/.exec(report.tfjsNode['node-gpu'])?.[1];
    report.advice.push(
      lib
        ? `GPU: tfjs-node-gpu 4.22 needs ${lib} (CUDA 11.x runtime with cuDNN 8); install the CUDA 11.8 runtime libraries next to ${gpu.cuda ?? 'the driver'}, or stay on the CPU backends`
        : 'GPU: npm install @tensorflow/tfjs-node-gpu (needs the CUDA 11.x runtime and cuDNN 8)',
    );
  }
  return report;
}

export function formatReport(r: DoctorReport): string {
  const lines = [
    `backend        ${r.backend.described}${r.backend.forced ? ' (forced by DML_BACKEND)' : ' (first that loads of node-gpu, node, wasm, cpu)'}`,
    ...r.backend.skipped.map((s) => `  skipped      ${s}`),
    `threads        ${r.threads.backend} in use, ${r.threads.wanted} wanted (DML_WASM_THREADS), ${r.threads.cores} cores`,
    r.native.loaded
      ? `native GEMM    ${r.native.used ? 'in use' : 'loaded, not in use'}: ${r.native.simd} micro-kernel (best this CPU allows: ${r.native.cpuBest}), ${r.native.threads} thread(s); system BLAS: ${r.native.blas}`
      : `native GEMM    not loaded: ${r.native.reason}`,
    `CPU            ${r.cpu.model}; SIMD ${r.cpu.simdLevel} (${r.cpu.simdFlags.join(' ') || 'flags unknown'})`,
    `memory         ${r.memory.limit}${r.memory.inUse ? `; ${r.memory.inUse}` : ''}`,
    `tfjs-node      ${r.tfjsNode.node}`,
    `tfjs-node-gpu  ${r.tfjsNode['node-gpu']}`,
    `GPU            ${r.gpu.visible ? 'visible: ' : ''}${r.gpu.detail}${r.gpu.cuda ? `; ${r.gpu.cuda}` : ''}`,
  ];
  if (r.advice.length) lines.push('for more speed:', ...r.advice.map((a) => `  - ${a}`));
  return lines.join('\n');
}
