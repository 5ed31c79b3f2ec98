// What data sets are imported: per data set and split, the size and the count per label.
import type { Db } from '../db/client';
import { exampleCounts, listDatasetRows } from '../store/datasets';
import type { Split } from './types';

export interface SplitSummary {
  size: number;
  /** Count per label name, in label-index order. */
  labels: Record<string, number>;
}

export interface DatasetSummary {
  name: string;
  source: string;
  task: string | null;
  numClasses: number;
  labelNames: string[];
  hasPairs: boolean;
  origin: string;
  splits: Partial<Record<Split, SplitSummary>>;
}

const SPLIT_ORDER: Record<string, number> = { train: 0, dev: 1, test: 2 };

export async function listDatasets(db: Db): Promise<DatasetSummary[]> {
  const datasets = await listDatasetRows(db);
  const groups = await exampleCounts(db);
  return datasets.map((d) => {
    const labelNames = JSON.parse(d.labelNamesJson) as string[];
    const mine = groups
      .filter((g) => g.datasetId === d.id)
      .sort((a, b) => (SPLIT_ORDER[a.split] ?? 9) - (SPLIT_ORDER[b.split] ?? 9) || a.label - b.label);
    const splits: Partial<Record<Split, SplitSummary>> = {};
    for (const g of mine) {
      const s = (splits[g.split as Split] ??= { size: 0, labels: Object.fromEntries(labelNames.map((n) => [n, 0])) });
      s.size += g.count;
      s.labels[labelNames[g.label] ?? String(g.label)] = g.count;
    }
    return {
      name: d.name, source: d.source, task: d.task, numClasses: d.numClasses, labelNames,
      hasPairs: d.hasPairs, origin: d.origin, splits,
    };
  });
}

/** A plain-text table of `listDatasets` output. */
export function formatDatasetTable(list: DatasetSummary[]): string {
  if (list.length === 0) return 'No data sets imported yet. Try: dml-lens data import --senteval';
  const rows = [['name', 'source', 'split', 'size', 'labels']];
  for (const d of list) {
    const splits = Object.entries(d.splits);
    if (splits.length === 0) rows.push([d.name, d.source, '-', '0', '']);
    for (const [i, [split, s]] of splits.entries()) {
      const labels = Object.entries(s.labels).map(([n, c]) => `${n}:${c}`).join(' ');
      rows.push([i === 0 ? d.name + (d.hasPairs ? ' (pairs)' : '') : '', i === 0 ? d.source : '', split, String(s.size), labels]);
    }
  }
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  return rows.map((r) => r.map((cell, c) => (c === r.length - 1 ? cell : cell.padEnd(widths[c]))).join('  ')).join('\n');
}
