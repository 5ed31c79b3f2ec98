// Typed readers of the JSON the training side stores on Run rows (metricsJson, progressJson,
// configJson). Fields are optional: a page shows what is there and a dash for the rest.
import { asNumber, parseJson } from './json';

export interface PerClassMetric {
  label: string;
  precision?: number;
  recall?: number;
  f1?: number;
  support?: number;
}

export interface RunMetrics {
  accuracy?: number;
  macroF1?: number;
  weightedF1?: number;
  ece?: number;
  proxyAccuracy?: number;
  perClass: PerClassMetric[];
  confusion?: number[][];
}

export interface RunProgress {
  step?: number;
  totalSteps?: number;
  epoch?: number;
  loss?: number;
  etaMs?: number;
  phase?: string;
}

/** Metric keys a user can rank experiments by, in the order offered. */
export const METRIC_KEYS = ['accuracy', 'macroF1', 'weightedF1', 'ece', 'proxyAccuracy'] as const;
export type MetricKey = (typeof METRIC_KEYS)[number];

export const METRIC_LABELS: Record<MetricKey, string> = {
  accuracy: 'Accuracy',
  macroF1: 'Macro F1',
  weightedF1: 'Weighted F1',
  ece: 'ECE',
  proxyAccuracy: 'Proxy accuracy',
};

/** Metrics where lower is better (the "best" marker looks for the minimum). */
export const LOWER_IS_BETTER = new Set<MetricKey>(['ece']);

export function readRunMetrics(text: string | null | undefined, labelNames: string[] = []): RunMetrics | undefined {
  const raw = parseJson<Record<string, unknown> | null>(text, null);
  if (!raw || typeof raw !== 'object') return undefined;
  const perClassRaw = raw.perClass;
  let perClass: PerClassMetric[] = [];
  if (Array.isArray(perClassRaw)) {
    perClass = perClassRaw.map((p, i) => readPerClass(p, labelNames[i] ?? String(i)));
  } else if (perClassRaw && typeof perClassRaw === 'object') {
    perClass = Object.entries(perClassRaw as Record<string, unknown>).map(([k, p]) => readPerClass(p, labelNames[Number(k)] ?? k));
  }
  const confusion =
    Array.isArray(raw.confusion) && raw.confusion.every((r) => Array.isArray(r)) ? (raw.confusion as number[][]) : undefined;
  return {
    accuracy: asNumber(raw.accuracy),
    macroF1: asNumber(raw.macroF1),
    weightedF1: asNumber(raw.weightedF1),
    ece: asNumber(raw.ece),
    proxyAccuracy: asNumber(raw.proxyAccuracy),
    perClass,
    confusion,
  };
}

function readPerClass(p: unknown, fallbackLabel: string): PerClassMetric {
  const o = (p && typeof p === 'object' ? p : {}) as Record<string, unknown>;
  return {
    label: typeof o.label === 'string' ? o.label : fallbackLabel,
    precision: asNumber(o.precision),
    recall: asNumber(o.recall),
    f1: asNumber(o.f1),
    support: asNumber(o.support),
  };
}

export function readProgress(text: string | null | undefined): RunProgress | undefined {
  const raw = parseJson<Record<string, unknown> | null>(text, null);
  if (!raw || typeof raw !== 'object') return undefined;
  return {
    step: asNumber(raw.step),
    totalSteps: asNumber(raw.totalSteps),
    epoch: asNumber(raw.epoch),
    loss: asNumber(raw.loss),
    etaMs: asNumber(raw.etaMs),
    phase: typeof raw.phase === 'string' ? raw.phase : undefined,
  };
}

export function metricOf(m: RunMetrics | undefined, key: MetricKey): number | undefined {
  return m ? m[key] : undefined;
}
