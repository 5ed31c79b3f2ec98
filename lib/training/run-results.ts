// From raw evaluation outputs to what a finished run stores: Run.metricsJson, one Prediction per
// evaluated sentence, the embeddings file (row i = i-th evaluated sentence) and the proxies file.
import path from 'node:path';
import { writeFileAtomic } from '../store/artifacts/atomic-file';
import type { StagedRun } from '../store/artifacts/run-artifacts';
import { expectedCalibrationError } from '../eval/calibration';
import { argmax, classificationMetrics, type ClassificationMetrics } from '../eval/metrics';
import { writeArray, type ArrayDtype } from '../store/arrays';
import { crashPoint } from '../util/faults';
import type { ArtifactRow, PredictionRow } from '../store/runs';
import type { EvalOutput } from './evaluate';
import type { ProxyRows } from './proxies';

export interface RunMetricsJson extends ClassificationMetrics {
  ece: number;
  proxyAccuracy?: number;
  trainSize: number;
  evalSize: number;
}

const round = (x: number) => Math.round(x * 1e6) / 1e6;

export function buildPredictions(out: EvalOutput, exampleIds: number[], labels: number[]): PredictionRow[] {
  const C = out.numClasses;
  return exampleIds.map((exampleId, i) => {
    const probs = Array.from(out.probs.subarray(i * C, (i + 1) * C));
    const predicted = argmax(probs);
    return {
      exampleId,
      label: labels[i],
      predicted,
      confidence: probs[predicted],
      correct: predicted === labels[i],
      probsJson: JSON.stringify(probs.map(round)),
      proxyPredicted: out.proxyProbs ? argmax(out.proxyProbs.subarray(i * C, (i + 1) * C)) : null,
      embeddingRow: i,
      numTokens: out.numTokens[i],
    };
  });
}

export function buildMetrics(predictions: PredictionRow[], labelNames: string[], trainSize: number): RunMetricsJson {
  const labels = predictions.map((p) => p.label);
  const m = classificationMetrics(
    labels,
    predictions.map((p) => p.predicted),
    labelNames,
  );
  const ece = expectedCalibrationError(
    predictions.map((p) => p.confidence),
    predictions.map((p) => p.correct),
  );
  const withProxy = predictions.length > 0 && predictions[0].proxyPredicted !== null && predictions[0].proxyPredicted !== undefined;
  const proxyAccuracy = withProxy ? predictions.filter((p) => p.proxyPredicted === p.label).length / predictions.length : undefined;
  return { ...m, ece, ...(proxyAccuracy !== undefined ? { proxyAccuracy } : {}), trainSize, evalSize: predictions.length };
}

function artifact(staged: StagedRun, kind: string, file: string, data: Float32Array, shape: number[], dtype: ArrayDtype): ArtifactRow {
  const { sha256, bytes } = writeArray(path.join(staged.dir, file), data, shape, { dtype });
  return { kind, path: staged.keyOf(file), shapeJson: JSON.stringify(shape), dtype, sha256, bytes };
}

/**
 * Writes embeddings.f32 (and proxies.f32 + proxies.json when the loss has proxies) into the run's
 * staging folder; the rows' paths are the files' keys in the artifact store once published.
 */
export function writeRunArtifacts(
  staged: StagedRun,
  out: EvalOutput,
  proxies: ProxyRows | null,
  dtype: ArrayDtype,
  lossName: string,
): ArtifactRow[] {
  const rows = [artifact(staged, 'embeddings', 'embeddings.f32', out.cls, [out.n, out.embeddingSize], dtype)];
  crashPoint('during-artifacts');
  if (proxies) {
    rows.push(artifact(staged, 'proxies', 'proxies.f32', proxies.data, [proxies.rows, proxies.dim], 'float32'));
    const note = {
      loss: lossName,
      rowClasses: proxies.rowClasses,
      rowCenters: proxies.rowCenters,
      centersPerClass: proxies.rows / Math.max(1, new Set(proxies.rowClasses).size),
    };
    writeFileAtomic(path.join(staged.dir, 'proxies.json'), JSON.stringify(note));
  }
  return rows;
}
