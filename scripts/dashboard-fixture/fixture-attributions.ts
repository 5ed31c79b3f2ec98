// Fixture attributions shaped like lib/explain's rows: IG (with a convergence delta, one of them
// deliberately large so the page's flag shows), grad x input, and attention with per-layer and
// per-head first-token attention plus rollout.
import type { Db } from '../../lib/db/client';
import { insertFixtureAttributions } from '../../lib/store/fixture/fixture-rows';
import { Rng, deriveSeed } from '../../lib/util/random';

const LAYERS = 2;
const HEADS = 4;

function softmax(xs: number[]): number[] {
  const m = Math.max(...xs);
  const e = xs.map((x) => Math.exp(x - m));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((x) => x / s);
}

export async function seedAttributions(
  db: Db,
  runId: number,
  examples: { id: number; text: string; label: number }[],
  seed: number,
): Promise<number> {
  const rows = [];
  for (const [k, ex] of examples.entries()) {
    const rng = new Rng(deriveSeed(seed, `attr:${runId}:${ex.id}`));
    const words = ex.text.split(/\s+/).filter(Boolean).slice(0, 30);
    const tokens = ['[CLS]', ...words.map((w) => w.toLowerCase()), '[SEP]'];
    const ig = tokens.map((_, i) => (i === 0 || i === tokens.length - 1 ? 0.01 * rng.normal() : 0.4 * rng.normal()));
    const total = ig.reduce((a, b) => a + b, 0);
    const delta = k === 1 ? 0.4 * Math.max(0.2, Math.abs(total)) : 0.004 * rng.normal(); // example 2 is flagged
    const gi = ig.map((v) => v * (0.7 + 0.6 * rng.next()));
    const perHeadCls = Array.from({ length: LAYERS }, () =>
      Array.from({ length: HEADS }, () => softmax(tokens.map(() => 2 * rng.normal()))),
    );
    const perLayerCls = perHeadCls.map((heads) => tokens.map((_, j) => heads.reduce((s, h) => s + h[j], 0) / HEADS));
    const rollout = softmax(tokens.map((_, j) => Math.log(perLayerCls[LAYERS - 1][j] + 1e-6)));
    const wordScores = (scores: number[]) => words.map((w, i) => ({ word: w, score: scores[i + 1] }));
    const base = { runId, exampleId: ex.id, target: ex.label, tokensJson: JSON.stringify(tokens) };
    rows.push(
      {
        ...base,
        method: 'ig',
        optionsJson: JSON.stringify({ nSteps: 50, method: 'gausslegendre', baseline: 'pad' }),
        optionsHash: 'fixture-ig',
        scoresJson: JSON.stringify(ig),
        wordsJson: JSON.stringify(wordScores(ig)),
        delta,
      },
      {
        ...base,
        method: 'grad-input',
        optionsJson: '{}',
        optionsHash: 'fixture-gi',
        scoresJson: JSON.stringify(gi),
        wordsJson: JSON.stringify(wordScores(gi)),
        delta: null,
      },
      {
        ...base,
        method: 'attention',
        optionsJson: '{}',
        optionsHash: 'fixture-att',
        scoresJson: JSON.stringify(perLayerCls[LAYERS - 1]),
        wordsJson: JSON.stringify(wordScores(perLayerCls[LAYERS - 1])),
        delta: null,
        extraJson: JSON.stringify({ perLayerCls, perHeadCls, rollout }),
      },
    );
  }
  return insertFixtureAttributions(db, rows);
}
