// Attention rollout (Abnar & Zuidema 2020, "Quantifying Attention Flow in Transformers", §3):
// with A_l the head-averaged attention of layer l (rows sum to 1), add the residual connection and
// renormalise:  Â_l = ½ A_l + ½ I  (rows still sum to 1), then
//   R_1 = Â_1,  R_l = Â_l · R_{l−1}      →  R = Â_L ⋯ Â_1.
// R[i, j] is how much of token j flows into position i at the last layer; the first-token row
// R[0, ·] scores the tokens for a classifier reading the first token.

export type Matrix = number[][];

/** Mean over heads: [H][L][L] → [L][L]. */
export function averageHeads(heads: Matrix[]): Matrix {
  const h = heads.length;
  return heads[0].map((row, i) => row.map((_, j) => heads.reduce((s, m) => s + m[i][j], 0) / h));
}

function matmul(a: Matrix, b: Matrix): Matrix {
  const n = a.length;
  const m = b[0].length;
  const out: Matrix = Array.from({ length: n }, () => new Array<number>(m).fill(0));
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < b.length; k++) {
      const aik = a[i][k];
      if (aik === 0) continue;
      for (let j = 0; j < m; j++) out[i][j] += aik * b[k][j];
    }
  }
  return out;
}

/** Rollout matrix R = Â_L ⋯ Â_1 from head-averaged per-layer attentions [layer][L][L]. */
export function attentionRollout(layers: Matrix[], residual = 0.5): Matrix {
  if (layers.length === 0) throw new RangeError('attention rollout needs at least one layer');
  let r: Matrix | undefined;
  for (const a of layers) {
    const withResidual = a.map((row, i) => {
      const mixed = row.map((v, j) => (1 - residual) * v + (i === j ? residual : 0));
      const s = mixed.reduce((x, y) => x + y, 0);
      return mixed.map((v) => v / s);
    });
    r = r ? matmul(withResidual, r) : withResidual;
  }
  return r!;
}
