// One run's attribution of one sentence under one method: the heat-map, the IG delta (flagged when
// large), or a note that it has not been computed.
import { METHOD_LABELS, type AttributionView } from '../../lib/store/views/attributions';
import { TokenHeatmap } from '../_components/charts/token-heatmap';

export function AttributionCell({ view, method, runLabel }: { view?: AttributionView; method: string; runLabel: string }) {
  const label = `${runLabel} · ${METHOD_LABELS[method] ?? method}`;
  if (!view) return <div className="small muted">{label}: not computed</div>;
  return (
    <div data-method={method}>
      <div className="small muted">
        {label}
        {view.delta !== undefined ? (
          <span className={view.flagged ? 'warn' : undefined} data-delta-flagged={view.flagged ? 'true' : 'false'} title="IG convergence delta: Σ attributions − (F(x) − F(baseline))">
            {' '}· δ = {view.delta.toPrecision(2)}
            {view.relativeDelta !== undefined ? ` (${(view.relativeDelta * 100).toFixed(1)}%)` : ''}
            {view.flagged ? ' ⚠ large: more steps needed' : ''}
          </span>
        ) : null}
      </div>
      <TokenHeatmap label={label} tokens={view.tokens} scale={method === 'attention' ? 'sequential' : 'diverging'} />
    </div>
  );
}
