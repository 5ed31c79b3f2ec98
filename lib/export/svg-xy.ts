// Line, bar and scatter figures as standalone SVG (title, axes with ticks and labels, legend),
// drawn from an XYFigure spec without a browser.
import type { XYFigure, XYSeries } from './figure-spec';
import { linearScale, log2Scale, niceDomain, type Scale } from './scale';
import { el, num, svgDocument, text } from './svg';
import { legendHeight, renderLegend, type LegendEntry } from './svg-legend';

export const FIGURE_WIDTH = 640;
const PLOT_HEIGHT = 300;
const M = { left: 64, right: 20, top: 40, bottom: 50 };

function finite(values: (number | undefined)[]): number[] {
  return values.filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
}

/** The y range both renderers use: the spec's, or a nice range over the values (and 0 for bars). */
export function yDomainOf(spec: XYFigure): [number, number] {
  if (spec.yDomain) return spec.yDomain;
  const ys = finite(
    spec.series.flatMap((s) => s.points.flatMap((p) => [p.y, s.showRange ? p.lo : undefined, s.showRange ? p.hi : undefined])),
  );
  if (spec.kind === 'bar') ys.push(0);
  return niceDomain(Math.min(...ys), Math.max(...ys));
}

function categoriesOf(spec: XYFigure): string[] {
  return [...new Set(spec.series.flatMap((s) => s.points.map((p) => String(p.x))))];
}

export function legendEntries(spec: XYFigure): LegendEntry[] {
  return spec.series.map((s) => ({
    name: s.name,
    colour: s.colour,
    dash: s.dash,
    kind: spec.kind === 'line' ? 'line' : spec.kind === 'bar' ? 'bar' : s.marker === 'diamond' ? 'diamond' : 'circle',
  }));
}

export function renderXYSvg(spec: XYFigure, width = FIGURE_WIDTH): string {
  const plotW = width - M.left - M.right;
  const legend = legendEntries(spec);
  const height = M.top + PLOT_HEIGHT + M.bottom + legendHeight(legend, plotW) + (spec.caption ? 18 : 0);
  const pct = spec.yFormat === 'pct';
  const y = linearScale(yDomainOf(spec), [M.top + PLOT_HEIGHT, M.top], { pct });
  const parts: string[] = [text(width / 2, 22, spec.title, { 'text-anchor': 'middle', 'font-size': 15, 'font-weight': 'bold' })];
  // horizontal grid and y axis
  parts.push(
    el(
      'g',
      { class: 'y-axis' },
      y.ticks
        .map(
          (t) =>
            el('line', { x1: M.left, x2: M.left + plotW, y1: y(t), y2: y(t), stroke: '#e3e3e3' }) +
            text(M.left - 6, y(t) + 4, y.format(t), { 'text-anchor': 'end', 'font-size': 11 }),
        )
        .join(''),
    ),
  );
  let xPos: (p: { x: number | string }) => number;
  let xAxis: string;
  if (spec.kind === 'bar' || spec.xScale === 'category') {
    const cats = categoriesOf(spec);
    const band = plotW / Math.max(1, cats.length);
    xPos = (p) => M.left + band * (cats.indexOf(String(p.x)) + 0.5);
    xAxis = cats
      .map((c, i) => text(M.left + band * (i + 0.5), M.top + PLOT_HEIGHT + 16, c, { 'text-anchor': 'middle', 'font-size': 11 }))
      .join('');
    if (spec.kind === 'bar') parts.push(renderBars(spec.series, cats, band, y));
  } else {
    const xs = finite(spec.series.flatMap((s) => s.points.map((p) => (typeof p.x === 'number' ? p.x : NaN))));
    let x: Scale;
    if (spec.xScale === 'log2') {
      const ticks = [...new Set(xs)].filter((v) => v > 0).sort((a, b) => a - b);
      const d = spec.xDomain ?? [Math.min(...ticks) / 1.15, Math.max(...ticks) * 1.15];
      x = log2Scale(d, [M.left, M.left + plotW], ticks);
    } else {
      const d =
        spec.xDomain ??
        (spec.kind === 'scatter' ? padDomain(Math.min(...xs), Math.max(...xs)) : niceDomain(Math.min(...xs), Math.max(...xs)));
      x = linearScale(d, [M.left, M.left + plotW]);
    }
    xPos = (p) => x(Number(p.x));
    xAxis = x.ticks.map((t) => text(x(t), M.top + PLOT_HEIGHT + 16, x.format(t), { 'text-anchor': 'middle', 'font-size': 11 })).join('');
    if (spec.diagonal) {
      const [d0, d1] = yDomainOf(spec);
      parts.push(el('line', { x1: x(d0), y1: y(d0), x2: x(d1), y2: y(d1), stroke: '#888', 'stroke-dasharray': '4 4' }));
    }
  }
  parts.push(el('g', { class: 'x-axis' }, xAxis));
  parts.push(el('rect', { x: M.left, y: M.top, width: plotW, height: PLOT_HEIGHT, fill: 'none', stroke: '#444' }));
  if (spec.kind === 'line') parts.push(...spec.series.map((s) => renderLine(s, xPos, y)));
  if (spec.kind === 'scatter') parts.push(...spec.series.map((s) => renderScatter(s, xPos, y)));
  parts.push(text(M.left + plotW / 2, M.top + PLOT_HEIGHT + 38, spec.xLabel, { 'text-anchor': 'middle', 'font-size': 12 }));
  parts.push(
    text(16, M.top + PLOT_HEIGHT / 2, spec.yLabel, {
      'text-anchor': 'middle',
      'font-size': 12,
      transform: `rotate(-90 16 ${num(M.top + PLOT_HEIGHT / 2)})`,
    }),
  );
  const legendY = M.top + PLOT_HEIGHT + M.bottom;
  parts.push(renderLegend(legend, M.left, legendY, plotW));
  if (spec.caption) parts.push(text(M.left, height - 6, spec.caption, { 'font-size': 10, fill: '#555' }));
  return svgDocument(width, height, parts.join(''), spec.title);
}

function padDomain(lo: number, hi: number): [number, number] {
  const pad = (hi - lo) * 0.05 || 1;
  return [lo - pad, hi + pad];
}

function renderLine(s: XYSeries, xPos: (p: { x: number | string }) => number, y: Scale): string {
  const pts = s.points
    .filter((p) => Number.isFinite(p.y))
    .slice()
    .sort((a, b) => Number(a.x) - Number(b.x));
  if (!pts.length) return '';
  let out = '';
  const ranged = pts.filter((p) => p.lo !== undefined && p.hi !== undefined);
  if (s.showRange && ranged.length > 1) {
    const upper = ranged.map((p) => `${num(xPos(p))},${num(y(p.hi!))}`);
    const lower = ranged
      .slice()
      .reverse()
      .map((p) => `${num(xPos(p))},${num(y(p.lo!))}`);
    out += el('polygon', { points: [...upper, ...lower].join(' '), fill: s.colour, 'fill-opacity': 0.15, stroke: 'none' });
  }
  out += el('polyline', {
    points: pts.map((p) => `${num(xPos(p))},${num(y(p.y))}`).join(' '),
    fill: 'none',
    stroke: s.colour,
    'stroke-width': 2,
    'stroke-dasharray': s.dash,
  });
  if (pts.length <= 40) out += pts.map((p) => el('circle', { cx: xPos(p), cy: y(p.y), r: 3, fill: s.colour })).join('');
  return el('g', { class: 'series', 'data-name': s.name }, out);
}

function renderBars(series: XYSeries[], cats: string[], band: number, y: Scale): string {
  const inner = (band * 0.8) / Math.max(1, series.length);
  const base = y(Math.max(y.ticks[0] ?? 0, 0));
  return series
    .map((s, si) =>
      el(
        'g',
        { class: 'series', 'data-name': s.name },
        s.points
          .map((p) => {
            const ci = cats.indexOf(String(p.x));
            const x0 = M.left + band * ci + band * 0.1 + inner * si;
            const top = y(p.y);
            let out = el('rect', { x: x0, y: Math.min(top, base), width: inner - 2, height: Math.abs(base - top), fill: s.colour });
            if (s.showRange && p.lo !== undefined && p.hi !== undefined) {
              const cx = x0 + (inner - 2) / 2;
              out += el('path', {
                d: `M${num(cx)} ${num(y(p.lo))}V${num(y(p.hi))}M${num(cx - 4)} ${num(y(p.lo))}H${num(cx + 4)}M${num(cx - 4)} ${num(y(p.hi))}H${num(cx + 4)}`,
                stroke: '#808080',
                'stroke-width': 2,
              });
            }
            return out;
          })
          .join(''),
      ),
    )
    .join('');
}

function renderScatter(s: XYSeries, xPos: (p: { x: number | string }) => number, y: Scale): string {
  const r = s.markerSize ?? 3;
  return el(
    'g',
    { class: 'series', 'data-name': s.name },
    s.points
      .map((p) => {
        const cx = xPos(p);
        const cy = y(p.y);
        return s.marker === 'diamond'
          ? el('path', {
              d: `M${num(cx)} ${num(cy - r)}L${num(cx + r)} ${num(cy)}L${num(cx)} ${num(cy + r)}L${num(cx - r)} ${num(cy)}Z`,
              fill: s.colour,
              stroke: '#000',
              'stroke-width': 1,
            })
          : el('circle', { cx, cy, r, fill: s.colour, 'fill-opacity': s.opacity ?? 0.7 });
      })
      .join(''),
  );
}
