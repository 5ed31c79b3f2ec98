// A small data set as the importers hand it to lib/store/dataset-import.ts: labels alternate 0/1
// (neg/pos), the first example has a fine label, source lines start at 2 (after a header).
import type { DatasetToStore } from '../../lib/store/dataset-import';

export function toyDataset(name: string, checksum: string, texts: string[], split: 'train' | 'test' = 'train'): DatasetToStore {
  return {
    name,
    source: 'file',
    task: null,
    labelNames: ['neg', 'pos'],
    hasPairs: false,
    origin: `/data/${name}.csv`,
    checksum,
    examples: texts.map((text, i) => ({ split, text, label: i % 2, sourceLine: i + 2, fineLabel: i === 0 ? 'fine?' : null })),
  };
}
