// `dml-lens model export`: a run's model with its label names and proxies; --format hf with the
// tensor names and shapes of transformers' ...ForSequenceClassification (checked by the float64
// reference forward); bad input as one clear line with nothing written.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { UserError } from '../../lib/errors';
import { parseSafetensors } from '../../lib/model/safetensors';
import { OnnxEncoderSession } from '../../lib/onnx/session';
import { commands } from '../../scripts/cli/commands/model-export';
import { createTestDb, type TestDb } from '../helpers/db';
import { runCommand } from '../helpers/run-command';
import { makeDataset, makeFinishedRun, type FixtureRun } from '../explain/run-fixture';
import { SENTENCES, writeTinyClassifier } from '../explain/tiny-model';
import { referenceForward, referenceLogits, type Weights } from '../model/reference-encoder';
import { loadTokenizer } from '../../lib/model/tokenizer';
import type { EncoderConfig } from '../../lib/model/types';
import { buildEncoderGraph } from '../../lib/onnx/encoder-graph';

interface Proxies {
  rows: number[][];
  rowClasses: number[];
  labels: string[];
}

const exportCmd = (argv: string[]) => runCommand(commands, 'model export', argv);

let t: TestDb;
let withModel: FixtureRun;
let noModel: FixtureRun;
let bertDir: string;
let robertaDir: string;

before(async () => {
  t = await createTestDb();
  process.env.DML_LENS_HOME = t.dir;
  process.env.DATABASE_URL = t.url;
  bertDir = await writeTinyClassifier({ arch: 'bert', initRange: 0.2, dir: path.join(t.dir, 'tiny-bert') });
  robertaDir = await writeTinyClassifier({ arch: 'roberta', initRange: 0.2, dir: path.join(t.dir, 'tiny-roberta') });
  const { datasetId, exampleIds } = await makeDataset(t.db);
  withModel = await makeFinishedRun(t.db, datasetId, exampleIds, { modelDir: bertDir, proxies: true, dim: 128 });
  noModel = await makeFinishedRun(t.db, datasetId, exampleIds.slice(0, 4));
});

after(async () => {
  await t.cleanup();
});

/** The tensors BertForSequenceClassification / RobertaForSequenceClassification hold (state_dict), written out from the HF layouts. */
function hfLayout(
  arch: 'bert' | 'roberta',
  layers: number,
  D: number,
  I: number,
  V: number,
  P: number,
  T: number,
  C: number,
): Record<string, number[]> {
  const p = arch;
  const out: Record<string, number[]> = {
    [`${p}.embeddings.word_embeddings.weight`]: [V, D],
    [`${p}.embeddings.position_embeddings.weight`]: [P, D],
    [`${p}.embeddings.token_type_embeddings.weight`]: [T, D],
    [`${p}.embeddings.LayerNorm.weight`]: [D],
    [`${p}.embeddings.LayerNorm.bias`]: [D],
  };
  for (let l = 0; l < layers; l++) {
    const n = `${p}.encoder.layer.${l}`;
    for (const m of ['attention.self.query', 'attention.self.key', 'attention.self.value', 'attention.output.dense'])
      Object.assign(out, { [`${n}.${m}.weight`]: [D, D], [`${n}.${m}.bias`]: [D] });
    Object.assign(out, {
      [`${n}.intermediate.dense.weight`]: [I, D],
      [`${n}.intermediate.dense.bias`]: [I],
      [`${n}.output.dense.weight`]: [D, I],
      [`${n}.output.dense.bias`]: [D],
    });
    for (const m of ['attention.output.LayerNorm', 'output.LayerNorm'])
      Object.assign(out, { [`${n}.${m}.weight`]: [D], [`${n}.${m}.bias`]: [D] });
  }
  if (arch === 'bert')
    Object.assign(out, {
      'bert.pooler.dense.weight': [D, D],
      'bert.pooler.dense.bias': [D],
      'classifier.weight': [C, D],
      'classifier.bias': [C],
    });
  else
    Object.assign(out, {
      'classifier.dense.weight': [D, D],
      'classifier.dense.bias': [D],
      'classifier.out_proj.weight': [C, D],
      'classifier.out_proj.bias': [C],
    });
  return out;
}

test('export --run writes the transformers.js layout with the data set labels and the proxies', async () => {
  const out = path.join(t.dir, 'exports', 'run');
  const text = await exportCmd(['--run', String(withModel.runId), '--format', 'onnx', '--out', out, '--with-attentions']);
  assert.match(text, /bert classifier \(2 labels: neg, pos\)/);
  for (const f of ['config.json', 'tokenizer.json', 'tokenizer_config.json', 'onnx/model.onnx', 'onnx/model_fp16.onnx', 'dml_proxies.json'])
    assert.ok(fs.existsSync(path.join(out, f)), f);
  const config = JSON.parse(fs.readFileSync(path.join(out, 'config.json'), 'utf8')) as EncoderConfig;
  assert.deepEqual(config.id2label, { 0: 'neg', 1: 'pos' });
  assert.deepEqual(config.architectures, ['BertForSequenceClassification']);
  const proxies = JSON.parse(fs.readFileSync(path.join(out, 'dml_proxies.json'), 'utf8')) as Proxies;
  assert.equal(proxies.rows.length, 4);
  assert.equal(proxies.rows[0].length, 128);
  assert.deepEqual(proxies.rowClasses, [0, 0, 1, 1]);
  assert.deepEqual(proxies.labels, ['neg', 'pos']);
  const session = await OnnxEncoderSession.create(path.join(out, 'onnx', 'model.onnx'), { threads: 1 });
  assert.equal(session.numLayers, 2);
  await session.release();
  assert.deepEqual(fs.readdirSync(path.dirname(out)), ['run'], 'no staging folder left behind');
});

for (const arch of ['bert', 'roberta'] as const) {
  test(`${arch}: export --format hf has the HF ...ForSequenceClassification names and shapes, and its logits match the float64 reference`, async () => {
    const src = arch === 'bert' ? bertDir : robertaDir;
    const out = path.join(t.dir, 'exports', `hf-${arch}`);
    await exportCmd(['--model', src, '--format', 'hf', '--out', out]);
    const config = JSON.parse(fs.readFileSync(path.join(out, 'config.json'), 'utf8')) as EncoderConfig;
    const { entries } = parseSafetensors(fs.readFileSync(path.join(out, 'model.safetensors')), 'model.safetensors');
    const found = Object.fromEntries(entries.map((e) => [e.name, e.shape]));
    const expected = hfLayout(
      arch,
      config.num_hidden_layers,
      config.hidden_size,
      config.intermediate_size,
      config.vocab_size,
      config.max_position_embeddings,
      config.type_vocab_size,
      2,
    );
    assert.deepEqual(found, expected);
    const w: Weights = Object.fromEntries(entries.map((e) => [e.name, { shape: e.shape, values: Float64Array.from(e.read()) }]));
    const tok = await loadTokenizer(out);
    const enc = tok.encode(SENTENCES[0], undefined, 64);
    const { hidden } = referenceForward(
      config,
      w,
      enc.ids,
      enc.ids.map(() => 1),
      enc.typeIds,
    );
    const ref = referenceLogits(config, w, hidden);
    const session = await OnnxEncoderSession.create(
      buildEncoderGraph(config, (n) => ({ data: Float32Array.from(w[n].values), shape: w[n].shape }), { numLabels: 2 }),
      { threads: 1 },
    );
    const o = await session.run(tok.encodeBatch([SENTENCES[0]], undefined, 64));
    assert.ok(
      Math.max(...ref.map((v, i) => Math.abs(v - o.logits[i]))) < 1e-4,
      `onnx logits ${o.logits.join(',')} vs reference ${ref.join(',')}`,
    );
    await session.release();
  });
}

test('bad input: one clear line each, nothing written', async () => {
  const exportsDir = path.join(t.dir, 'bad');
  const before = () => (fs.existsSync(exportsDir) ? fs.readdirSync(exportsDir) : []);
  const cases: [string[], RegExp][] = [
    [['--run', String(noModel.runId), '--out', path.join(exportsDir, 'a')], /kept no fine-tuned model; train it again with --save-model/],
    [['--run', '9999', '--out', path.join(exportsDir, 'b')], /run 9999 does not exist/],
    [['--model', bertDir, '--format', 'tflite', '--out', path.join(exportsDir, 'c')], /--format must be onnx or hf, got "tflite"/],
    [['--out', path.join(exportsDir, 'd')], /exactly one of --run <id>/],
  ];
  for (const [argv, message] of cases) {
    await assert.rejects(
      exportCmd(argv),
      (err: Error) => err instanceof UserError && message.test(err.message) && !err.message.includes('\n'),
    );
    assert.deepEqual(before(), []);
  }
  const full = path.join(t.dir, 'full');
  fs.mkdirSync(full);
  fs.writeFileSync(path.join(full, 'keep.txt'), 'x');
  await assert.rejects(exportCmd(['--model', bertDir, '--out', full]), /exists and is not empty/);
  assert.deepEqual(fs.readdirSync(full), ['keep.txt']);
  const unknown = path.join(t.dir, 'gpt2');
  fs.mkdirSync(unknown);
  fs.writeFileSync(path.join(unknown, 'config.json'), JSON.stringify({ model_type: 'gpt2' }));
  await assert.rejects(
    exportCmd(['--model', unknown, '--out', path.join(exportsDir, 'e')]),
    /model_type "gpt2" is not one the exporter knows/,
  );
  const encoderOnly = path.join(t.dir, 'encoder-only');
  fs.mkdirSync(encoderOnly);
  fs.copyFileSync(path.join(bertDir, 'config.json'), path.join(encoderOnly, 'config.json'));
  const { entries } = parseSafetensors(fs.readFileSync(path.join(bertDir, 'model.safetensors')), 'x');
  const { encodeSafetensors } = await import('../../lib/model/safetensors');
  fs.writeFileSync(
    path.join(encoderOnly, 'model.safetensors'),
    encodeSafetensors(
      entries
        .filter((e) => !e.name.startsWith('classifier') && !e.name.includes('pooler'))
        .map((e) => ({ name: e.name, shape: e.shape, values: e.read() })),
    ),
  );
  await assert.rejects(exportCmd(['--model', encoderOnly, '--out', path.join(exportsDir, 'f')]), /has no classification head/);
  assert.deepEqual(before(), []);
});
