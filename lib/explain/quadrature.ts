// Quadrature rules for the path integral of integrated gradients, shaped like Captum's
// `approximation_parameters(method)` (captum/attr/_utils/approximation_methods.py):
// each rule gives n points alpha_k in [0, 1] and weights w_k with  ∫₀¹ g(α) dα ≈ Σ_k w_k g(α_k).
//   riemann_left      α_k = k/n,            w_k = 1/n          (k = 0..n-1)
//   riemann_right     α_k = (k+1)/n,        w_k = 1/n
//   riemann_middle    α_k = (k+½)/n,        w_k = 1/n
//   riemann_trapezoid α_k = k/(n-1),        w_k = 1/(n-1), halved at both ends
//   gausslegendre     α_k = ½(1+ξ_k),       w_k = ½·ω_k, (ξ_k, ω_k) = Gauss–Legendre nodes on [-1,1]
//                     (numpy.polynomial.legendre.leggauss; exact for polynomials of degree ≤ 2n-1)
import { UserError } from '../errors';

export const QUADRATURES = ['riemann_left', 'riemann_right', 'riemann_middle', 'riemann_trapezoid', 'gausslegendre'] as const;
export type Quadrature = (typeof QUADRATURES)[number];

const ALIASES: Record<string, Quadrature> = {
  left: 'riemann_left',
  right: 'riemann_right',
  middle: 'riemann_middle',
  trapezoid: 'riemann_trapezoid',
  'gauss-legendre': 'gausslegendre',
  gauss_legendre: 'gausslegendre',
  gl: 'gausslegendre',
  'riemann-left': 'riemann_left',
  'riemann-right': 'riemann_right',
  'riemann-middle': 'riemann_middle',
  'riemann-trapezoid': 'riemann_trapezoid',
};

/** Canonical Captum name of a quadrature rule; accepts short aliases ("left", "gauss-legendre"). */
export function parseQuadrature(name: string): Quadrature {
  if ((QUADRATURES as readonly string[]).includes(name)) return name as Quadrature;
  const q = ALIASES[name.toLowerCase()];
  if (!q)
    throw new UserError(
      `unknown IG quadrature "${name}" (valid: ${QUADRATURES.join(', ')}, or left/right/middle/trapezoid/gauss-legendre)`,
    );
  return q;
}

export interface QuadratureRule {
  alphas: number[];
  weights: number[];
}

/** Points and weights of `method` with `n` evaluations of the integrand. */
export function quadrature(method: Quadrature, n: number): QuadratureRule {
  if (!Number.isInteger(n) || n < 1) throw new UserError(`IG steps must be a positive integer, got ${n}`);
  const alphas: number[] = [];
  const weights: number[] = [];
  switch (method) {
    case 'riemann_left':
    case 'riemann_right':
    case 'riemann_middle': {
      const shift = method === 'riemann_left' ? 0 : method === 'riemann_right' ? 1 : 0.5;
      for (let k = 0; k < n; k++) {
        alphas.push((k + shift) / n);
        weights.push(1 / n);
      }
      break;
    }
    case 'riemann_trapezoid': {
      if (n < 2) throw new UserError('the trapezoid rule needs at least 2 steps');
      for (let k = 0; k < n; k++) {
        alphas.push(k / (n - 1));
        weights.push(k === 0 || k === n - 1 ? 0.5 / (n - 1) : 1 / (n - 1));
      }
      break;
    }
    case 'gausslegendre': {
      const { nodes, weights: w } = gaussLegendre(n);
      for (let k = 0; k < n; k++) {
        alphas.push(0.5 * (1 + nodes[k]));
        weights.push(0.5 * w[k]);
      }
      break;
    }
    default:
      throw new UserError(`unknown IG quadrature "${String(method)}"`);
  }
  return { alphas, weights };
}

/** Gauss–Legendre nodes (ascending) and weights on [-1, 1] by Newton's method on P_n
 *  (three-term recurrence (k+1)P_{k+1} = (2k+1)xP_k − kP_{k−1}; w = 2 / ((1−x²) P_n'(x)²)). */
export function gaussLegendre(n: number): { nodes: number[]; weights: number[] } {
  if (n === 1) return { nodes: [0], weights: [2] };
  const nodes = new Array<number>(n);
  const weights = new Array<number>(n);
  // P_n(x) and P_n'(x) by the recurrence; P_n' = n (x P_n − P_{n−1}) / (x² − 1)
  const legendre = (x: number): [number, number] => {
    let p0 = 1;
    let p1 = x;
    for (let k = 1; k < n; k++) {
      const p2 = ((2 * k + 1) * x * p1 - k * p0) / (k + 1);
      p0 = p1;
      p1 = p2;
    }
    return [p1, (n * (x * p1 - p0)) / (x * x - 1)];
  };
  for (let i = 0; i < Math.floor((n + 1) / 2); i++) {
    let x = Math.cos((Math.PI * (i + 0.75)) / (n + 0.5)); // Tricomi's initial guess, i-th largest root
    for (let iter = 0; iter < 100; iter++) {
      const [p, dp] = legendre(x);
      const dx = p / dp;
      x -= dx;
      if (Math.abs(dx) < 1e-15) break;
    }
    const dp = legendre(x)[1];
    const w = 2 / ((1 - x * x) * dp * dp);
    nodes[n - 1 - i] = x;
    nodes[i] = -x;
    weights[i] = w;
    weights[n - 1 - i] = w;
  }
  return { nodes, weights };
}
