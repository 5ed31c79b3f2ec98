// Matrix figures (confusion matrices, attention grids) as SVG: cells shaded on a sequential scale
// with their values written in, row and column labels, and the axis titles.
import type { MatrixFigure } from './figure-spec';
import { sequentialColour, textOn } from '../ui/palette';
import { el, num, svgDocument, text, textWidth } from './svg';

const CELL_MAX = 56;

export function renderMatrixSvg(spec: MatrixFigure, width = 640): string {
  const labelW = Math.min(140, Math.max(40, ...spec.rows.map((r) => textWidth(r, 11) + 10)));
  const cell = Math.max(14, Math.min(CELL_MAX, (width - labelW - 60) / Math.max(1, spec.columns.length)));
  const top = 70;
  const left = labelW + 40;
  const max = Math.max(1e-12, ...spec.values.flat().filter(Number.isFinite));
  const parts = [text(width / 2, 22, spec.title, { 'text-anchor': 'middle', 'font-size': 15, 'font-weight': 'bold' })];
  spec.columns.forEach((c, j) => parts.push(text(left + cell * (j + 0.5), top - 8, c, { 'text-anchor': 'middle', 'font-size': 11 })));
  spec.values.forEach((row, i) => {
    parts.push(text(left - 6, top + cell * (i + 0.5) + 4, spec.rows[i] ?? String(i), { 'text-anchor': 'end', 'font-size': 11 }));
    row.forEach((v, j) => {
      const t = v / max;
      parts.push(
        el('rect', { x: left + cell * j, y: top + cell * i, width: cell, height: cell, fill: sequentialColour(t), stroke: '#fff' }),
      );
      if (cell >= 24) {
        const label = spec.format === 'fraction' ? v.toFixed(2) : String(Math.round(v));
        parts.push(
          text(left + cell * (j + 0.5), top + cell * (i + 0.5) + 4, label, { 'text-anchor': 'middle', 'font-size': 11, fill: textOn(t) }),
        );
      }
    });
  });
  const gridW = cell * spec.columns.length;
  const gridH = cell * spec.rows.length;
  parts.push(text(left + gridW / 2, top - 28, spec.xLabel, { 'text-anchor': 'middle', 'font-size': 12 }));
  parts.push(
    text(14, top + gridH / 2, spec.yLabel, {
      'text-anchor': 'middle',
      'font-size': 12,
      transform: `rotate(-90 14 ${num(top + gridH / 2)})`,
    }),
  );
  // legend: the colour ramp from 0 to the maximum
  const ly = top + gridH + 24;
  const stops = Array.from({ length: 11 }, (_, k) => el('stop', { offset: `${k * 10}%`, 'stop-color': sequentialColour(k / 10) })).join('');
  parts.push(el('defs', {}, el('linearGradient', { id: 'ramp' }, stops)));
  parts.push(el('rect', { x: left, y: ly, width: 160, height: 10, fill: 'url(#ramp)', stroke: '#999' }));
  parts.push(text(left, ly + 24, '0', { 'font-size': 10 }));
  parts.push(
    text(left + 160, ly + 24, spec.format === 'fraction' ? max.toFixed(2) : String(Math.round(max)), {
      'font-size': 10,
      'text-anchor': 'end',
    }),
  );
  parts.push(text(left + 170, ly + 9, spec.format === 'fraction' ? 'value' : 'count', { 'font-size': 10 }));
  const height = ly + 40 + (spec.caption ? 16 : 0);
  if (spec.caption) parts.push(text(left, height - 6, spec.caption, { 'font-size': 10, fill: '#555' }));
  return svgDocument(Math.max(width, left + gridW + 20), height, parts.join(''), spec.title);
}
