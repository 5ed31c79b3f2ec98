import { test } from 'node:test';
import assert from 'node:assert/strict';
import { retrievalForRow } from '../../lib/analysis/retrieval';
import { silhouetteForRow } from '../../lib/analysis/silhouette';
import { embeddingQuality } from '../../lib/analysis/embedding-quality';
import { kendallTau, summarizeAgreement } from '../../lib/analysis/agreement';
import { setupTf } from '../explain/tf-setup';

await setupTf();

const near = (a: number, b: number, tol = 1e-6) => assert.ok(Math.abs(a - b) < tol, `${a} vs ${b}`);

test('one query by hand: order s,o,s,s with R = 3 → P@1 1, R-precision 2/3, MAP@R 5/9', () => {
  const r = retrievalForRow(0, [0, 1, 2, 3, 4], [0, 0, 1, 0, 0])!;
  assert.equal(r.precisionAt1, 1);
  near(r.rPrecision, 2 / 3, 1e-12);
  near(r.mapAtR, 5 / 9, 1e-12);
  assert.equal(retrievalForRow(0, [0, 1], [0, 1]), undefined); // alone in its class
});

test('five 1-D points by hand (leave-one-out over all queries)', () => {
  // positions 0, 1, 3, 10, 11 with labels 0, 0, 1, 1, 0:
  // q0: s o o s (R=2) → p@1 1, Rp ½, MAP ½;  q1: same;  q2 (R=1): nearest o → 0;  q3: 0;  q4: o o s s → 0
  const pos = [0, 1, 3, 10, 11];
  const q = embeddingQuality({ data: Float32Array.from(pos), rows: 5, cols: 1 }, [0, 0, 1, 1, 0]);
  near(q.precisionAt1, 0.4);
  near(q.rPrecision, 0.2);
  near(q.mapAtR, 0.2);
  assert.equal(q.queries, 5);
});

test('silhouette by hand: 1-D points 0, 1 | 5, 6 → (9/11 + 7/9) / 2', () => {
  const pos = [0, 1, 5, 6];
  const labels = [0, 0, 1, 1];
  const rows = pos.map((p) => pos.map((x) => Math.abs(p - x)));
  near(silhouetteForRow(0, rows[0], labels, 2), 4.5 / 5.5, 1e-12);
  const q = embeddingQuality({ data: Float32Array.from(pos), rows: 4, cols: 1 }, labels);
  near(q.silhouette, (9 / 11 + 7 / 9) / 2, 1e-5);
  assert.equal(q.precisionAt1, 1);
  // cosine: two directions
  const cos = embeddingQuality({ data: Float32Array.from([1, 0, 2, 0.1, 0, 1, 0.1, 3]), rows: 4, cols: 2 }, labels, 'cosine');
  assert.equal(cos.mapAtR, 1);
});

test('Kendall τ-b matches scipy.stats.kendalltau (ties included)', () => {
  near(kendallTau([1, 2, 3, 4, 5], [5, 6, 7, 8, 7]), 0.7378647873726218, 1e-12);
  near(kendallTau([1, 2, 3], [3, 2, 1]), -1, 1e-12);
  near(kendallTau([1, 1, 2, 3], [1, 2, 2, 3]), 0.8, 1e-12); // P=4, Q=0, one tie on each side: 4/√(5·5)
  assert.ok(Number.isNaN(kendallTau([1, 1], [1, 2])));
  const s = summarizeAgreement([
    { a: [1, 2, 3], b: [1, 2, 3] },
    { a: [1, 2, 3], b: [3, 2, 1] },
    { a: [1], b: [1] },
  ]);
  assert.equal(s.n, 2);
  near(s.meanTau, 0);
  assert.equal(s.topWordAgreement, 0.5);
});
