// Legend rows under the plot: a swatch (line with its dash, or a marker) and the series name,
// wrapped to the figure width.
import { el, text, textWidth } from './svg';

export interface LegendEntry {
  name: string;
  colour: string;
  dash?: string;
  kind: 'line' | 'bar' | 'circle' | 'diamond';
}

const ROW_HEIGHT = 18;

export function legendHeight(entries: LegendEntry[], width: number): number {
  return entries.length ? layout(entries, width).rows * ROW_HEIGHT + 6 : 0;
}

function layout(entries: LegendEntry[], width: number) {
  const positions: { x: number; row: number }[] = [];
  let x = 0;
  let row = 0;
  for (const e of entries) {
    const w = 30 + textWidth(e.name, 11) + 16;
    if (x > 0 && x + w > width) [x, row] = [0, row + 1];
    positions.push({ x, row });
    x += w;
  }
  return { positions, rows: row + 1 };
}

export function renderLegend(entries: LegendEntry[], x0: number, y0: number, width: number): string {
  const { positions } = layout(entries, width);
  return el(
    'g',
    { class: 'legend' },
    entries
      .map((e, i) => {
        const x = x0 + positions[i].x;
        const y = y0 + positions[i].row * ROW_HEIGHT + 9;
        const swatch =
          e.kind === 'line'
            ? el('line', { x1: x, y1: y, x2: x + 24, y2: y, stroke: e.colour, 'stroke-width': 2.5, 'stroke-dasharray': e.dash })
            : e.kind === 'bar'
              ? el('rect', { x: x + 4, y: y - 6, width: 16, height: 12, fill: e.colour })
              : e.kind === 'diamond'
                ? el('path', { d: `M${x + 12} ${y - 6}L${x + 18} ${y}L${x + 12} ${y + 6}L${x + 6} ${y}Z`, fill: e.colour, stroke: '#000' })
                : el('circle', { cx: x + 12, cy: y, r: 5, fill: e.colour });
        return swatch + text(x + 30, y + 4, e.name, { 'font-size': 11 });
      })
      .join(''),
  );
}
