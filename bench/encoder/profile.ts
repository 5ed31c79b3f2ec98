// Where a training step's time goes: `npx tsx bench/encoder/profile.ts [tiny|small|base]` runs one
// step under tf.profile (after a warm-up) and prints each kernel's share of the summed kernel time,
// largest first (kernels only: the op scopes around them are left out). On wasm the kernels are
// synchronous, so a kernel's time is its wall time. DML_PROFILE_SHAPES=<kernel> prints that kernel's
// input shapes and time per call.
import { pathToFileURL } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { describeBackend, describeNative, initBackend } from '../../lib/backend/backend';
import { benchModel } from './model';
import { BENCH_SIZES, type BenchSize } from './shapes';

export interface KernelShare {
  kernel: string;
  ms: number;
  calls: number;
}

/** Kernel time of one training step of `size`, by kernel name, largest first. */
export async function profileStep(size: BenchSize): Promise<KernelShare[]> {
  const model = await benchModel(size);
  model.step();
  const info = await tf.profile(() => model.step());
  model.dispose();
  const byName = new Map<string, KernelShare>();
  for (const k of info.kernels) {
    if (!tf.getKernel(k.name, tf.getBackend())) continue; // op scopes (customGrad, fused ops) contain kernels listed on their own
    if (process.env.DML_PROFILE_SHAPES && k.name === process.env.DML_PROFILE_SHAPES)
      console.log(k.name, JSON.stringify(k.inputShapes), k.kernelTimeMs);
    const entry = byName.get(k.name) ?? { kernel: k.name, ms: 0, calls: 0 };
    entry.ms += typeof k.kernelTimeMs === 'number' ? k.kernelTimeMs : 0;
    entry.calls++;
    byName.set(k.name, entry);
  }
  return [...byName.values()].sort((a, b) => b.ms - a.ms);
}

export function printProfile(label: string, shares: KernelShare[], top = 12): void {
  const total = shares.reduce((s, k) => s + k.ms, 0);
  console.log(`profile of one ${label} training step: ${total.toFixed(0)} ms of kernels`);
  for (const k of shares.slice(0, top)) {
    console.log(
      `  ${k.kernel.padEnd(24)} ${((100 * k.ms) / total).toFixed(1).padStart(5)} %  ${k.ms.toFixed(1).padStart(8)} ms  ${k.calls} calls`,
    );
  }
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const size = (process.argv[2] ?? 'small') as BenchSize;
  if (!BENCH_SIZES.includes(size)) throw new Error(`size "${size}" must be one of ${BENCH_SIZES.join(', ')}`);
  await initBackend({ quiet: true });
  console.log(describeBackend() + describeNative());
  printProfile(size, await profileStep(size));
}
