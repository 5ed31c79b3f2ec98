// A user's own data set from one CSV/TSV/JSONL file: `text`, optional `text_pair`, `label`,
// optional `split` (train | dev | test; "validation"/"valid" count as dev; default train).
// Labels: `labels` fixes names and order (anything else is an error naming the line); otherwise
// integer labels 0..K-1 are kept as they are, and string labels are numbered in sorted order.
import path from 'node:path';
import { ConfigError, InputFileError, UserError } from '../errors';
import { ImportChecksum } from './checksum';
import { decodeBytes, type Encoding } from './decode';
import { type FileFormat, type FileRow, formatFromPath, readFileRows } from './file-rows';
import { DEFAULT_MAX_FILE_BYTES, readInputFile } from './read-input';
import { isSplit, type ParsedDataset, type Split } from './types';

export interface FileImportOptions {
  name: string;
  format?: FileFormat;
  encoding?: Encoding;
  /** Label names in index order; each row's label must be one of them (or its index). */
  labels?: string[];
  maxBytes?: number;
}

const NAME_RE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export function checkDatasetName(name: string): void {
  if (!NAME_RE.test(name)) {
    throw new ConfigError([`dataset name "${name}" must start with a letter or digit and use only letters, digits, ".", "_" and "-" (at most 64)`], 'dataset name');
  }
}

function toSplit(raw: string | null, file: string, line: number): Split {
  if (raw === null) return 'train';
  const s = raw.toLowerCase();
  if (isSplit(s)) return s;
  if (s === 'validation' || s === 'valid' || s === 'val') return 'dev';
  throw new InputFileError(file, line, `unknown split "${raw}"; expected train, dev or test`);
}

function labelMapping(rows: FileRow[], file: string, fixed?: string[]): { names: string[]; index: (r: FileRow) => number } {
  if (fixed && fixed.length) {
    const byName = new Map(fixed.map((n, i) => [n, i]));
    return {
      names: fixed,
      index: (r) => {
        const i = byName.get(r.label) ?? (/^\d+$/.test(r.label) && Number(r.label) < fixed.length ? Number(r.label) : undefined);
        if (i === undefined) throw new InputFileError(file, r.line, `unknown label "${r.label}"; expected one of ${fixed.join(', ')}`);
        return i;
      },
    };
  }
  if (rows.every((r) => /^\d+$/.test(r.label))) {
    const max = rows.reduce((m, r) => Math.max(m, Number(r.label)), 0);
    if (max > 10000) throw new InputFileError(file, rows.find((r) => Number(r.label) === max)!.line, `label ${max} is too large for a class index; name the labels with --labels`);
    return { names: Array.from({ length: max + 1 }, (_, i) => String(i)), index: (r) => Number(r.label) };
  }
  const names = [...new Set(rows.map((r) => r.label))].sort();
  const byName = new Map(names.map((n, i) => [n, i]));
  return { names, index: (r) => byName.get(r.label)! };
}

export function loadDataFile(file: string, opts: FileImportOptions): ParsedDataset {
  checkDatasetName(opts.name);
  const format = opts.format ?? formatFromPath(file);
  if (!format) throw new UserError(`cannot tell the format of ${file} from its extension; pass --format csv, tsv or jsonl`);
  const encoding = opts.encoding ?? 'utf-8';
  const bytes = readInputFile(file, opts.maxBytes ?? DEFAULT_MAX_FILE_BYTES);
  const rows = readFileRows(decodeBytes(bytes, encoding, file), file, format);
  const { names, index } = labelMapping(rows, file, opts.labels);
  const examples = rows.map((r) => ({
    split: toSplit(r.split, file, r.line), text: r.text, textPair: r.textPair, label: index(r), sourceLine: r.line,
  }));
  const checksum = new ImportChecksum({ format, encoding, labels: opts.labels ?? null });
  checksum.addFile(path.basename(file), bytes);
  const warnings: string[] = [];
  const seen = new Set(examples.map((e) => e.label));
  const unused = names.filter((_, i) => !seen.has(i));
  if (unused.length) warnings.push(`${opts.name}: no examples for label${unused.length > 1 ? 's' : ''} ${unused.join(', ')}`);
  return {
    name: opts.name, source: 'file', task: null, labelNames: names, hasPairs: rows[0].textPair !== null,
    origin: path.resolve(file), checksum: checksum.hex(), examples, warnings,
  };
}
