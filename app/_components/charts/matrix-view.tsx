// A matrix figure as an HTML heat-map table (values readable, colour as a second cue).
import type { MatrixFigure } from '../../../lib/export/figure-spec';
import { sequentialColour, textOn } from '../../../lib/ui/palette';

export function MatrixView({ spec }: { spec: MatrixFigure }) {
  const max = Math.max(1e-12, ...spec.values.flat());
  return (
    <table className="matrix" aria-label={spec.title}>
      <thead>
        <tr>
          <th>
            {spec.yLabel} \ {spec.xLabel}
          </th>
          {spec.columns.map((c) => (
            <th key={c}>{c}</th>
          ))}
        </tr>
      </thead>
      <tbody>
        {spec.values.map((row, i) => (
          <tr key={spec.rows[i]}>
            <th>{spec.rows[i]}</th>
            {row.map((v, j) => (
              <td
                key={j}
                style={{ background: sequentialColour(v / max), color: textOn(v / max) }}
                title={`${spec.rows[i]} → ${spec.columns[j]}: ${v}`}
              >
                {spec.format === 'fraction' ? v.toFixed(2) : v}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
