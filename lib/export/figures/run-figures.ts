// Figures of the Run detail page: loss-term curves, reliability diagram, confidence histogram,
// confusion matrix, and accuracy per decile with several runs overlaid.
import type { DecileCurves } from '../../store/views/deciles';
import type { RunDetailView } from '../../store/views/run-detail';
import { CORRECT_COLOUR, lossColour, seriesColour, seriesDash, WRONG_COLOUR } from '../../ui/palette';
import type { MatrixFigure, XYFigure } from '../figure-spec';

const runName = (d: RunDetailView) => `run ${d.run.id} · ${d.run.loss} · ${d.run.dataset.name}`;

export function lossCurvesFigure(d: RunDetailView): XYFigure {
  const keys = d.curves.filter((c) => c.key === 'loss' || c.key.startsWith('loss/'));
  return {
    kind: 'line',
    title: `Loss terms (${runName(d)})`,
    xLabel: 'Step',
    yLabel: 'Loss',
    series: keys.map((c, i) => ({
      name: c.key,
      colour: seriesColour(i),
      dash: seriesDash(i),
      points: c.points.map((p) => ({ x: p.step, y: p.value })),
    })),
  };
}

export function learningRateFigure(d: RunDetailView): XYFigure | undefined {
  const lr = d.curves.find((c) => c.key === 'lr');
  if (!lr) return undefined;
  return {
    kind: 'line',
    title: `Learning rate (${runName(d)})`,
    xLabel: 'Step',
    yLabel: 'Learning rate',
    series: [{ name: 'lr', colour: seriesColour(0), points: lr.points.map((p) => ({ x: p.step, y: p.value })) }],
  };
}

/** Bins with fewer predictions than this are left out of the reliability diagram (their accuracy is noise). */
export const MIN_RELIABILITY_BIN = 10;

export function reliabilityFigure(d: RunDetailView): XYFigure {
  const filled = d.reliability.bins.filter((b) => b.count > 0);
  const shown = filled.filter((b) => b.count >= MIN_RELIABILITY_BIN);
  const hidden = filled.filter((b) => b.count < MIN_RELIABILITY_BIN);
  const range = (b: { lo: number; hi: number }) => `${b.lo.toFixed(2)}–${b.hi.toFixed(2)}`;
  return {
    kind: 'line',
    title: `Reliability diagram (${runName(d)})`,
    xLabel: 'Confidence',
    yLabel: 'Accuracy',
    xDomain: [0, 1],
    yDomain: [0, 1],
    diagonal: true,
    series: [
      {
        name: `accuracy per bin (ECE ${(d.reliability.ece * 100).toFixed(1)}%)`,
        colour: seriesColour(0),
        points: shown.map((b) => ({ x: b.confidence, y: b.accuracy, label: `${range(b)}: n=${b.count}` })),
      },
    ],
    caption:
      `${d.reliability.bins.length} equal-width bins; a point per bin with at least ${MIN_RELIABILITY_BIN} predictions; dashed: perfect calibration. ` +
      `Predictions per bin: ${filled.map((b) => `${range(b)} ${b.count}`).join(', ') || 'none'}` +
      (hidden.length ? ` (${hidden.length} bin${hidden.length > 1 ? 's' : ''} under ${MIN_RELIABILITY_BIN} not drawn).` : '.'),
  };
}

export function confidenceFigure(d: RunDetailView): XYFigure {
  const label = (b: { lo: number; hi: number }) => `${b.lo.toFixed(1)}–${b.hi.toFixed(1)}`;
  return {
    kind: 'bar',
    title: `Confidence histogram (${runName(d)})`,
    xLabel: 'Confidence of the predicted class',
    yLabel: 'Sentences',
    xScale: 'category',
    series: [
      { name: 'correct', colour: CORRECT_COLOUR, points: d.confidenceHistogram.map((b) => ({ x: label(b), y: b.correct })) },
      { name: 'wrong', colour: WRONG_COLOUR, points: d.confidenceHistogram.map((b) => ({ x: label(b), y: b.wrong })) },
    ],
  };
}

export function confusionFigure(d: RunDetailView): MatrixFigure {
  return {
    kind: 'matrix',
    title: `Confusion matrix (${runName(d)})`,
    xLabel: 'Predicted',
    yLabel: 'Gold label',
    rows: d.confusion.labels,
    columns: d.confusion.labels,
    values: d.confusion.matrix,
    format: 'count',
  };
}

export function decilesFigure(curves: DecileCurves, datasetName: string): XYFigure {
  const isDistance = curves.by === 'distance';
  const own = isDistance && curves.distanceFrom !== 'reference';
  const keyName = isDistance ? 'mean distance' : 'mean length';
  return {
    kind: 'line',
    title: `Accuracy vs ${isDistance ? 'distance to centroid' : 'sentence length'} (${datasetName})`,
    xLabel: isDistance
      ? `Decile of the distance to the centroid (${own ? "each run's own embeddings" : `run ${curves.referenceRunId ?? '?'} embeddings`}; 1 = closest)`
      : 'Decile of the sentence length (1 = shortest)',
    yLabel: 'Accuracy (%)',
    yDomain: [0, 1],
    yFormat: 'pct',
    xDomain: [1, 10],
    series: curves.runs.map((r, i) => ({
      name: r.label,
      colour: lossColour(r.label.split(' · ')[0], i),
      dash: seriesDash(i),
      points: r.points.map((p) => ({
        x: p.x,
        y: p.accuracy,
        label: `decile ${p.x}: ${keyName} ${p.key.toFixed(isDistance ? 2 : 1)}, n=${p.n}`,
      })),
    })),
    caption: `${curves.sentences} sentences evaluated by every run, in 10 equal-count groups by rank${isDistance ? ` of ${own ? "each run's own" : "one run's"} first-token distance to the centroid` : ''}.`,
  };
}
