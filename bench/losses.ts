// Loss library bench: one loss evaluation + gradient (w.r.t. the embeddings and the loss's own
// weights) on 4,096 embeddings × 256 dims (64 sentences × 64 tokens, every token labelled with its
// sentence's label), with 2 and with 6 classes, on the wasm backend. Prints wall-clock time and
// this process's CPU time (steadier on a shared machine). `peer`: one timed repetition instead of
// three (quicker when the machine is shared).
import * as tf from '@tensorflow/tfjs';
import { createLoss, LOSS_NAMES, type LossName } from '../lib/losses/index';
import { initBackend } from '../lib/backend/backend';
import { Rng } from '../lib/util/random';

const SENTENCES = 64;
const TOKENS = 64;
const DIM = 256;
const SAMPLED_ANCHORS = 1024;
/** Losses evaluated over row blocks of the pair matrix (pairwise.ts), where maxAnchors applies. */
const PAIR_LOSSES: readonly LossName[] = ['triplet-margin', 'batch-all-triplet', 'contrastive', 'multi-similarity', 'ntxent', 'supcon'];

function tokenLabels(numClasses: number): tf.Tensor1D {
  const labels = new Int32Array(SENTENCES * TOKENS);
  for (let s = 0; s < SENTENCES; s++) labels.fill(s % numClasses, s * TOKENS, (s + 1) * TOKENS);
  return tf.tensor1d(labels, 'int32');
}

interface Timing {
  wallMs: number;
  cpuMs: number;
}

/** Wall and CPU milliseconds of each timed repetition of value + gradients, after one warm-up call. */
function timeLoss(
  name: LossName,
  numClasses: number,
  embeddings: tf.Tensor2D,
  repetitions: number,
  maxAnchors?: number,
): { timings: Timing[]; value: number } {
  const loss = createLoss(name, { numClasses, embeddingSize: DIM, seed: 0, maxAnchors });
  const labels = tokenLabels(numClasses);
  const step = () => {
    const { value, grads } = tf.valueAndGrads((x: tf.Tensor, ..._w: tf.Tensor[]) => loss.compute(x as tf.Tensor2D, labels))([
      embeddings,
      ...loss.trainableWeights(),
    ]);
    const out = value.dataSync()[0];
    grads.forEach((g) => g.dataSync()); // wait for the backend
    value.dispose();
    grads.forEach((g) => g.dispose());
    return out;
  };
  let value = step();
  const timings: Timing[] = [];
  for (let r = 0; r < repetitions; r++) {
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    value = step();
    const cpu = process.cpuUsage(c0);
    timings.push({ wallMs: performance.now() - t0, cpuMs: (cpu.user + cpu.system) / 1000 });
  }
  labels.dispose();
  loss.dispose();
  return { timings, value };
}

export async function run(opts: { peer?: boolean }): Promise<void> {
  const backend = await initBackend({ force: 'wasm', quiet: true });
  const repetitions = opts.peer ? 1 : 3;
  const embeddings = tf.tensor2d(new Rng(7).normalArray(SENTENCES * TOKENS * DIM), [SENTENCES * TOKENS, DIM]);
  console.log(
    `losses: value + gradient, ${SENTENCES}x${TOKENS} = ${SENTENCES * TOKENS} embeddings x ${DIM} dims, backend ${backend}, median of ${repetitions} after a warm-up`,
  );
  console.log(
    `${'loss'.padEnd(18)} ${'2 classes: wall (cpu)'.padStart(22)} ${'6 classes: wall (cpu)'.padStart(22)}   loss values (2 / 6 classes)`,
  );
  for (const name of LOSS_NAMES) {
    const cells: string[] = [];
    const values: string[] = [];
    for (const classes of [2, 6]) {
      const { timings, value } = timeLoss(name, classes, embeddings, repetitions);
      const median = timings.sort((a, b) => a.wallMs - b.wallMs)[Math.floor(timings.length / 2)];
      cells.push(`${median.wallMs.toFixed(0)} ms (${median.cpuMs.toFixed(0)} ms)`.padStart(22));
      values.push(value.toPrecision(5));
    }
    console.log(`${name.padEnd(18)} ${cells.join(' ')}   ${values.join(' / ')}`);
  }
  console.log(
    `\npair losses with maxAnchors ${SAMPLED_ANCHORS} (a seeded sample of anchor rows, all ${SENTENCES * TOKENS} embeddings as candidates), 2 classes:`,
  );
  for (const name of LOSS_NAMES.filter((n) => PAIR_LOSSES.includes(n))) {
    const { timings } = timeLoss(name, 2, embeddings, repetitions, SAMPLED_ANCHORS);
    const median = timings.sort((a, b) => a.wallMs - b.wallMs)[Math.floor(timings.length / 2)];
    console.log(`${name.padEnd(18)} ${`${median.wallMs.toFixed(0)} ms (${median.cpuMs.toFixed(0)} ms)`.padStart(22)}`);
  }
  embeddings.dispose();
  console.log(`(tensors left alive by the bench: ${tf.memory().numTensors})`);
}

// Direct use: `npx tsx bench/losses.ts [--peer]`.
if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop()!)) {
  await run({ peer: process.argv.includes('--peer') });
}
