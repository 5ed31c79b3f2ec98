// When is an integrated-gradients attribution converged? Completeness says Σ IG = F(x) − F(x'), so
// the convergence delta δ = Σ IG − (F(x) − F(x')) measures the quadrature error (Sundararajan et al.
// 2017, §3 "Computing integrated gradients": "check that the attributions add up to within 5 % of
// the difference"). A relative test alone fails when F(x) − F(x') is tiny (any δ is a large share
// of ~0), so the tolerance has an absolute floor on the explained scalar's scale:
//   tolerance = max(5 % · |F(x) − F(x')|, floor),  floor = 0.01 (logits) or 0.001 (probabilities).
// `--steps auto` tries AUTO_STEPS in turn until |δ| ≤ tolerance, stopping at the last (64, 128, 256).
export const RELATIVE_TOLERANCE = 0.05;
export const ABSOLUTE_FLOOR = { logit: 0.01, prob: 0.001 } as const;
/** Step counts `--steps auto` tries. On the demo's small model 32 steps almost never reached tolerance
 *  (so trying them only added cost); 64 does for about half the sentences. */
export const AUTO_STEPS = [64, 128, 256] as const;
/** Interpolation points per forward/backward pass unless internalBatchSize says otherwise: 256 points
 *  of a 64-token sentence at once overflow the wasm heap. */
export const DEFAULT_POINTS_PER_PASS = 64;

export function deltaTolerance(gap: number, output: keyof typeof ABSOLUTE_FLOOR): number {
  return Math.max(RELATIVE_TOLERANCE * Math.abs(gap), ABSOLUTE_FLOOR[output]);
}

export function withinTolerance(delta: number, gap: number, output: keyof typeof ABSOLUTE_FLOOR): boolean {
  return Math.abs(delta) <= deltaTolerance(gap, output);
}
