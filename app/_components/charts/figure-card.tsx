'use client';
// A figure on a page: the chart (recharts, HTML heat-map or token rows), its caption, and the
// downloads (SVG/PNG/PDF/CSV) made from the very same spec.
import type { FigureSpec } from '../../../lib/export/figure-spec';
import { ExportMenu } from '../export-menu';
import { MatrixView } from './matrix-view';
import { XYChart } from './xy-chart';
import { TokenHeatmap } from './token-heatmap';

export function FigureCard({ spec, id }: { spec: FigureSpec; id?: string }) {
  const empty =
    spec.kind === 'matrix'
      ? spec.values.length === 0
      : spec.kind === 'tokens'
        ? spec.rows.length === 0
        : spec.series.every((s) => s.points.length === 0);
  return (
    <section className="figure-card" id={id} data-figure={spec.title}>
      <header>
        <h3>{spec.title}</h3>
        {empty ? null : <ExportMenu spec={spec} />}
      </header>
      {empty ? (
        <p className="muted">No data to plot yet.</p>
      ) : spec.kind === 'matrix' ? (
        <MatrixView spec={spec} />
      ) : spec.kind === 'tokens' ? (
        spec.rows.map((r, i) => (
          <div key={i} style={{ marginBottom: 8 }}>
            <div className={`small ${r.flagged ? 'warn' : 'muted'}`}>
              {r.label}
              {r.note ? ` (${r.note})` : ''}
            </div>
            <TokenHeatmap
              label={r.label}
              scale={spec.scale}
              tokens={r.tokens.map((t) => ({ text: t.text, normalized: t.value, score: t.raw ?? t.value }))}
            />
          </div>
        ))
      ) : (
        <XYChart spec={spec} />
      )}
      {spec.caption ? <div className="caption">{spec.caption}</div> : null}
    </section>
  );
}
