// Where one training step's time goes: `npx tsx bench/step-profile.ts [base|large] [layers] [key=value ...]`.
// Times every kernel on the current backend by name (wall time of its kernelFunc; wasm and native
// kernels are synchronous) and the step's phases (forward+backward, update), so the JS and tape
// bookkeeping show as the remainder. Extra key=value pairs go to the training config, e.g.
// `loraRank=8 microBatch=2 recompute=true`. Random weights; one warm-up step, then one profiled.
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../lib/backend/backend';
import { tokenBatchFromIds } from '../lib/model/batch';
import { loadClassifier } from '../lib/model/classifier';
import { buildLoss } from '../lib/training/build-loss';
import { parseTrainConfig } from '../lib/training/config';
import { applyFineTunePlan, fineTunePlan, halfWeightsOnLoad } from '../lib/training/fine-tuning';
import { trainLoop, type StepPhase } from '../lib/training/train-loop';
import { benchCheckpoint, benchShape, wasmHeapMiB } from './sizes-shapes';

const kernelMs = new Map<string, { ms: number; calls: number }>();
let timing = false;
/** The most bytes of live tensors seen after any kernel, and the kernel that reached it. */
const peakLive = { bytes: 0, at: '' };

function timeKernels(): void {
  const backend = tf.getBackend();
  for (const k of tf.getKernelsForBackend(backend)) {
    const inner = k.kernelFunc;
    const kernelFunc = ((args: never) => {
      if (!timing) return inner(args);
      const t0 = performance.now();
      const out = inner(args);
      const live = tf.memory().numBytes;
      if (live > peakLive.bytes) Object.assign(peakLive, { bytes: live, at: k.kernelName });
      const e = kernelMs.get(k.kernelName) ?? { ms: 0, calls: 0 };
      e.ms += performance.now() - t0;
      e.calls++;
      kernelMs.set(k.kernelName, e);
      return out;
    }) as tf.KernelFunc;
    tf.unregisterKernel(k.kernelName, backend);
    tf.registerKernel({ ...k, kernelFunc });
  }
}

async function main(): Promise<void> {
  const [name = 'base', layersArg, ...rest] = process.argv.slice(2);
  const extra = Object.fromEntries(rest.map((kv) => kv.split('=')).map(([k, v]) => [k, v === 'true' ? true : Number.isNaN(+v) ? v : +v]));
  await initBackend({ quiet: true });
  const config = benchShape(name === 'large' ? 'large' : 'base', Number(layersArg) || undefined);
  const parsed = parseTrainConfig({ dataset: 'bench', model: 'bench', loss: 'ce', batchSize: 8, maxLength: 64, warmupSteps: 0, ...extra });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  const t = parsed.config;
  const dir = await benchCheckpoint(config);
  const tokenizer = { vocabSize: config.vocab_size, padId: 1, clsId: 0, sepId: 2, maskId: 3, unkId: 3 } as never;
  const model = await loadClassifier(dir, { quiet: true, numLabels: 2, tokenizer, halfWeights: halfWeightsOnLoad(t) });
  applyFineTunePlan(model.params, model.config, fineTunePlan(model.config, t), 1, t.weightsDtype);
  const loss = buildLoss(t, 2, config.hidden_size, 0);
  timeKernels();
  const rows = Array.from({ length: 8 }, (_, i) => [0, ...Array.from({ length: 62 }, (_, j) => 5 + ((i * 997 + j * 131) % 50000)), 2]);
  const phases: { label: string; at: number }[] = [];
  let stepStart = 0;
  await trainLoop({
    model,
    loss,
    batch: tokenBatchFromIds(rows, 1),
    labels: rows.map((_, i) => i % 2),
    seed: 1,
    options: { ...t, steps: 2 },
    onPhase: (p: StepPhase) => {
      if (p.step === 2)
        phases.push({ label: p.phase === 'update' ? 'update' : `forward-backward ${p.part}/${p.parts}`, at: performance.now() });
    },
    onStep: (s) => {
      if (s.step === 1) {
        timing = true;
        stepStart = performance.now();
      } else timing = false;
    },
  });
  const end = performance.now();
  const total = end - stepStart;
  console.log(
    `${name} ${config.num_hidden_layers} layers ${JSON.stringify(extra)}: step ${(total / 1000).toFixed(2)} s, heap ${wasmHeapMiB().toFixed(0)} MiB`,
  );
  console.log(
    `  peak live tensors ${(peakLive.bytes / 2 ** 20).toFixed(0)} MiB (after ${peakLive.at}); at the end ${(tf.memory().numBytes / 2 ** 20).toFixed(0)} MiB`,
  );
  phases.forEach((p, i) => console.log(`  ${p.label}: ${(((phases[i + 1]?.at ?? end) - p.at) / 1000).toFixed(2)} s`));
  const rowsOut = [...kernelMs].sort((a, b) => b[1].ms - a[1].ms);
  const inKernels = rowsOut.reduce((s, [, e]) => s + e.ms, 0);
  for (const [k, e] of rowsOut.slice(0, 25))
    console.log(`  ${k.padEnd(28)} ${(e.ms / 1000).toFixed(3).padStart(8)} s ${String(e.calls).padStart(6)} calls`);
  console.log(`  kernels ${(inKernels / 1000).toFixed(2)} s, outside kernels (JS, tape) ${((total - inKernels) / 1000).toFixed(2)} s`);
  loss.dispose();
  model.dispose();
}

await main();
