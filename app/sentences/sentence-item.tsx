// One evaluated sentence: gold label, both runs' predictions, and their attributions side by side.
import Link from 'next/link';
import { SENTENCES_PAGE_METHODS as METHODS } from '../../lib/explain/method-list';
import type { PredictionCell, SentenceRow } from '../../lib/store/views/sentences';
import { AttributionCell } from './attribution-cell';

function Prediction({ p, name }: { p?: PredictionCell; name: string }) {
  if (!p) return <span className="muted">{name}: –</span>;
  return (
    <span data-correct={p.correct ? 'true' : 'false'}>
      {name}: <strong>{p.predictedName}</strong> {p.correct ? '✓ right' : '✗ wrong'} ({(p.confidence * 100).toFixed(0)}%)
    </span>
  );
}

export function SentenceItem({ row, runA, runB, focusHref }: { row: SentenceRow; runA: string; runB?: string; focusHref: string }) {
  return (
    <article className="sentence" data-example={row.exampleId}>
      <div style={{ display: 'flex', gap: 14, flexWrap: 'wrap', alignItems: 'baseline' }}>
        <span className="small muted">
          #{row.exampleId} · gold <strong>{row.labelName}</strong>
        </span>
        <Prediction p={row.a} name={runA} />
        {runB ? <Prediction p={row.b} name={runB} /> : null}
        <Link className="small" href={focusHref}>
          attention view
        </Link>
      </div>
      <p style={{ margin: '4px 0 6px' }}>
        {row.text}
        {row.textPair ? <span className="muted"> ‖ {row.textPair}</span> : null}
      </p>
      <div className={runB ? 'side-by-side' : undefined}>
        <div>
          {METHODS.map((m) => (
            <AttributionCell key={m} method={m} view={row.attributions.a[m]} runLabel={runA} />
          ))}
        </div>
        {runB ? (
          <div>
            {METHODS.map((m) => (
              <AttributionCell key={m} method={m} view={row.attributions.b[m]} runLabel={runB} />
            ))}
          </div>
        ) : null}
      </div>
    </article>
  );
}
