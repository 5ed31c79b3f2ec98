// Completeness of IG on a real encoder: Σ attributions = F(x) − F(x') up to the quadrature error.
// The tiny preset (2 layers, hidden 128, 2 heads) with weights drawn at std 0.2 instead of 0.02, so
// the network is visibly non-linear (at 0.02 a random model is almost linear and every step
// count gives the same, float-noise-level delta).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { explainText } from '../../lib/explain/explain-text';
import { parseExplainOptions } from '../../lib/explain/options';
import type { SequenceClassifier } from '../../lib/model/types';
import { setupTf } from './tf-setup';
import { SENTENCES, tinyClassifier } from './tiny-model';

await setupTf();

let model: { classifier: SequenceClassifier; cleanup(): void };
before(async () => {
  model = await tinyClassifier({ initRange: 0.2, seed: 3 });
});
after(() => model.cleanup());

const relDeltas = (steps: number, quadrature = 'gausslegendre', n = SENTENCES.length) => {
  const o = parseExplainOptions({ steps, quadrature });
  return SENTENCES.slice(0, n).map((s) => (explainText(model.classifier, s, 'ig', o).extra as { relativeDelta: number }).relativeDelta);
};

test('tiny model, 300 Gauss–Legendre steps: relative delta under 1 % for all 20 sentences; 20 steps are worse on average', () => {
  const at300 = relDeltas(300);
  assert.equal(at300.length, 20);
  for (const [i, d] of at300.entries()) assert.ok(d < 0.01, `sentence ${i}: relative delta ${d}`);
  const at20 = relDeltas(20);
  const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
  assert.ok(mean(at300) < mean(at20), `mean relative delta 300 steps ${mean(at300)} vs 20 steps ${mean(at20)}`);
});

test('riemann_trapezoid deltas shrink with more steps too', () => {
  const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
  const coarse = mean(relDeltas(8, 'riemann_trapezoid', 5));
  const fine = mean(relDeltas(64, 'riemann_trapezoid', 5));
  assert.ok(fine < coarse, `trapezoid: 64 steps ${fine} vs 8 steps ${coarse}`);
});
