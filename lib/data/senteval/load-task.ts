// Reads one SentEval task from a folder laid out like ../shared/data/senteval: checks the files,
// decodes them with the task's encoding, parses them with the task's format and checksums them.
import fs from 'node:fs';
import path from 'node:path';
import { UserError } from '../../errors';
import { decodeCatV } from '../cat-v';
import { ImportChecksum } from '../checksum';
import { decodeBytes, splitLines } from '../decode';
import { compareCounts, countLabels } from '../label-counts';
import { DEFAULT_MAX_FILE_BYTES, checkInputFile, readInputFile } from '../read-input';
import type { ParsedDataset, ParsedExample } from '../types';
import type { FormatParser, SentevalFormat } from './format';
import { parseLabelPrefix } from './label-prefix';
import { parseLinePerClass } from './line-per-class';
import { parseMrpc } from './mrpc';
import { parseTabLabel } from './tab-label';
import type { SentevalTask } from './tasks';
import { parseTrec } from './trec';

export interface SentevalLoadOptions {
  /** Import `original/` raw text (as `<name>-raw`) where the task has it. */
  raw?: boolean;
  /** Keep SentEval's `M-x` notation instead of decoding it to cp1252 characters. */
  keepCatV?: boolean;
  maxBytes?: number;
}

const PARSERS: Record<SentevalFormat, FormatParser> = {
  'line-per-class': parseLinePerClass,
  'tab-label': parseTabLabel,
  'label-prefix': parseLabelPrefix,
  trec: parseTrec,
  mrpc: parseMrpc,
};

/** The dataset name a task gets under these options. */
export function sentevalDatasetName(task: SentevalTask, opts: SentevalLoadOptions = {}): string {
  return opts.raw && task.raw ? `${task.name}-raw` : task.name;
}

export function loadSentevalTask(dir: string, task: SentevalTask, opts: SentevalLoadOptions = {}): ParsedDataset {
  const useRaw = !!opts.raw && !!task.raw;
  const spec = useRaw ? task.raw! : task.processed;
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_FILE_BYTES;
  const root = path.resolve(dir);
  const missing = spec.files.map((f) => f.path).filter((p) => !fs.existsSync(path.join(root, p)));
  if (missing.length) {
    throw new UserError(`${root} lacks the ${task.name} files ${missing.join(', ')}; ` +
      'pick other tasks with --tasks, or fetch them with `dml-lens data download`');
  }
  for (const f of spec.files) checkInputFile(path.join(root, f.path), maxBytes); // all sizes before any read

  const decodeNotation = !!spec.catV && !opts.keepCatV;
  const checksum = new ImportChecksum({ task: task.name, format: task.format, raw: useRaw, catV: decodeNotation ? 'decode' : 'keep' });
  const examples: ParsedExample[] = [];
  for (const f of spec.files) {
    const file = path.join(root, f.path);
    const bytes = readInputFile(file, maxBytes);
    checksum.addFile(f.path, bytes);
    const lines = splitLines(decodeBytes(bytes, spec.encoding, file));
    PARSERS[task.format](lines, {
      file, split: f.split, labelNames: task.labelNames, label: f.label,
      mapText: decodeNotation ? decodeCatV : undefined,
    }, examples);
  }
  const warnings: string[] = [];
  if (opts.raw && !task.raw) warnings.push(`${task.name} has no raw originals; imported SentEval's files`);
  const diff = compareCounts(countLabels(examples, task.labelNames.length), task.counts, task.labelNames);
  if (diff.length) warnings.push(`${task.name} counts differ from the official ones: ${diff.join('; ')}`);
  return {
    name: sentevalDatasetName(task, opts), source: 'senteval', task: task.task, labelNames: task.labelNames,
    hasPairs: task.hasPairs, origin: root, checksum: checksum.hex(), examples, warnings,
  };
}
