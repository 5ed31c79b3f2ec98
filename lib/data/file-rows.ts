// Rows of a user's data file (CSV, TSV or JSONL) with the columns dml-lens knows:
// `text`, optional `text_pair`, `label`, optional `split`. Checks columns and cells, naming the
// file and line of the first problem.
import { InputFileError } from '../errors';
import { parseCsv } from './csv';

export type FileFormat = 'csv' | 'tsv' | 'jsonl';

export interface FileRow {
  text: string;
  textPair: string | null;
  label: string;
  split: string | null;
  line: number;
}

const EXPECTED = 'expected columns text, label and optionally text_pair, split';

/** Format from the extension (.csv, .tsv, .jsonl/.ndjson), or undefined. */
export function formatFromPath(file: string): FileFormat | undefined {
  const m = /\.(csv|tsv|jsonl|ndjson)$/i.exec(file);
  if (!m) return undefined;
  const ext = m[1].toLowerCase();
  return ext === 'ndjson' ? 'jsonl' : (ext as FileFormat);
}

function requireText(v: string, what: string, file: string, line: number): string {
  const t = v.trim();
  if (!t) throw new InputFileError(file, line, `empty ${what}`);
  return t;
}

function csvRows(text: string, file: string, delimiter: string): FileRow[] {
  const records = parseCsv(text, file, delimiter);
  if (records.length === 0) throw new InputFileError(file, undefined, 'no header and no rows (file is blank)');
  const header = records[0].fields.map((h) => h.trim().toLowerCase());
  const col = (name: string) => header.indexOf(name);
  for (const need of ['text', 'label']) {
    if (col(need) < 0) {
      throw new InputFileError(file, records[0].line, `missing column "${need}" in the header (found: ${header.join(', ') || 'nothing'}); ${EXPECTED}`);
    }
  }
  const [t, p, l, s] = [col('text'), col('text_pair'), col('label'), col('split')];
  return records.slice(1).map(({ fields, line }) => {
    if (fields.length !== header.length) {
      throw new InputFileError(file, line, `expected ${header.length} fields as in the header (${header.join(', ')}), found ${fields.length}`);
    }
    return {
      text: requireText(fields[t], 'text', file, line),
      textPair: p >= 0 ? requireText(fields[p], 'text_pair', file, line) : null,
      label: requireText(fields[l], 'label', file, line),
      split: s >= 0 && fields[s].trim() ? fields[s].trim() : null,
      line,
    };
  });
}

function jsonlRows(text: string, file: string): FileRow[] {
  const rows: FileRow[] = [];
  const lines = text.split('\n');
  let withPair = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = i + 1;
    if (!lines[i].trim()) continue;
    let obj: unknown;
    try {
      obj = JSON.parse(lines[i]);
    } catch (err) {
      throw new InputFileError(file, line, `not valid JSON (${(err as Error).message})`);
    }
    if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) throw new InputFileError(file, line, `expected a JSON object; ${EXPECTED}`);
    const o = obj as Record<string, unknown>;
    for (const need of ['text', 'label']) {
      if (o[need] === undefined || o[need] === null) throw new InputFileError(file, line, `missing field "${need}"; ${EXPECTED}`);
    }
    if (typeof o.text !== 'string') throw new InputFileError(file, line, '"text" must be a string');
    if (typeof o.label !== 'string' && typeof o.label !== 'number') throw new InputFileError(file, line, '"label" must be a string or a number');
    const pair = o.text_pair ?? null;
    if (pair !== null && typeof pair !== 'string') throw new InputFileError(file, line, '"text_pair" must be a string');
    if (o.split !== undefined && o.split !== null && typeof o.split !== 'string') throw new InputFileError(file, line, '"split" must be a string');
    if (pair !== null) withPair++;
    rows.push({
      text: requireText(o.text, 'text', file, line),
      textPair: pair === null ? null : requireText(pair, 'text_pair', file, line),
      label: requireText(String(o.label), 'label', file, line),
      split: typeof o.split === 'string' && o.split.trim() ? o.split.trim() : null,
      line,
    });
  }
  if (withPair > 0 && withPair < rows.length) {
    const first = rows.find((r) => r.textPair === null)!;
    throw new InputFileError(file, first.line, 'missing "text_pair": other rows have one, a pair file needs it on every row');
  }
  return rows;
}

/** Reads rows from decoded text; throws InputFileError on the first malformed line. */
export function readFileRows(text: string, file: string, format: FileFormat): FileRow[] {
  const rows = format === 'jsonl' ? jsonlRows(text, file) : csvRows(text, file, format === 'tsv' ? '\t' : ',');
  if (rows.length === 0) throw new InputFileError(file, undefined, 'no examples (only a header, or only blank lines)');
  return rows;
}
