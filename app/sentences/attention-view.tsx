// Attention of the first token ([CLS]/<s>) for one sentence: a layer x head grid (when the stored
// attention has per-head rows), the head-averaged layer x token map, and rollout.
import type { AttributionView } from '../../lib/store/views/attributions';
import { sequentialColour, textOn } from '../../lib/ui/palette';

function Strip({ values, tokens }: { values: number[]; tokens: string[] }) {
  const max = Math.max(1e-12, ...values);
  const w = Math.max(2, Math.min(6, Math.floor(96 / Math.max(1, values.length)))); // about 100 px per cell
  return (
    <div style={{ display: 'flex', height: 14 }}>
      {values.map((v, j) => (
        <div key={j} title={`${tokens[j] ?? j}: ${v.toFixed(3)}`} style={{ width: w, background: sequentialColour(v / max) }} />
      ))}
    </div>
  );
}

export function AttentionView({ view, runLabel }: { view: AttributionView; runLabel: string }) {
  const a = view.attention;
  if (!a || a.perLayerCls.length === 0) return <p className="small muted">{runLabel}: no attention stored.</p>;
  const tokens = a.tokens;
  return (
    <div data-testid="attention-view">
      <h3 className="small">{runLabel}: first-token attention</h3>
      {a.perHeadCls?.length ? (
        <div style={{ overflowX: 'auto' }}>
          <table className="attention-grid" aria-label={`${runLabel} layer by head`}>
            <thead>
              <tr>
                <th>layer \ head</th>
                {a.perHeadCls[0].map((_, h) => (
                  <th key={h}>{h}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {a.perHeadCls.map((heads, l) => (
                <tr key={l}>
                  <th>{l}</th>
                  {heads.map((row, h) => (
                    <td key={h}>
                      <Strip values={row} tokens={tokens} />
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p className="small muted">Per-head attention was not stored for this run; the layers below average the heads.</p>
      )}
      <div style={{ overflowX: 'auto' }}>
        <table className="matrix" aria-label={`${runLabel} layer by token`}>
          <thead>
            <tr>
              <th>layer</th>
              {tokens.map((t, j) => (
                <th key={j} className="small">
                  {t}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {[
              ...a.perLayerCls.map((row, l) => ({ name: String(l), row })),
              ...(a.rollout ? [{ name: 'rollout', row: a.rollout }] : []),
            ].map(({ name, row }) => {
              const max = Math.max(1e-12, ...row);
              return (
                <tr key={name}>
                  <th>{name}</th>
                  {row.map((v, j) => (
                    <td
                      key={j}
                      title={`${tokens[j]}: ${v.toFixed(3)}`}
                      style={{ background: sequentialColour(v / max), color: textOn(v / max), fontSize: 10 }}
                    >
                      {v.toFixed(2)}
                    </td>
                  ))}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </div>
  );
}
