// The Runs page's tables (the rows shown) and a run's per-class table as table specs, for their
// CSV and LaTeX downloads.
import type { ExperimentRow, RunRow } from '../../store/views/runs-list';
import type { PerClassMetric } from '../../store/views/run-metrics';
import { formatPct } from '../../store/views/stats';
import type { TableSpec } from '../table-spec';

const pm = (s?: { mean: number; std: number }) => (s ? `${formatPct(s.mean)} ± ${formatPct(s.std)}` : '–');

export function experimentsTable(rows: ExperimentRow[]): TableSpec {
  return {
    title: 'Experiments',
    caption: 'Accuracy and macro F1 (%) over finished runs, mean ± population std.',
    columns: ['ID', 'Experiment', 'Dataset', 'Model', 'Loss', 'β', 'n', 'Runs', 'Accuracy', 'Macro F1', 'Status'].map((h, i) => ({
      header: h,
      align: i === 0 || (i >= 5 && i <= 9) ? 'r' : 'l',
    })),
    rows: rows.map((e) => ({
      cells: [
        e.id,
        e.name,
        e.dataset,
        e.model ?? '–',
        e.loss,
        e.beta,
        e.sampleSize ?? 'full',
        e.runs,
        pm(e.accuracy),
        pm(e.macroF1),
        e.status,
      ].map((v) => ({ text: String(v) })),
    })),
    csv: {
      header: [
        'id',
        'name',
        'dataset',
        'model',
        'loss',
        'beta',
        'sample_size',
        'runs',
        'accuracy_mean',
        'accuracy_std',
        'accuracy_n',
        'macro_f1_mean',
        'macro_f1_std',
        'status',
      ],
      rows: rows.map((e) => [
        e.id,
        e.name,
        e.dataset,
        e.model,
        e.loss,
        e.beta,
        e.sampleSize,
        e.runs,
        e.accuracy?.mean ?? null,
        e.accuracy?.std ?? null,
        e.accuracy?.n ?? null,
        e.macroF1?.mean ?? null,
        e.macroF1?.std ?? null,
        e.status,
      ]),
    },
  };
}

export function runsTable(rows: RunRow[]): TableSpec {
  return {
    title: 'Runs',
    columns: ['Run', 'Dataset', 'Model', 'Loss', 'β', 'n', 'Fold', 'Seed', 'Accuracy %', 'Macro F1 %', 'Status'].map((h, i) => ({
      header: h,
      align: i === 0 || (i >= 4 && i <= 9) ? 'r' : 'l',
    })),
    rows: rows.map((r) => ({
      cells: [
        r.id,
        r.dataset,
        r.model ?? '–',
        r.loss,
        r.beta,
        r.sampleSize ?? 'full',
        r.fold,
        r.seed,
        formatPct(r.accuracy),
        formatPct(r.macroF1),
        r.status,
      ].map((v) => ({ text: String(v) })),
    })),
    csv: {
      header: [
        'run',
        'experiment',
        'dataset',
        'model',
        'loss',
        'beta',
        'sample_size',
        'fold',
        'seed',
        'accuracy',
        'macro_f1',
        'status',
        'duration_ms',
      ],
      rows: rows.map((r) => [
        r.id,
        r.experimentId,
        r.dataset,
        r.model,
        r.loss,
        r.beta,
        r.sampleSize,
        r.fold,
        r.seed,
        r.accuracy ?? null,
        r.macroF1 ?? null,
        r.status,
        r.durationMs,
      ]),
    },
  };
}

export function perClassTable(runId: number, perClass: PerClassMetric[]): TableSpec {
  return {
    title: `Per-class metrics (run ${runId})`,
    columns: [
      { header: 'Label', align: 'l' },
      ...['Precision %', 'Recall %', 'F1 %', 'Support'].map((header) => ({ header, align: 'r' as const })),
    ],
    rows: perClass.map((c) => ({
      cells: [c.label, formatPct(c.precision), formatPct(c.recall), formatPct(c.f1), c.support ?? '–'].map((v) => ({ text: String(v) })),
    })),
    csv: {
      header: ['label', 'precision', 'recall', 'f1', 'support'],
      rows: perClass.map((c) => [c.label, c.precision ?? null, c.recall ?? null, c.f1 ?? null, c.support ?? null]),
    },
  };
}
