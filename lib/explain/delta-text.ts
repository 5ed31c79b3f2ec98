// How an IG convergence delta is shown (dashboard cells and exported figures): in both forms, the
// absolute δ and its share of F(x) − F(x'), with the steps used, and a one-line explanation for hover.
export interface DeltaFacts {
  delta: number;
  relativeDelta?: number;
  gap?: number;
  steps?: number;
  tolerance?: number;
  flagged: boolean;
}

/** "δ = −0.0031 (0.4 % of F(x)−F(x′) = 0.78, 32 steps)". */
export function deltaText(d: DeltaFacts): string {
  const parts: string[] = [];
  if (d.relativeDelta !== undefined)
    parts.push(`${(d.relativeDelta * 100).toFixed(1)} % of F(x)−F(x′)${d.gap !== undefined ? ` = ${d.gap.toPrecision(2)}` : ''}`);
  if (d.steps !== undefined) parts.push(`${d.steps} steps`);
  return `δ = ${d.delta.toPrecision(2)}${parts.length ? ` (${parts.join(', ')})` : ''}`;
}

/** The hover line: what δ is and the tolerance it was held to. */
export function deltaExplanation(d: DeltaFacts): string {
  const tol = d.tolerance !== undefined ? `|δ| ≤ ${d.tolerance.toPrecision(2)}` : '|δ| ≤ 5 % of |F(x)−F(x′)|';
  return `IG convergence delta: Σ attributions − (F(x) − F(baseline)); 0 when the path integral is exact. Converged when ${tol} (5 % of |F(x)−F(x′)|, at least 0.01 on logits).`;
}

/** The warning after a flagged delta. */
export const DELTA_FLAG_NOTE = 'outside tolerance: raise --steps';
