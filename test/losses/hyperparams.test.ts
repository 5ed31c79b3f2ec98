// Hyper-parameter specs, presets and validation (lib/losses/hyperparams.ts).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConfigError } from '../../lib/errors';
import { LOSS_HYPERPARAMS, LOSS_NAMES, PRESETS, coerceHyperParam, lossParamProblems, resolveLossParams } from '../../lib/losses/index';

test('every loss lists its hyper-parameters with pytorch-metric-learning’s defaults (docs/paper.md §5)', () => {
  assert.deepEqual(Object.keys(LOSS_HYPERPARAMS).sort(), [...LOSS_NAMES].sort());
  const pml = PRESETS.pml;
  assert.deepEqual(pml['soft-triple'], { centersPerClass: 10, la: 20, gamma: 0.1, margin: 0.01, tau: 0 });
  assert.deepEqual(pml['proxy-anchor'], { margin: 0.1, alpha: 32 });
  assert.deepEqual(pml['proxy-nca'], { softmaxScale: 1 });
  assert.deepEqual(pml['triplet-margin'], {
    margin: 0.05,
    swap: false,
    smoothLoss: false,
    tripletsPerAnchor: 'all',
    maxTriplets: 1 << 20,
    distance: 'euclidean',
  });
  assert.deepEqual(pml['batch-all-triplet'], { margin: 5 });
  assert.deepEqual(pml.contrastive, { posMargin: 0, negMargin: 1, distance: 'euclidean' });
  assert.deepEqual(pml['multi-similarity'], { alpha: 2, beta: 50, base: 0.5, distance: 'cosine' });
  assert.deepEqual(pml.ntxent, { temperature: 0.07, distance: 'cosine' });
  assert.deepEqual(pml.supcon, { temperature: 0.1, distance: 'cosine' });
  assert.deepEqual(pml.npairs, { distance: 'dot' });
  assert.deepEqual(pml.arcface, { marginDegrees: 28.6, scale: 64 });
  assert.deepEqual(pml.cosface, { margin: 0.35, scale: 64 });
  for (const name of LOSS_NAMES)
    for (const spec of LOSS_HYPERPARAMS[name]) assert.ok(spec.description.length > 5, `${name}.${spec.name} has a description`);
});

test('the authors’ preset: their CLI defaults (docs/paper.md §1.6), PML’s elsewhere', () => {
  const a = PRESETS.authors;
  assert.deepEqual(a['soft-triple'], { centersPerClass: 5, la: 8, gamma: 0.1, margin: 0.1, tau: 0 });
  assert.deepEqual(a['proxy-anchor'], { margin: 0.1, alpha: 0.1 });
  assert.deepEqual(a['proxy-nca'], { softmaxScale: 1 });
  assert.deepEqual(a.supcon, { temperature: 0.1, distance: 'cosine' });
  assert.deepEqual(a.arcface, PRESETS.pml.arcface);
});

test('resolveLossParams: preset, then overrides, coerced from CLI/form strings', () => {
  assert.deepEqual(resolveLossParams('soft-triple', 'authors', { la: '9', centersPerClass: 25, margin: 0.7 }), {
    centersPerClass: 25,
    la: 9,
    gamma: 0.1,
    margin: 0.7,
    tau: 0,
  });
  assert.deepEqual(resolveLossParams('triplet-margin', 'pml', { swap: 'true', tripletsPerAnchor: '8' }).tripletsPerAnchor, 8);
  assert.equal(resolveLossParams('triplet-margin', 'pml', { tripletsPerAnchor: 'all' }).tripletsPerAnchor, 'all');
  assert.equal(resolveLossParams('triplet-margin', 'pml', { swap: 'true' }).swap, true);
  assert.equal(resolveLossParams('supcon').temperature, 0.1);
});

test('unknown names and bad values are rejected with the valid ones listed', () => {
  assert.throws(
    () => resolveLossParams('softtriple'),
    (e: Error) => e instanceof ConfigError && /valid: soft-triple, proxy-anchor/.test(e.message),
  );
  assert.throws(() => resolveLossParams('supcon', 'pml', { temp: 0.2 }), /no hyper-parameter "temp"; valid: temperature, distance/);
  assert.deepEqual(lossParamProblems('npairs', { margin: 1 }), ['loss "npairs" has no hyper-parameter "margin"; valid: distance']);
  assert.deepEqual(lossParamProblems('supcon', { temperature: 0 }), ['loss "supcon": temperature must be > 0, got 0']);
  assert.deepEqual(lossParamProblems('soft-triple', { centersPerClass: 2.5 }), [
    'loss "soft-triple": centersPerClass must be an integer, got 2.5',
  ]);
  assert.deepEqual(lossParamProblems('contrastive', { distance: 'l1' }), [
    'loss "contrastive": distance must be one of euclidean, squared-euclidean, cosine, dot, got "l1"',
  ]);
  assert.deepEqual(lossParamProblems('soft-triple', { centersPerClass: 1, tau: 0.2 }), [
    'loss "soft-triple": tau > 0 needs centersPerClass >= 2',
  ]);
  assert.deepEqual(lossParamProblems('soft-triple', { tau: 0.2 }), []);
  assert.deepEqual(lossParamProblems('arcface', {}), []);
  assert.match(coerceHyperParam(LOSS_HYPERPARAMS.ntxent[0], 'abc').problem!, /temperature must be > 0|a finite number/);
});
