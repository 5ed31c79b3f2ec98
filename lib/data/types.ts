// Shapes shared by the importers: what a parser produces before anything touches the database.

export type Split = 'train' | 'dev' | 'test';

export const SPLITS: readonly Split[] = ['train', 'dev', 'test'];

export function isSplit(s: string): s is Split {
  return (SPLITS as readonly string[]).includes(s);
}

/** One labelled example as read from a file (its idx within the split is its order of arrival). */
export interface ParsedExample {
  split: Split;
  text: string;
  textPair?: string | null;
  label: number;
  fineLabel?: string | null;
  /** 1-based line in its source file. */
  sourceLine: number;
}

/** A whole data set, parsed and validated, ready for `importDatasets`. */
export interface ParsedDataset {
  name: string;
  source: 'senteval' | 'file';
  task: string | null;
  labelNames: string[];
  hasPairs: boolean;
  /** Folder or file it was read from. */
  origin: string;
  /** sha256 over the files' bytes and the import options. */
  checksum: string;
  examples: ParsedExample[];
  /** Non-fatal findings (e.g. counts that differ from the official ones). */
  warnings: string[];
}
