// Checkpoint names are declared once, by the encoder modules: the derived list is unique, has the
// parameter count of the architecture's own formula, matches a loaded model's variables, and no
// module builds a parameter name by hand.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { before, test } from 'node:test';
import { initBackend } from '../../lib/backend/backend';
import { loadClassifier } from '../../lib/model/classifier';
import { encoderParamCount } from '../../lib/model/sizes';
import { encoderParamSpecs, headParamSpecs } from '../../lib/model/weight-names';
import { testConfig, writeRandomCheckpoint } from './helpers';

before(() => initBackend({ quiet: true }));

for (const arch of ['bert', 'roberta'] as const) {
  test(`${arch}: derived names are unique and count the architecture's parameters`, () => {
    const config = testConfig(arch, 'tiny', { num_hidden_layers: 3 });
    const specs = encoderParamSpecs(config);
    assert.equal(new Set(specs.map((s) => s.name)).size, specs.length);
    assert.equal(
      specs.reduce((n, s) => n + s.shape.reduce((a, b) => a * b, 1), 0),
      encoderParamCount(config),
    );
    assert.ok(specs.some((s) => s.name === `${arch}.encoder.layer.2.attention.self.query.weight`));
    assert.deepEqual(
      headParamSpecs(config, 5)
        .map((s) => s.shape[0])
        .slice(-2),
      [5, 5],
    );
  });
}

test('a loaded classifier holds exactly the declared parameters, in declaration order', async () => {
  const config = testConfig('roberta', 'micro');
  const { dir } = await writeRandomCheckpoint(config, 5, 3);
  const model = await loadClassifier(dir, { quiet: true });
  assert.deepEqual(
    model.params.names(),
    [...encoderParamSpecs(model.config), ...headParamSpecs(model.config, 3)].map((s) => s.name),
  );
  model.dispose();
});

test('no encoder module spells a parameter name or casts a parameter', () => {
  for (const f of ['attention', 'feed-forward', 'embeddings', 'heads', 'encoder']) {
    const src = fs.readFileSync(new URL(`../../lib/model/${f}.ts`, import.meta.url), 'utf8');
    assert.doesNotMatch(src, /params\.get\(`/, `${f}.ts builds a name by hand`);
    assert.doesNotMatch(src, /params\.get\([^)]*\) as /, `${f}.ts casts a parameter`);
  }
});
