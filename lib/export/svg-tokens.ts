// Token heat-maps as SVG: one labelled row of shaded token boxes per (run, method), wrapped to the
// figure width; signed scores on a blue-white-vermillion scale, attention on white-blue.
import type { TokensFigure } from './figure-spec';
import { divergingColour, sequentialColour, textOn } from '../ui/palette';
import { el, esc, svgDocument, text, textWidth } from './svg';

const LINE = 22;

export function renderTokensSvg(spec: TokensFigure, width = 760): string {
  const left = 12;
  const maxX = width - 12;
  const parts = [text(width / 2, 22, spec.title, { 'text-anchor': 'middle', 'font-size': 15, 'font-weight': 'bold' })];
  let y = 44;
  for (const row of spec.rows) {
    const header = row.tokens.length === 0; // a sentence heading between groups of rows
    if (header && y > 44) y += 6;
    parts.push(
      text(left, y + 12, row.label + (row.note ? `  (${row.note})` : ''), {
        'font-size': header ? 13 : 11,
        'font-weight': 'bold',
        fill: row.flagged ? '#D55E00' : '#222',
      }),
    );
    y += 18;
    if (header) continue;
    let x = left;
    for (const t of row.tokens) {
      const w = textWidth(t.text, 11) + 8;
      if (x + w > maxX) [x, y] = [left, y + LINE];
      const fill = spec.scale === 'diverging' ? divergingColour(t.value) : sequentialColour(t.value);
      const title = `${t.text}: ${(t.raw ?? t.value).toPrecision(3)}`;
      parts.push(
        el(
          'g',
          {},
          el('title', {}, esc(title)) +
            el('rect', { x, y, width: w - 2, height: 18, rx: 3, fill }) +
            text(x + 3, y + 13, t.text, { 'font-size': 11, fill: textOn(t.value) }),
        ),
      );
      x += w;
    }
    y += LINE + 10;
  }
  // legend: the colour scale
  const stops = Array.from({ length: 11 }, (_, k) => {
    const v = spec.scale === 'diverging' ? -1 + k / 5 : k / 10;
    return el('stop', { offset: `${k * 10}%`, 'stop-color': spec.scale === 'diverging' ? divergingColour(v) : sequentialColour(v) });
  }).join('');
  parts.push(el('defs', {}, el('linearGradient', { id: 'token-ramp' }, stops)));
  parts.push(el('rect', { x: left, y, width: 200, height: 10, fill: 'url(#token-ramp)', stroke: '#999' }));
  parts.push(text(left, y + 24, spec.scale === 'diverging' ? '−1' : '0', { 'font-size': 10 }));
  parts.push(text(left + 200, y + 24, '+1', { 'font-size': 10, 'text-anchor': 'end' }));
  parts.push(text(left + 210, y + 9, spec.legend, { 'font-size': 10 }));
  y += 36;
  if (spec.caption) {
    parts.push(text(left, y, spec.caption, { 'font-size': 10, fill: '#555' }));
    y += 14;
  }
  return svgDocument(width, y + 4, parts.join(''), spec.title);
}
