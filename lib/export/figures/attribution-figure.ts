// Token heat-maps of chosen sentences: for each sentence, one row per (run, method), the IG delta
// next to the row and flagged when large.
import type { AttributionView } from '../../store/views/attributions';
import { deltaText, DELTA_FLAG_NOTE } from '../../explain/delta-text';
import { methodLabel } from '../../explain/method-list';
import type { TokenRow, TokensFigure } from '../figure-spec';

export interface AttributedSentence {
  text: string;
  label: string;
  runs: { name: string; prediction?: string; attributions: AttributionView[] }[];
}

export function attributionRow(name: string, a: AttributionView): TokenRow {
  const note = a.delta !== undefined ? `${deltaText({ ...a, delta: a.delta })}${a.flagged ? ` — ${DELTA_FLAG_NOTE}` : ''}` : undefined;
  return {
    label: `${name} · ${methodLabel(a.method)}`,
    tokens: a.tokens.map((t) => ({ text: t.text, value: t.normalized, raw: t.score })),
    note,
    flagged: a.flagged,
  };
}

export function attributionFigure(sentences: AttributedSentence[], title = 'Token attributions'): TokensFigure {
  const rows: TokenRow[] = [];
  const order = (m: string) => (m === 'ig' ? 0 : m === 'grad-input' ? 1 : 2);
  sentences.forEach((s, i) => {
    rows.push({ label: `(${i + 1}) gold: ${s.label}`, tokens: [] });
    for (const run of s.runs) {
      const shown = run.attributions.filter((x) => x.method !== 'attention').sort((a, b) => order(a.method) - order(b.method));
      for (const a of shown) rows.push(attributionRow(`${run.name}${run.prediction ? ` → ${run.prediction}` : ''}`, a));
    }
  });
  return {
    kind: 'tokens',
    title,
    rows,
    scale: 'diverging',
    legend: 'score / max |score| per row (blue: against, vermillion: for the target class)',
    caption: 'IG: integrated gradients with its convergence delta δ; rows flagged when |δ| exceeds 5% of F(x) − F(x′).',
  };
}
