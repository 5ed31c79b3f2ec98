// Token attributions as the Sentences page and the exports show them: tokens (or words) with raw
// and display-normalised scores, the IG convergence delta and whether it is large.
// Relative delta = |δ| / |F(x) − F(x')| with F(x) − F(x') = Σ scores − δ (completeness:
// Σ IG = F(x) − F(x') + δ). Flagged when outside the tolerance stored with the row (5 % of
// |F(x) − F(x')| with an absolute floor, see docs/explain.md); rows from before that was stored:
// above 5 % relative. Method names and labels live in lib/explain/method-list (this view only reads rows).
import { parseJson } from './json';

export const DELTA_FLAG_RELATIVE = 0.05;

export interface TokenScore {
  text: string;
  score: number;
  normalized: number;
}

export interface AttributionView {
  method: string;
  target: number;
  tokens: TokenScore[];
  /** true when `tokens` are whole words (sub-token scores summed). */
  words: boolean;
  delta?: number;
  relativeDelta?: number;
  /** IG: F(x) − F(x'), the integration steps used and the absolute tolerance on |δ| (when stored). */
  gap?: number;
  steps?: number;
  tolerance?: number;
  flagged: boolean;
  /** Attention only: head-averaged first-token attention [layer][token], optional [layer][head][token], rollout. */
  attention?: { tokens: string[]; perLayerCls: number[][]; perHeadCls?: number[][][]; rollout?: number[] };
}

export interface AttributionRow {
  method: string;
  target: number;
  tokensJson: string;
  scoresJson: string;
  wordsJson: string | null;
  delta: number | null;
  extraJson: string | null;
}

/** The columns of an AttributionRow, as a Prisma `select`. */
export const ATTRIBUTION_ROW_FIELDS = {
  method: true,
  target: true,
  tokensJson: true,
  scoresJson: true,
  wordsJson: true,
  delta: true,
  extraJson: true,
} as const;

/** `attentionDetail: false` skips the per-layer/per-head maps (lists show only the token row). */
export function readAttribution(row: AttributionRow, opts: { attentionDetail?: boolean } = {}): AttributionView {
  const tokens = parseJson<string[]>(row.tokensJson, []);
  const scores = parseJson<number[]>(row.scoresJson, []);
  const words = parseJson<{ word: string; score: number }[] | null>(row.wordsJson, null);
  const shown =
    words && words.length
      ? words.map((w) => ({ text: w.word, score: w.score }))
      : tokens.map((t, i) => ({ text: t, score: scores[i] ?? 0 }));
  const maxAbs = Math.max(1e-12, ...shown.map((s) => Math.abs(s.score)));
  const view: AttributionView = {
    method: row.method,
    target: row.target,
    tokens: shown.map((s) => ({ ...s, normalized: s.score / maxAbs })),
    words: Boolean(words && words.length),
    flagged: false,
  };
  if (row.delta !== null && Number.isFinite(row.delta)) {
    view.delta = row.delta;
    const total = scores.reduce((a, b) => a + b, 0) - row.delta;
    const extra = parseJson<{ relativeDelta?: unknown; steps?: unknown; tolerance?: unknown; withinTolerance?: unknown }>(
      row.extraJson,
      {},
    ); // lib/explain stores these for IG
    const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
    const stored = num(extra.relativeDelta);
    view.relativeDelta = stored ?? (Math.abs(total) > 1e-12 ? Math.abs(row.delta) / Math.abs(total) : undefined);
    view.gap = total;
    view.steps = num(extra.steps);
    view.tolerance = num(extra.tolerance);
    if (typeof extra.withinTolerance === 'boolean') view.flagged = !extra.withinTolerance;
    else
      view.flagged =
        view.relativeDelta === undefined ? Math.abs(row.delta) > DELTA_FLAG_RELATIVE : view.relativeDelta > DELTA_FLAG_RELATIVE;
  }
  if (row.method === 'attention' && opts.attentionDetail !== false) {
    const extra = parseJson<{ perLayerCls?: number[][]; perHeadCls?: number[][][]; rollout?: number[] }>(row.extraJson, {});
    view.attention = { tokens, perLayerCls: extra.perLayerCls ?? [], perHeadCls: extra.perHeadCls, rollout: extra.rollout };
  }
  return view;
}
