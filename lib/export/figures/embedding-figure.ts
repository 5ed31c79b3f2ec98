// The embedding map of one run: points coloured by gold label, prediction or correctness, with the
// loss's proxies/centres as black-edged diamonds. Each point links to its sentence.
import type { EmbeddingPanel } from '../../store/views/embeddings';
import { CORRECT_COLOUR, labelColour, WRONG_COLOUR } from '../../ui/palette';
import type { XYFigure, XYSeries } from '../figure-spec';

export type ColourBy = 'label' | 'prediction' | 'correctness';
/** points: small translucent markers; density: larger, nearly transparent ones, so overlaps add up to show where sentences crowd. */
export type MapStyle = 'points' | 'density';
export const MAP_STYLES: MapStyle[] = ['points', 'density'];
const MARKERS: Record<MapStyle, { size: number; opacity: number }> = {
  points: { size: 3, opacity: 0.45 },
  density: { size: 7, opacity: 0.08 },
};
/** Maps are drawn taller than the other charts (hundreds of points). */
export const MAP_HEIGHT = 560;

export function embeddingFigure(
  panel: EmbeddingPanel,
  colourBy: ColourBy,
  sentenceHref?: (exampleId: number) => string,
  style: MapStyle = 'points',
): XYFigure {
  const marker = MARKERS[style];
  const names = panel.run.dataset.labelNames;
  const groups = new Map<string, XYSeries>();
  const groupOf = (key: string, colour: string) => {
    let s = groups.get(key);
    if (!s) groups.set(key, (s = { name: key, colour, points: [], markerSize: marker.size, opacity: marker.opacity }));
    return s;
  };
  for (const p of panel.points) {
    const [key, colour] =
      colourBy === 'correctness'
        ? [p.correct ? 'correct' : 'wrong', p.correct ? CORRECT_COLOUR : WRONG_COLOUR]
        : colourBy === 'prediction'
          ? [`predicted ${names[p.predicted] ?? p.predicted}`, labelColour(p.predicted)]
          : [names[p.label] ?? String(p.label), labelColour(p.label)];
    groupOf(key, colour).points.push({ x: p.x, y: p.y, label: p.text, href: sentenceHref?.(p.exampleId) });
  }
  const series = [...groups.values()].sort((a, b) => a.name.localeCompare(b.name));
  if (panel.proxies.length) {
    series.push({
      name: 'proxies / centres',
      colour: '#000000',
      marker: 'diamond',
      markerSize: 7,
      points: panel.proxies.map((p) => ({ x: p.x, y: p.y, label: `proxy of ${names[p.label] ?? p.label} (centre ${p.center})` })),
    });
  }
  const method = (panel.method ?? 'projection').toUpperCase();
  const metric = typeof panel.params.metric === 'string' ? `, ${panel.params.metric}` : '';
  return {
    kind: 'scatter',
    title: `${method} of run ${panel.run.id} (${panel.run.loss}, ${panel.run.dataset.name}${metric})`,
    xLabel: `${method} 1`,
    yLabel: `${method} 2`,
    series,
    height: MAP_HEIGHT,
    caption:
      (panel.points.length < panel.total
        ? `Showing ${panel.points.length} of ${panel.total} sentences (every k-th).`
        : `${panel.total} sentences.`) + (style === 'density' ? ' Density view: darker where sentences overlap.' : ''),
  };
}
