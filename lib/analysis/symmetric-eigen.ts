// Eigen-decomposition of a real symmetric matrix: Householder reduction to tridiagonal form
// (tred2) and the implicit-shift QL algorithm (tql2), as in JAMA's EigenvalueDecomposition
// (public domain; from EISPACK, Wilkinson & Reinsch, Handbook for Automatic Computation II).
// O(d³); eigenvectors are kept as rows (vt[i] = i-th eigenvector) so inner loops run contiguously.

export interface SymmetricEigen {
  /** Eigenvalues, descending. */
  values: number[];
  /** Unit eigenvectors, in the order of `values`. */
  vectors: Float64Array[];
}

export function symmetricEigen(a: ArrayLike<number>[] | Float64Array[]): SymmetricEigen {
  const n = a.length;
  // vt[j][i] = V[i][j] (V as in JAMA); V starts as a copy of A (symmetric, so vt = A too)
  const vt = Array.from({ length: n }, (_, j) => Float64Array.from({ length: n }, (_, i) => a[i][j]));
  const d = new Float64Array(n);
  const e = new Float64Array(n);
  const V = (i: number, j: number) => vt[j][i];
  const setV = (i: number, j: number, x: number) => {
    vt[j][i] = x;
  };

  // --- tred2 ---
  for (let j = 0; j < n; j++) d[j] = V(n - 1, j);
  for (let i = n - 1; i > 0; i--) {
    let scale = 0;
    let h = 0;
    for (let k = 0; k < i; k++) scale += Math.abs(d[k]);
    if (scale === 0) {
      e[i] = d[i - 1];
      for (let j = 0; j < i; j++) {
        d[j] = V(i - 1, j);
        setV(i, j, 0);
        setV(j, i, 0);
      }
    } else {
      for (let k = 0; k < i; k++) {
        d[k] /= scale;
        h += d[k] * d[k];
      }
      let f = d[i - 1];
      let g = Math.sqrt(h);
      if (f > 0) g = -g;
      e[i] = scale * g;
      h -= f * g;
      d[i - 1] = f - g;
      for (let j = 0; j < i; j++) e[j] = 0;
      for (let j = 0; j < i; j++) {
        f = d[j];
        setV(j, i, f);
        g = e[j] + V(j, j) * f;
        const col = vt[j]; // V(k, j) = col[k]
        for (let k = j + 1; k <= i - 1; k++) {
          g += col[k] * d[k];
          e[k] += col[k] * f;
        }
        e[j] = g;
      }
      f = 0;
      for (let j = 0; j < i; j++) {
        e[j] /= h;
        f += e[j] * d[j];
      }
      const hh = f / (h + h);
      for (let j = 0; j < i; j++) e[j] -= hh * d[j];
      for (let j = 0; j < i; j++) {
        f = d[j];
        g = e[j];
        const col = vt[j];
        for (let k = j; k <= i - 1; k++) col[k] -= f * e[k] + g * d[k];
        d[j] = V(i - 1, j);
        setV(i, j, 0);
      }
    }
    d[i] = h;
  }
  for (let i = 0; i < n - 1; i++) {
    setV(n - 1, i, V(i, i));
    setV(i, i, 1);
    const h = d[i + 1];
    if (h !== 0) {
      const next = vt[i + 1];
      for (let k = 0; k <= i; k++) d[k] = next[k] / h;
      for (let j = 0; j <= i; j++) {
        const col = vt[j];
        let g = 0;
        for (let k = 0; k <= i; k++) g += next[k] * col[k];
        for (let k = 0; k <= i; k++) col[k] -= g * d[k];
      }
    }
    for (let k = 0; k <= i; k++) setV(k, i + 1, 0);
  }
  for (let j = 0; j < n; j++) {
    d[j] = V(n - 1, j);
    setV(n - 1, j, 0);
  }
  setV(n - 1, n - 1, 1);
  e[0] = 0;

  // --- tql2 ---
  for (let i = 1; i < n; i++) e[i - 1] = e[i];
  if (n > 0) e[n - 1] = 0;
  let f = 0;
  let tst1 = 0;
  const eps = 2 ** -52;
  for (let l = 0; l < n; l++) {
    tst1 = Math.max(tst1, Math.abs(d[l]) + Math.abs(e[l]));
    let m = l;
    while (m < n) {
      if (Math.abs(e[m]) <= eps * tst1) break;
      m++;
    }
    if (m > l) {
      let iter = 0;
      do {
        if (++iter > 200) throw new Error('symmetric eigen-decomposition did not converge');
        let g = d[l];
        let p = (d[l + 1] - g) / (2 * e[l]);
        let r = Math.hypot(p, 1);
        if (p < 0) r = -r;
        d[l] = e[l] / (p + r);
        d[l + 1] = e[l] * (p + r);
        const dl1 = d[l + 1];
        let h = g - d[l];
        for (let i = l + 2; i < n; i++) d[i] -= h;
        f += h;
        p = d[m];
        let c = 1,
          c2 = 1,
          c3 = 1;
        const el1 = e[l + 1];
        let s = 0,
          s2 = 0;
        for (let i = m - 1; i >= l; i--) {
          c3 = c2;
          c2 = c;
          s2 = s;
          g = c * e[i];
          h = c * p;
          r = Math.hypot(p, e[i]);
          e[i + 1] = s * r;
          s = e[i] / r;
          c = p / r;
          p = c * d[i] - s * g;
          d[i + 1] = h + s * (c * g + s * d[i]);
          const vi = vt[i],
            vi1 = vt[i + 1];
          for (let k = 0; k < n; k++) {
            const hk = vi1[k];
            vi1[k] = s * vi[k] + c * hk;
            vi[k] = c * vi[k] - s * hk;
          }
        }
        p = (-s * s2 * c3 * el1 * e[l]) / dl1;
        e[l] = s * p;
        d[l] = c * p;
      } while (Math.abs(e[l]) > eps * tst1);
    }
    d[l] += f;
    e[l] = 0;
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((x, y) => d[y] - d[x]);
  return { values: order.map((i) => d[i]), vectors: order.map((i) => vt[i]) };
}
