// Model-size bench: training steps of the RoBERTa-base shape (12 x 768, vocabulary 50,265) at batch
// 8 x 64, full fine-tuning, plain and with --recompute; the RoBERTa-large shape (24 x 1024) with LoRA
// (rank 8 on query,value, --recompute), frozen weights in float32 and in bfloat16. Step time (median
// of the timed steps after one warm-up), peak wasm heap and peak RSS; with `--peer`, PyTorch's step
// time for `base` and `large` full fine-tuning (../shared/bench/torch_bert_bench.py, batch 8, as many
// threads as the wasm backend uses) in the same run, as ratios.
// Random weights (speed does not depend on them), written once under the OS temp folder.
// DML_BENCH_LAYERS=n shortens both shapes to n layers (quick checks; say so when reporting).
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { describeBackend, describeNative, initBackend } from '../lib/backend/backend';
import { wantedWasmThreads } from '../lib/backend/wasm-threads';
import { tokenBatchFromIds } from '../lib/model/batch';
import { loadClassifier } from '../lib/model/classifier';
import type { EncoderConfig } from '../lib/model/types';
import { buildLoss } from '../lib/training/build-loss';
import { parseTrainConfig, type TrainConfig } from '../lib/training/config';
import { applyFineTunePlan, fineTunePlan, halfWeightsOnLoad } from '../lib/training/fine-tuning';
import { describeEstimate, estimateTrainingMemory } from '../lib/training/memory-budget';
import { trainLoop } from '../lib/training/train-loop';
import { benchCheckpoint, benchShape, wasmHeapMiB } from './sizes-shapes';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function step(label: string, config: EncoderConfig, extra: Record<string, unknown>, steps: number): Promise<number> {
  await initBackend({ quiet: true });
  const parsed = parseTrainConfig({ dataset: 'bench', model: 'bench', loss: 'ce', batchSize: 8, maxLength: 64, warmupSteps: 0, ...extra });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  const t: TrainConfig = parsed.config;
  const dir = await benchCheckpoint(config);
  const tokenizer = { vocabSize: config.vocab_size, padId: 1, clsId: 0, sepId: 2, maskId: 3, unkId: 3 } as never;
  const model = await loadClassifier(dir, { quiet: true, numLabels: 2, tokenizer, halfWeights: halfWeightsOnLoad(t) });
  applyFineTunePlan(model.params, model.config, fineTunePlan(model.config, t), 1, t.weightsDtype);
  const loss = buildLoss(t, 2, config.hidden_size, 0);
  const rows = Array.from({ length: 8 }, (_, i) => [0, ...Array.from({ length: 62 }, (_, j) => 5 + ((i * 997 + j * 131) % 50000)), 2]);
  const stamps: number[] = [performance.now()];
  let phases = 0;
  await trainLoop({
    model,
    loss,
    batch: tokenBatchFromIds(rows, 1),
    labels: rows.map((_, i) => i % 2),
    seed: 1,
    options: { ...t, steps: steps + 1 },
    onStep: () => void stamps.push(performance.now()),
    onPhase: () => void phases++,
  });
  loss.dispose();
  model.dispose();
  const times = stamps.slice(2).map((s, i) => (s - stamps[i + 1]) / 1000);
  const sec = median(times.length ? times : [(stamps[1] - stamps[0]) / 1000]);
  const est = estimateTrainingMemory(config, { ...t, numLabels: 2 });
  console.log(
    `${label}: ${sec.toFixed(2)} s/step (${times.length || 1} timed), peak wasm heap ${wasmHeapMiB().toFixed(0)} MiB, peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB, ${phases} progress callbacks; budget ${describeEstimate(est)}`,
  );
  return sec;
}

function peer(name: string, threads: number): number | undefined {
  const script = path.resolve(process.cwd(), '..', 'shared', 'bench', 'torch_bert_bench.py');
  try {
    const out = execFileSync('/usr/bin/python3', [script, name, String(threads), '8'], {
      encoding: 'utf8',
      timeout: 1_800_000,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const tps = Number(/train_tokens_per_s=(\d+)/.exec(out)?.[1]);
    const sec = (8 * 64) / tps;
    console.log(`peer ${name}: ${out.trim()} → ${sec.toFixed(2)} s/step`);
    return sec;
  } catch (err) {
    console.log(`peer ${name}: not available (${(err as Error).message.split('\n')[0]}); install python3-torch to compare`);
    return undefined;
  }
}

/** label, shape, train config, timed steps (after one warm-up) */
const CASES: Record<string, [string, 'base' | 'large', Record<string, unknown>, number]> = {
  'base-full': ['base full fine-tuning 8x64', 'base', {}, 2],
  'base-recompute': ['base full fine-tuning --recompute 8x64', 'base', { recompute: true }, 2],
  'large-lora': ['large LoRA r8 query,value --recompute 8x64', 'large', { loraRank: 8, recompute: true }, 1],
  'large-lora-bf16': [
    'large LoRA r8 query,value --recompute --weights-dtype bfloat16 8x64',
    'large',
    { loraRank: 8, recompute: true, weightsDtype: 'bfloat16' },
    1,
  ],
};

/** Each case in its own process: the wasm heap never shrinks, so its size is that case's peak. */
function inChild(name: string): number | undefined {
  try {
    const out = execFileSync(process.execPath, ['--import', 'tsx', new URL(import.meta.url).pathname, name], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    process.stdout.write(out);
    return Number(/([\d.]+) s\/step/.exec(out)?.[1]);
  } catch (err) {
    console.log(`${name}: failed (${(err as Error).message.split('\n')[0]})`);
    return undefined;
  }
}

export async function run(opts: { peer?: boolean } = {}): Promise<void> {
  await initBackend({ quiet: true });
  const layers = process.env.DML_BENCH_LAYERS ? ` (${process.env.DML_BENCH_LAYERS} layers only)` : '';
  console.log(`backend ${describeBackend()}${describeNative()}${layers}`);
  // written here, so no case's heap peak includes writing its checkpoint
  for (const name of ['base', 'large'] as const) await benchCheckpoint(benchShape(name));
  const [full, recompute, lora, loraHalf] = Object.keys(CASES).map(inChild);
  if (!opts.peer) return;
  const threads = wantedWasmThreads();
  const pb = peer('base', threads);
  const pl = peer('large', threads);
  const ratio = (what: string, ours?: number, theirs?: number) => ours && theirs && console.log(`${what} = ${(ours / theirs).toFixed(2)}x`);
  ratio('base: dml-lens / PyTorch', full, pb);
  ratio('base --recompute: dml-lens / PyTorch', recompute, pb);
  ratio('large: dml-lens LoRA / PyTorch full fine-tuning', lora, pl);
  ratio('large: dml-lens LoRA bfloat16 / PyTorch full fine-tuning', loraHalf, pl);
}

const which = process.argv[2];
if (which && CASES[which]) {
  const [label, name, extra, steps] = CASES[which];
  await step(label, benchShape(name), extra, steps);
}
