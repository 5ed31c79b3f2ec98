import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { createTestDb } from '../helpers/db';
import { parseTrainConfig, validateTrainConfig } from '../../lib/training/config';
import { createToyDataset } from './toy-data';

test('a minimal config gets the authors defaults', () => {
  const r = parseTrainConfig({ dataset: 'MR', model: 'm', loss: 'soft-triple' });
  assert.ok(r.ok);
  assert.equal(r.config.beta, 0.4);
  assert.equal(r.config.lr, 1e-5);
  assert.equal(r.config.batchSize, 64);
  assert.equal(r.config.epochs, 120);
  assert.equal(r.config.maxLength, 64);
  assert.deepEqual(r.config.seeds, [2048]);
  assert.equal(r.config.folds, 4);
});

test('every problem is listed at once: unknown key, wrong type, unknown loss, beta out of range', () => {
  const r = parseTrainConfig({
    dataset: 'MR',
    model: 3,
    loss: 'soft-tripel',
    beta: 1.5,
    batchsize: 8,
    epochs: 'ten',
    protocol: 'per-class',
    seeds: [1, 1],
  });
  assert.equal(r.ok, false);
  if (r.ok) return;
  const paths = r.problems.map((p) => p.path).sort();
  assert.deepEqual(paths, ['batchsize', 'beta', 'epochs', 'loss', 'model', 'perClass', 'seeds']);
  assert.match(r.problems.find((p) => p.path === 'batchsize')!.message, /unknown key/);
  assert.match(r.problems.find((p) => p.path === 'loss')!.message, /unknown loss/);
  assert.match(r.problems.find((p) => p.path === 'beta')!.message, /\[0, 1\]/);
  assert.equal(parseTrainConfig('nope').ok, false);
});

test('presets fill what the user leaves out and the user wins', () => {
  const r = parseTrainConfig({ preset: 'cpu', dataset: 'MR', model: 'x', epochs: 3 });
  assert.ok(r.ok);
  assert.equal(r.config.epochs, 3);
  assert.equal(r.config.evalLimit, 1000);
  assert.equal(r.config.preset, 'cpu');
  const paper = parseTrainConfig({ preset: 'paper', dataset: 'MR' });
  assert.ok(paper.ok);
  assert.equal(paper.config.model, 'roberta-large');
  assert.equal(paper.config.scheduleSteps, 120);
  assert.equal(parseTrainConfig({ preset: 'gpu', dataset: 'MR', model: 'x', loss: 'ce' }).ok, false);
});

test('CE-only configs normalise beta to 1', () => {
  const r = parseTrainConfig({ dataset: 'MR', model: 'm', loss: 'ce', beta: 0.4 });
  assert.ok(r.ok && r.config.beta === 1);
});

test('database checks: unknown dataset/model, samples larger than the pool, per-class counts', async () => {
  const t = await createTestDb();
  try {
    await createToyDataset(t.db, { n: 40 });
    const modelDir = path.join(t.dir, 'model');
    fs.mkdirSync(modelDir);
    fs.writeFileSync(path.join(modelDir, 'config.json'), '{}');
    const ok = await validateTrainConfig(t.db, { dataset: 'TOY', model: modelDir, loss: 'ce', samples: 20, folds: 4 });
    assert.ok(ok.ok, JSON.stringify(!ok.ok && ok.problems));
    assert.equal(ok.targets.numClasses, 2);
    const bad = await validateTrainConfig(t.db, { dataset: 'toy', model: 'nowhere', loss: 'ce', beta: 2 });
    assert.ok(!bad.ok);
    assert.deepEqual(bad.problems.map((p) => p.path).sort(), ['beta', 'dataset', 'model']);
    assert.match(bad.problems.find((p) => p.path === 'dataset')!.message, /did you mean "TOY"/);
    const big = await validateTrainConfig(t.db, { dataset: 'TOY', model: modelDir, loss: 'ce', samples: 31, folds: 4 });
    assert.ok(!big.ok);
    assert.match(big.problems[0].message, /larger than the pool outside one fold \(30 of 40/);
    const pc = await validateTrainConfig(t.db, { dataset: 'TOY', model: modelDir, loss: 'ce', protocol: 'per-class', perClass: 20 });
    assert.ok(!pc.ok && pc.problems.length === 2 && pc.problems.every((p) => p.path === 'perClass'));
    const off = await validateTrainConfig(t.db, { dataset: 'TOY', model: modelDir, loss: 'ce', protocol: 'official', perClass: 2 });
    assert.ok(!off.ok && /needs a test/.test(off.problems[0].message));
  } finally {
    await t.cleanup();
  }
});

test('a preset proxy learning rate does not make a loss without proxies invalid', async () => {
  const { parseTrainConfig } = await import('../../lib/training/config');
  for (const loss of ['supcon', 'ntxent', 'ce']) {
    const r = parseTrainConfig({ preset: 'cpu', dataset: 'MR', model: 'models/dml-lens-small', loss });
    assert.ok(r.ok, `${loss}: ${JSON.stringify(!r.ok && r.problems)}`);
  }
  const explicit = parseTrainConfig({ preset: 'cpu', dataset: 'MR', model: 'm', loss: 'supcon', proxyLr: 0.1 });
  assert.ok(!explicit.ok && explicit.problems.some((p) => p.path === 'proxyLr'));
  const proxy = parseTrainConfig({ preset: 'cpu', dataset: 'MR', model: 'm', loss: 'soft-triple' });
  assert.ok(proxy.ok && proxy.config.proxyLr === 1e-2);
});
