// A loss is one file: the generated catalog and registry match the loss files, and every spec
// reaches the registry, the hyper-parameter table, the presets, the palette, the web form, the
// CLI help and the proxy handling without another edit (docs/losses.md, "Adding a loss").
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { formatHelp } from '../../lib/cli/command';
import {
  LOSS_HYPERPARAMS,
  LOSS_NAMES,
  LOSS_SPECS,
  PRESETS,
  PROXY_LOSSES,
  createLoss,
  lossParamProblems,
  resolveLossParams,
  type LossSpec,
} from '../../lib/losses/index';
import { LOSS_REGISTRY } from '../../lib/losses/registry.generated';
import { TOKEN_SELECTIONS } from '../../lib/losses/tokens';
import { TRAIN_FORM_FIELDS } from '../../lib/store/views/train-form-fields';
import { TRAIN_LOSS_NAMES } from '../../lib/training/loss-catalog';
import { proxyRows } from '../../lib/training/proxies';
import { TrainConfigSchema } from '../../lib/training/config';
import { LOSS_COLOURS, lossColour } from '../../lib/ui/palette';
import { CATALOG_FILE, REGISTRY_FILE, renderLossFiles } from '../../scripts/gen-loss-catalog';
import { commands as trainCommands } from '../../scripts/cli/commands/train';
import { commands as sweepCommands } from '../../scripts/cli/commands/sweep';
import { useBackend } from './helpers';

test('the generated catalog and registry are current (else: npm run losses:generate)', async () => {
  const { catalog, registry } = await renderLossFiles();
  assert.equal(fs.readFileSync(CATALOG_FILE, 'utf8'), catalog, 'lib/losses/catalog.generated.ts is stale: run npm run losses:generate');
  assert.equal(fs.readFileSync(REGISTRY_FILE, 'utf8'), registry, 'lib/losses/registry.generated.ts is stale: run npm run losses:generate');
});

test('every spec is in the registry (same object), the hyper-parameter table and both presets', () => {
  assert.deepEqual(
    [...LOSS_NAMES],
    LOSS_SPECS.map((s) => s.name),
  );
  for (const spec of LOSS_SPECS) {
    assert.deepEqual(LOSS_REGISTRY[spec.name].spec, spec, `${spec.name}: registry spec = catalog spec`);
    assert.deepEqual(
      LOSS_HYPERPARAMS[spec.name].map((p) => p.name),
      Object.keys(spec.hyper),
      spec.name,
    );
    for (const [name, decl] of Object.entries(spec.hyper as LossSpec['hyper']))
      assert.equal(PRESETS.pml[spec.name][name], decl.default, `${spec.name}.${name}`);
    const authors = 'authors' in spec ? (spec.authors as Record<string, unknown>) : {};
    for (const [name, value] of Object.entries(authors))
      assert.equal(PRESETS.authors[spec.name][name], value, `${spec.name}.${name} (authors)`);
    assert.deepEqual(lossParamProblems(spec.name, {}, 'authors'), [], `${spec.name}: the authors' preset is valid`);
    assert.deepEqual(lossParamProblems(spec.name, {}, 'pml'), [], `${spec.name}: PML's defaults are valid`);
  }
});

test('every loss has its own colour key in the palette (the library names, not n-pairs/triplet)', () => {
  assert.deepEqual(Object.keys(LOSS_COLOURS).sort(), ['ce', ...LOSS_NAMES].sort());
  assert.equal(lossColour('npairs', 0), '#E69F00');
  assert.equal(lossColour('triplet-margin (β=0.4)', 0), '#56B4E9');
  assert.equal(lossColour('ce', 3), '#000000');
  assert.equal(lossColour('not-a-loss', 1), '#D55E00', 'unknown names fall back to the palette by position');
});

test('every loss is a choice of the config schema, the web form and the CLI help of train and sweep', () => {
  assert.deepEqual([...TRAIN_LOSS_NAMES], ['ce', ...LOSS_NAMES]);
  for (const name of TRAIN_LOSS_NAMES) assert.ok(TrainConfigSchema.safeParse({ dataset: 'MR', model: 'm', loss: name }).success, name);
  const field = (name: string) => TRAIN_FORM_FIELDS.find((f) => f.name === name)!;
  assert.deepEqual(field('lossPreset').options, ['', 'pml', 'authors']);
  assert.deepEqual(field('tokens').options, ['', ...TOKEN_SELECTIONS]);
  const withLosses = [...trainCommands, ...sweepCommands].filter((c) => c.name === 'train' || c.name === 'sweep');
  assert.equal(withLosses.length, 2);
  for (const command of withLosses) {
    const help = formatHelp(command);
    for (const spec of LOSS_SPECS) {
      assert.ok(help.includes(`  ${spec.name.padEnd(20)}${spec.summary}`), `${command.name} --help lists ${spec.name}`);
      for (const name of Object.keys(spec.hyper)) assert.ok(help.includes(`${name}=`), `${command.name} --help: ${spec.name}.${name}`);
    }
  }
});

test('proxy handling follows each spec: proxy losses have getLogits and proxy rows of the declared layout', async () => {
  await useBackend('cpu');
  const before = tf.memory().numTensors;
  for (const spec of LOSS_SPECS) {
    const hasProxies = 'proxies' in spec;
    assert.equal((PROXY_LOSSES as readonly string[]).includes(spec.name), hasProxies, spec.name);
    const loss = createLoss(spec.name, { numClasses: 3, embeddingSize: 4, ...resolveLossParams(spec.name, 'authors') });
    assert.equal(typeof loss.getLogits === 'function', hasProxies, `${spec.name}: getLogits`);
    const rows = proxyRows(spec.name, loss.trainableWeights(), 3, 4);
    if (!hasProxies) assert.equal(rows, null, spec.name);
    else {
      const perClass = spec.name === 'soft-triple' ? 5 : 1;
      assert.equal(rows?.rows, 3 * perClass, `${spec.name}: rows`);
      assert.deepEqual(rows?.rowClasses.slice(0, perClass + 1), [...Array<number>(perClass).fill(0), 1], `${spec.name}: row classes`);
    }
    loss.dispose();
  }
  assert.equal(tf.memory().numTensors, before, 'no tensors left behind');
});

test('docs/losses.md has a row for every loss naming each of its hyper-parameters, and docs/paper.md its math', () => {
  const losses = fs.readFileSync('docs/losses.md', 'utf8');
  const paper = fs.readFileSync('docs/paper.md', 'utf8');
  for (const spec of LOSS_SPECS) {
    const row = losses.split('\n').find((line) => line.startsWith(`| \`${spec.name}\` |`));
    assert.ok(row, `docs/losses.md: a table row for ${spec.name}`);
    for (const name of Object.keys(spec.hyper)) assert.ok(row.includes(`\`${name}\``), `docs/losses.md: ${spec.name} row names ${name}`);
    const author = spec.summary.split(' (')[0].split(':')[0].split(',')[0];
    assert.ok(paper.toLowerCase().includes(author.split(' ')[0].toLowerCase()), `docs/paper.md §5 mentions ${author}`);
  }
});
