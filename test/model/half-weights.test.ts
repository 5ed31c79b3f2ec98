// --weights-dtype float16|bfloat16: frozen weights held in 16 bits. Rounding within each format's
// half-ulp, a LoRA model's logits, loss and adapter gradients within fp16/bf16 tolerance of float32,
// the frozen weights' float32 memory released (and the 16-bit copy half of it), no tensor growth,
// the budget counting 2 bytes, and full fine-tuning refused.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../lib/backend/backend';
import { disposeBatch, toEncodedBatch, tokenBatchFromIds } from '../../lib/model/batch';
import { loadClassifier, type Classifier } from '../../lib/model/classifier';
import { frozenHalfLinear } from '../../lib/model/frozen-dense';
import { HalfTensor } from '../../lib/model/half-weights';
import { encoderParamCount } from '../../lib/model/sizes';
import type { WeightsDtype } from '../../lib/model/weights-dtype';
import { parseTrainConfig } from '../../lib/training/config';
import { applyFineTunePlan, fineTunePlan, halfWeightsOnLoad } from '../../lib/training/fine-tuning';
import { estimateTrainingMemory } from '../../lib/training/memory-budget';
import { trainLoop } from '../../lib/training/train-loop';
import type { TrainingLoss } from '../../lib/training/train-types';
import { Rng } from '../../lib/util/random';
import { maxAbsDiff, testConfig, writeRandomCheckpoint } from './helpers';

const ROWS = [
  [0, 9, 14, 22, 2],
  [0, 40, 2, 1, 1],
  [0, 7, 7, 8, 2],
];
const LABELS = [0, 1, 2];
/** Relative rounding bound of each 16-bit format (half an ulp). */
const HALF_ULP: Record<Exclude<WeightsDtype, 'float32'>, number> = { float16: 2 ** -11, bfloat16: 2 ** -8 };

const ceLoss: TrainingLoss = {
  compute: ({ logits, labels }) => {
    const ce = tf.losses.softmaxCrossEntropy<tf.Tensor, tf.Scalar>(tf.oneHot(labels, logits.shape[1]), logits);
    return { total: ce, ce, dml: null };
  },
  trainableWeights: () => [],
  dispose: () => {},
};

before(() => initBackend({ quiet: true }));

for (const dtype of ['float16', 'bfloat16'] as const) {
  test(`${dtype}: values round within half an ulp; rows and whole tensors expand alike`, () => {
    const values = new Rng(3).uniformArray(600, -4, 4);
    values[0] = 0;
    values[1] = 1e-3;
    const h = HalfTensor.fromValues(values, [30, 20], dtype);
    const t = h.expand();
    const back = t.dataSync();
    values.forEach((x, i) => assert.ok(Math.abs(back[i] - x) <= HALF_ULP[dtype] * Math.abs(x) + 1e-7, `${x} -> ${back[i]}`));
    const ids = tf.tensor2d([[3, 0, 29]], [1, 3], 'int32');
    const rows = h.gatherRows(ids);
    assert.deepEqual(rows.shape, [1, 3, 20]);
    const want = tf.tidy(() => tf.gather(t, ids));
    assert.equal(maxAbsDiff(rows.dataSync(), want.dataSync()), 0);
    assert.throws(() => h.gatherRows(tf.tensor1d([30], 'int32')), /token id 30 is outside the embedding table \(0-29\)/);
    tf.dispose([t, ids, rows, want]);
  });
}

test('bfloat16 rounds to nearest, ties to even', () => {
  // 1 + 2^-8 is halfway between 1 and 1 + 2^-7: ties go to the even mantissa (1)
  const h = HalfTensor.fromValues(new Float32Array([1 + 2 ** -8, 1 + 3 * 2 ** -8, 1 + 2 ** -8 + 2 ** -20]), [3], 'bfloat16');
  assert.deepEqual([...h.expand().dataSync()], [1, 1 + 2 ** -6, 1 + 2 ** -7]);
});

test('frozen 16-bit dense: value and input gradient of x W + b with the rounded W; no tensor growth', () => {
  const rng = new Rng(5);
  const w = tf.tensor2d(rng.uniformArray(8 * 6, -1, 1), [8, 6]);
  const b = tf.tensor1d(rng.uniformArray(6, -1, 1));
  const x = tf.tensor3d(rng.uniformArray(2 * 3 * 8, -1, 1), [2, 3, 8]);
  const h = HalfTensor.fromTensor(w, 'float16');
  const wr = h.expand();
  const f = (xs: tf.Tensor) => tf.sum(tf.square(frozenHalfLinear(xs, h, b)));
  const ref = (xs: tf.Tensor) => tf.sum(tf.square(tf.add(tf.matMul(xs.reshape([6, 8]), wr), b)));
  const before = tf.memory().numTensors;
  const got = tf.valueAndGrad(f)(x);
  const want = tf.valueAndGrad(ref)(x);
  assert.ok(Math.abs(got.value.dataSync()[0] - want.value.dataSync()[0]) < 1e-4);
  assert.ok(maxAbsDiff(got.grad.dataSync(), want.grad.dataSync()) < 1e-5);
  tf.dispose([got.value, got.grad, want.value, want.grad]);
  assert.equal(tf.memory().numTensors, before);
  tf.dispose([w, b, x, wr]);
});

/** A LoRA model, and the bytes of tfjs tensors its fine-tuning plan released (less the adapters it added). */
async function loraModel(dir: string, weightsDtype?: WeightsDtype): Promise<{ model: Classifier; released: number }> {
  const model = await loadClassifier(dir, { quiet: true, seed: 4, dropout: 0 });
  const before = tf.memory().numBytes;
  applyFineTunePlan(model.params, model.config, fineTunePlan(model.config, { loraRank: 2 }), 4, weightsDtype);
  const adapters = model.params.adapterEntries().reduce((s, [, p]) => s + 4 * (p.a.size + p.b.size), 0);
  return { model, released: before - tf.memory().numBytes + adapters };
}

function logits(model: Classifier): Float32Array {
  const enc = toEncodedBatch(tokenBatchFromIds(ROWS, 1));
  const out = tf.tidy(() => model.forward(enc).logits.dataSync() as Float32Array);
  disposeBatch(enc);
  return out;
}

async function train(model: Classifier): Promise<{ losses: number[]; counts: number[] }> {
  const losses: number[] = [];
  const counts: number[] = [];
  await trainLoop({
    model,
    loss: ceLoss,
    batch: tokenBatchFromIds(ROWS, 1),
    labels: LABELS,
    seed: 1,
    options: {
      epochs: 1,
      steps: 3,
      batchSize: 3,
      lr: 1e-2,
      weightDecay: 0.01,
      excludeBiasLayerNorm: false,
      optimizer: 'torch',
      adamEps: 1e-8,
      beta1: 0.9,
      beta2: 0.999,
      schedule: 'constant',
      warmupSteps: 0,
      maxGradNorm: 1,
    },
    onStep: (s) => {
      losses.push(s.loss);
      counts.push(tf.memory().numTensors);
    },
  });
  return { losses, counts };
}

for (const dtype of ['float16', 'bfloat16'] as const) {
  test(`LoRA with ${dtype} frozen weights: logits, losses and adapters within ${dtype} tolerance of float32; their memory released`, async () => {
    const { dir } = await writeRandomCheckpoint(testConfig('roberta', 'micro'), 41, 3);
    const { model: full, released: none } = await loraModel(dir);
    const { model: half, released: bytes } = await loraModel(dir, dtype);
    // every frozen dense weight and embedding table left tfjs' memory; the 16-bit copies are half of it
    const names = full.params.names().filter((n) => half.params.half(n));
    assert.ok(names.some((n) => n.endsWith('word_embeddings.weight')) && names.some((n) => n.endsWith('query.weight')));
    const released = names.reduce((s, n) => s + 4 * full.params.get(n).size, 0);
    assert.equal(bytes - none, released); // against the same plan in float32
    assert.equal(
      names.reduce((s, n) => s + half.params.half(n)!.bits.byteLength, 0),
      released / 2,
    );
    const scale = Math.max(...logits(full).map(Math.abs));
    const tol = 4 * HALF_ULP[dtype] * scale;
    assert.ok(
      maxAbsDiff(logits(full), logits(half)) < tol,
      `logits differ by ${maxAbsDiff(logits(full), logits(half))} (tolerance ${tol})`,
    );
    const a = await train(full);
    const b = await train(half);
    assert.ok(
      b.counts.every((c) => c === b.counts[0]),
      `tensor counts ${b.counts.join(',')}`,
    );
    a.losses.forEach((l, i) =>
      assert.ok(Math.abs(l - b.losses[i]) < 4 * HALF_ULP[dtype] * l, `step ${i + 1}: loss ${l} vs ${b.losses[i]}`),
    );
    for (const [name, pair] of full.params.adapterEntries()) {
      const other = half.params.adapter(name)!;
      const d = maxAbsDiff(pair.b.dataSync(), other.b.dataSync());
      const size = Math.max(...[...pair.b.dataSync()].map(Math.abs));
      assert.ok(d <= 64 * HALF_ULP[dtype] * size, `${name} adapter B differs by ${d} of ${size}`); // Adam normalises: small gradient changes move early steps
    }
    // read straight into 16 bits at load: the same values, and tfjs never held them
    const bytes0 = tf.memory().numBytes;
    const direct = await loadClassifier(dir, {
      quiet: true,
      seed: 4,
      dropout: 0,
      halfWeights: halfWeightsOnLoad({ loraRank: 2, weightsDtype: dtype }),
    });
    assert.equal(
      tf.memory().numBytes - bytes0,
      full.params.names().reduce((s, n) => s + (names.includes(n) ? 0 : 4 * full.params.get(n).size), 0),
    );
    applyFineTunePlan(direct.params, direct.config, fineTunePlan(direct.config, { loraRank: 2 }), 4, dtype);
    for (const n of names) assert.deepEqual(direct.params.half(n)!.bits, half.params.half(n)!.bits, n);
    direct.dispose();
    // export expands them again (rounded values), in the declared order
    const exported = half.params.exportHf();
    assert.deepEqual(Object.keys(exported), full.params.names());
    tf.dispose(Object.values(exported));
    full.dispose();
    half.dispose();
  });
}

test('the budget counts frozen weights at 2 bytes; full fine-tuning with 16-bit weights is refused', async () => {
  const c = testConfig('roberta', 'small', { num_hidden_layers: 12, hidden_size: 768, num_attention_heads: 12, intermediate_size: 3072 });
  const o = { batchSize: 8, maxLength: 64, loraRank: 8 };
  const f32 = estimateTrainingMemory(c, o);
  const bf16 = estimateTrainingMemory(c, { ...o, weightsDtype: 'bfloat16' });
  assert.equal(bf16.weights, f32.weights - 2 * encoderParamCount(c)); // LoRA freezes the whole encoder
  const parsed = parseTrainConfig({ dataset: 'd', model: 'm', loss: 'ce', weightsDtype: 'float16' });
  assert.ok(!parsed.ok && parsed.problems.some((p) => p.path === 'weightsDtype' && /full fine-tuning freezes none/.test(p.message)));
  assert.ok(parseTrainConfig({ dataset: 'd', model: 'm', loss: 'ce', weightsDtype: 'bfloat16', loraRank: 8 }).ok);
  const { dir } = await writeRandomCheckpoint(testConfig('roberta', 'micro'), 41, 3);
  const model = await loadClassifier(dir, { quiet: true });
  assert.throws(() => applyFineTunePlan(model.params, model.config, fineTunePlan(model.config, {}), 0, 'float16'), /freezes none/);
  model.dispose();
});
