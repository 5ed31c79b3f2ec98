// Tokens shaded by their attribution; the exact value shows on hover (title) and to screen readers.
import type { TokenScore } from '../../../lib/store/views/attributions';
import { divergingColour, sequentialColour, textOn } from '../../../lib/ui/palette';

export function TokenHeatmap({
  tokens,
  scale = 'diverging',
  label,
}: {
  tokens: TokenScore[];
  scale?: 'diverging' | 'sequential';
  label: string;
}) {
  return (
    <div className="tokens" aria-label={label}>
      {tokens.map((t, i) => {
        const bg = scale === 'diverging' ? divergingColour(t.normalized) : sequentialColour(t.normalized);
        return (
          <span
            key={i}
            className="token"
            style={{ background: bg, color: textOn(t.normalized) }}
            title={`${t.score.toPrecision(3)} (${t.normalized.toFixed(2)} of max)`}
          >
            {t.text}
          </span>
        );
      })}
    </div>
  );
}
