import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fitPca, pcaTransform } from '../../lib/analysis/pca';
import { symmetricEigen } from '../../lib/analysis/symmetric-eigen';
import { placeByNeighbors, umapProject } from '../../lib/analysis/umap';
import { nearestNeighbors } from '../../lib/analysis/pairwise';
import { Rng } from '../../lib/util/random';
import { setupTf } from '../explain/tf-setup';

await setupTf();

test('symmetric eigen-decomposition: A v = λ v on a random matrix', () => {
  const rng = new Rng(3);
  const n = 12;
  const b = Array.from({ length: n }, () => Array.from(rng.normalArray(n)));
  const a = b.map((r, i) => r.map((_, j) => (b[i][j] + b[j][i]) / 2));
  const { values, vectors } = symmetricEigen(a);
  for (let q = 0; q < n; q++) {
    for (let i = 0; i < n; i++) {
      const av = a[i].reduce((s, x, j) => s + x * vectors[q][j], 0);
      assert.ok(Math.abs(av - values[q] * vectors[q][i]) < 1e-10);
    }
    if (q > 0) assert.ok(values[q] <= values[q - 1]);
  }
});

test('PCA by hand: axes, variances and ratios of a rotated cross', () => {
  // points ±2 along u = (1,1)/√2 and ±1 along v = (1,−1)/√2: cov eigenvalues 8/3 and 2/3
  const s = Math.SQRT1_2;
  const pts = [
    [2 * s, 2 * s],
    [-2 * s, -2 * s],
    [s, -s],
    [-s, s],
  ].map(([x, y]) => [x + 5, y - 1]);
  const m = { data: Float32Array.from(pts.flat()), rows: 4, cols: 2 };
  const pca = fitPca(m, 2);
  assert.ok(Math.abs(pca.variances[0] - 8 / 3) < 1e-5 && Math.abs(pca.variances[1] - 2 / 3) < 1e-5);
  assert.ok(Math.abs(pca.explainedVarianceRatio[0] - 0.8) < 1e-6);
  assert.ok(Math.abs(Math.abs(pca.components[0][0]) - s) < 1e-5 && Math.abs(pca.components[0][0] - pca.components[0][1]) < 1e-5);
  const c = pcaTransform(pca, m);
  assert.ok(Math.abs(Math.abs(c[0][0]) - 2) < 1e-5 && Math.abs(c[0][1]) < 1e-5);
  assert.ok(Math.abs(Math.abs(c[2][1]) - 1) < 1e-5);
  assert.deepEqual(fitPca(m, 2).components, pca.components); // deterministic
});

function clusters(n: number, d: number, seed: number) {
  const rng = new Rng(seed);
  const centers = [0, 1, 2].map(() => rng.normalArray(d, 0, 4));
  const data = new Float32Array(n * d);
  const labels: number[] = [];
  for (let i = 0; i < n; i++) {
    labels.push(i % 3);
    for (let j = 0; j < d; j++) data[i * d + j] = centers[i % 3][j] + rng.normal();
  }
  return { m: { data, rows: n, cols: d }, labels, centers };
}

test('exact kNN puts self first and sorts ascending', () => {
  const { m } = clusters(30, 5, 1);
  const knn = nearestNeighbors(m, 4, 'euclidean');
  knn.indices.forEach((idx, i) => {
    assert.equal(idx[0], i);
    assert.equal(idx.length, 4);
    for (let k = 1; k < 4; k++) assert.ok(knn.distances[i][k] >= knn.distances[i][k - 1]);
  });
});

test('UMAP is deterministic for a seed, separates clusters, and places extra points near their class', () => {
  const { m, labels, centers } = clusters(120, 16, 7);
  const a = umapProject(m, { seed: 5, nEpochs: 60, nNeighbors: 10 });
  const b = umapProject(m, { seed: 5, nEpochs: 60, nNeighbors: 10 });
  const c = umapProject(m, { seed: 6, nEpochs: 60, nNeighbors: 10 });
  assert.deepEqual(a.coords, b.coords);
  assert.notDeepEqual(a.coords, c.coords);
  assert.equal(a.params.nEpochs, 60);
  const centroid = (k: number) => {
    const pts = a.coords.filter((_, i) => labels[i] === k);
    return [pts.reduce((s, p) => s + p[0], 0) / pts.length, pts.reduce((s, p) => s + p[1], 0) / pts.length];
  };
  const cs = [0, 1, 2].map(centroid);
  // the centre of class 0, placed by its neighbours, lands closest to class 0's centroid
  const dist = [centers[0]].map((c0) =>
    Array.from({ length: m.rows }, (_, i) => Math.hypot(...Array.from(c0, (v, j) => v - m.data[i * 16 + j]))),
  );
  const [p] = placeByNeighbors(dist, a.coords, 10);
  const dd = cs.map((q) => Math.hypot(q[0] - p[0], q[1] - p[1]));
  assert.equal(dd.indexOf(Math.min(...dd)), 0);
});

test('the fast fuzzy graph gives exactly the layout of umap-js own graph construction', () => {
  const { m } = clusters(90, 8, 3);
  const a = umapProject(m, { seed: 2, nEpochs: 20, nNeighbors: 6 });
  const b = umapProject(m, { seed: 2, nEpochs: 20, nNeighbors: 6, fastGraph: false });
  assert.deepEqual(a.coords, b.coords);
});
