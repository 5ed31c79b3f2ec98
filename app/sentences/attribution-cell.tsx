// One run's attribution of one sentence under one method: the heat-map, the IG delta (flagged when
// large), or a note that it has not been computed.
import { deltaExplanation, deltaText, DELTA_FLAG_NOTE } from '../../lib/explain/delta-text';
import { methodLabel } from '../../lib/explain/method-list';
import type { AttributionView } from '../../lib/store/views/attributions';
import { TokenHeatmap } from '../_components/charts/token-heatmap';

export function AttributionCell({ view, method, runLabel }: { view?: AttributionView; method: string; runLabel: string }) {
  const label = `${runLabel} · ${methodLabel(method)}`;
  if (!view) return <div className="small muted">{label}: not computed</div>;
  return (
    <div data-method={method}>
      <div className="small muted">
        {label}
        {view.delta !== undefined ? (
          <span
            className={view.flagged ? 'warn' : undefined}
            data-delta-flagged={view.flagged ? 'true' : 'false'}
            title={deltaExplanation({ ...view, delta: view.delta })}
          >
            {' '}
            · {deltaText({ ...view, delta: view.delta })}
            {view.flagged ? ` ⚠ ${DELTA_FLAG_NOTE}` : ''}
          </span>
        ) : null}
      </div>
      <TokenHeatmap label={label} tokens={view.tokens} scale={method === 'attention' ? 'sequential' : 'diverging'} />
    </div>
  );
}
