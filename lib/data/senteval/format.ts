// What every SentEval file-format parser gets and shares: the file's decoded lines, where they
// go (split, fixed label for one-class files) and small checks that name the file and line.
import { InputFileError } from '../../errors';
import type { ParsedExample, Split } from '../types';

export type SentevalFormat = 'line-per-class' | 'tab-label' | 'label-prefix' | 'trec' | 'mrpc';

export interface FormatContext {
  file: string;
  split: Split;
  labelNames: string[];
  /** Label of every line (one-class files: rt-polarity.pos, ...). */
  label?: number;
  /** Applied to each text after parsing (cat -v decoding). */
  mapText?: (s: string) => string;
}

export type FormatParser = (lines: string[], ctx: FormatContext, out: ParsedExample[]) => void;

/** Index from which all remaining lines are blank (blank lines at the end of a file are ignored). */
export function contentEnd(lines: string[]): number {
  let end = lines.length;
  while (end > 0 && lines[end - 1].trim() === '') end--;
  return end;
}

/** A blank line in the middle of a labelled file is an error: it has no label. */
export function checkNotBlank(line: string, ctx: FormatContext, lineNo: number, expected: string): void {
  if (line.trim() === '') throw new InputFileError(ctx.file, lineNo, `empty line; expected ${expected}`);
}

/** An integer label in 0..labelNames.length-1, or an InputFileError naming the line. */
export function parseIntLabel(raw: string, ctx: FormatContext, lineNo: number): number {
  const n = ctx.labelNames.length;
  if (/^\d+$/.test(raw) && Number(raw) < n) return Number(raw);
  const valid = ctx.labelNames.map((name, i) => `${i} (${name})`).join(', ');
  throw new InputFileError(ctx.file, lineNo, `unknown label "${raw}"; expected one of ${valid}`);
}

export function text(s: string, ctx: FormatContext): string {
  const t = s.trim();
  return ctx.mapText ? ctx.mapText(t) : t;
}
