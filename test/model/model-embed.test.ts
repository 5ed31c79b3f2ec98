// `dml-lens model embed` on a model made like `model init` does (WordPiece vocabulary + random
// weights): tokens, ids and hidden states come out as JSON and match a direct forward pass.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { runCommand } from '../helpers/run-command';
import { disposeBatch, toEncodedBatch } from '../../lib/model/batch';
import { loadClassifier } from '../../lib/model/classifier';
import { initModel } from '../../lib/model/init-model';
import { commands } from '../../scripts/cli/commands/model-embed';
import { maxAbsDiff, tempDir } from './helpers';

const CORPUS = [
  'a gripping and funny film',
  'the plot is thin but the acting is good',
  'not a good film at all',
  'funny, warm and gripping',
];

const runEmbed = (argv: string[]) => runCommand(commands, 'model embed', argv);

test('model embed --json prints tokens, ids, hidden states and the first-token vector', async () => {
  const dir = tempDir('embed');
  await initModel({
    arch: 'roberta',
    size: 'tiny',
    texts: CORPUS.flatMap((t) => [t, t, t]),
    vocabSize: 120,
    seed: 3,
    outDir: dir,
    force: true,
  });
  const out = JSON.parse(await runEmbed(['--model', dir, '--text', 'a funny film', '--pair', 'good', '--json'])) as {
    tokens: string[];
    ids: number[];
    lastHiddenState: number[][];
    hiddenSize: number;
    cls: number[];
  };
  assert.equal(out.tokens[0], '<s>');
  assert.equal(out.ids.length, out.tokens.length);
  assert.equal(out.lastHiddenState.length, out.ids.length);
  assert.equal(out.hiddenSize, 128);
  assert.deepEqual(out.cls, out.lastHiddenState[0]);

  const model = await loadClassifier(dir, { quiet: true });
  const batch = toEncodedBatch(model.tokenizer.encodeBatch(['a funny film'], ['good'], 128));
  const direct = tf.tidy(() => model.forward(batch).lastHiddenState.dataSync());
  assert.ok(maxAbsDiff(direct, out.lastHiddenState.flat()) < 1e-5);
  disposeBatch(batch);
  model.dispose();

  const text = await runEmbed(['--model', dir, '--text', 'a funny film']);
  assert.match(text, /^tokens \(\d+\): <s> /m);
  assert.match(text, /first-token vector/);
});
