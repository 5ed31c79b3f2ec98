// SVG figures without a browser: well-formed, with title, axis labels and legend; PNG and PDF made
// from them have the right headers.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { test } from 'node:test';
import type { FigureSpec, XYFigure } from '../../lib/export/figure-spec';
import { figureData, figureFileName } from '../../lib/export/figure-spec';
import { svgToPdf } from '../../lib/export/pdf';
import { svgToPng } from '../../lib/export/png';
import { renderFigureSvg } from '../../lib/export/render-svg';
import { linearScale, niceDomain } from '../../lib/export/scale';
import { sideBySideSvg } from '../../lib/export/side-by-side';
import { assertWellFormedSvg } from './svg-check';

const line: XYFigure = {
  kind: 'line',
  title: 'Accuracy vs sample size <MR & CR>',
  xLabel: 'Training examples',
  yLabel: 'Accuracy (%)',
  xScale: 'log2',
  yFormat: 'pct',
  series: [
    {
      name: 'ce',
      colour: '#000000',
      showRange: true,
      points: [
        { x: 10, y: 0.7, lo: 0.65, hi: 0.75 },
        { x: 20, y: 0.74, lo: 0.7, hi: 0.78 },
      ],
    },
    {
      name: 'soft-triple',
      colour: '#0072B2',
      dash: '6 3',
      showRange: true,
      points: [
        { x: 10, y: 0.78, lo: 0.74, hi: 0.82 },
        { x: 20, y: 0.8, lo: 0.77, hi: 0.83 },
      ],
    },
  ],
};
const specs: FigureSpec[] = [
  line,
  {
    ...line,
    kind: 'bar',
    xScale: 'category',
    title: 'Bars',
    series: line.series.map((s) => ({ ...s, points: s.points.map((p, i) => ({ ...p, x: ['MR', 'CR'][i] })) })),
  },
  {
    kind: 'scatter',
    title: 'UMAP',
    xLabel: 'UMAP 1',
    yLabel: 'UMAP 2',
    series: [
      { name: 'neg', colour: '#0072B2', points: [{ x: 0, y: 1, label: 'a "quoted" <sentence>' }] },
      { name: 'proxies', colour: '#000', marker: 'diamond', points: [{ x: 1, y: 0 }] },
    ],
  },
  {
    kind: 'matrix',
    title: 'Confusion',
    xLabel: 'Predicted',
    yLabel: 'Gold',
    rows: ['neg', 'pos'],
    columns: ['neg', 'pos'],
    values: [
      [20, 10],
      [8, 22],
    ],
  },
  {
    kind: 'tokens',
    title: 'Attributions',
    scale: 'diverging',
    legend: 'score',
    rows: [
      {
        label: 'ce · IG',
        note: 'δ = 0.1',
        flagged: true,
        tokens: [
          { text: 'good & <bad>', value: 0.8, raw: 1.2 },
          { text: 'film', value: -1, raw: -1.5 },
        ],
      },
    ],
  },
];

test('every figure kind renders a well-formed SVG with its title, labels and legend', () => {
  for (const spec of specs) {
    const svg = renderFigureSvg(spec);
    assertWellFormedSvg(svg);
    assert.ok(svg.includes(`<title>${spec.title.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')}</title>`), spec.kind);
    if (spec.kind !== 'tokens') assert.ok(svg.includes(`>${spec.xLabel}</text>`) && svg.includes(`>${spec.yLabel}</text>`), spec.kind);
  }
  const svg = renderFigureSvg(line);
  assert.match(svg, /<g class="legend">.*>ce<\/text>.*>soft-triple<\/text><\/g>/s);
  assert.match(svg, /<polygon[^>]*fill-opacity="0.15"/); // the ± std band
  assert.match(svg, /stroke-dasharray="6 3"/);
  assert.match(svg, />70<\/text>/); // y ticks in percent
});

test('scales: nice domains and ticks, learning rates in exponent form', () => {
  assert.deepEqual(niceDomain(0.613, 0.871), [0.6, 0.9]);
  assert.deepEqual(linearScale([0, 1], [0, 100]).ticks, [0, 0.2, 0.4, 0.6, 0.8, 1]);
  assert.equal(linearScale([0, 1e-5], [0, 1]).format(5e-6), '5.0e-6');
  assert.equal(linearScale([0.6, 0.9], [0, 1], { pct: true }).format(0.65), '65');
});

test('PNG and PDF from the SVG; panels side by side stay well-formed', async () => {
  const svg = renderFigureSvg(line);
  assert.equal(svgToPng(svg, 1).subarray(0, 8).toString('hex'), '89504e470d0a1a0a');
  const pdf = await svgToPdf(svg, line.title);
  assert.equal(pdf.subarray(0, 5).toString('latin1'), '%PDF-');
  assert.match(pdf.subarray(-8).toString('latin1'), /%%EOF/);
  if (fs.existsSync('/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf'))
    assert.match(pdf.toString('latin1'), /\/BaseFont \/\w+\+DejaVuSans/); // δ, −, ✓ print
  const both = sideBySideSvg([renderFigureSvg(specs[3]), renderFigureSvg(specs[4])], 'CE vs DML');
  assertWellFormedSvg(both);
  assert.equal((both.match(/<svg /g) ?? []).length, 3);
});

test('figure data and file names', () => {
  assert.equal(figureFileName('Accuracy vs sample size (MR (fixture))'), 'accuracy-vs-sample-size-mr-fixture');
  const d = figureData(line);
  assert.deepEqual(d.header, ['series', 'x', 'y', 'lo', 'hi', 'label']);
  assert.deepEqual(d.rows[0], ['ce', 10, 0.7, 0.65, 0.75, '']);
});
