// TREC question classification (Li & Roth): `COARSE:fine question tokens`. The coarse class is
// the label (ABBR, DESC, ENTY, HUM, LOC, NUM = 0..5); "HUM:ind" is kept as the fine label.
import { InputFileError } from '../../errors';
import type { FormatParser } from './format';
import { checkNotBlank, contentEnd, text } from './format';

const EXPECTED = '"COARSE:fine question"';

export const parseTrec: FormatParser = (lines, ctx, out) => {
  const end = contentEnd(lines);
  for (let i = 0; i < end; i++) {
    const line = lines[i];
    checkNotBlank(line, ctx, i + 1, EXPECTED);
    const m = /^([^\s:]+):(\S+)\s+(.*)$/.exec(line);
    if (!m) throw new InputFileError(ctx.file, i + 1, `expected ${EXPECTED}, found "${line.slice(0, 60)}"`);
    const label = ctx.labelNames.indexOf(m[1]);
    if (label < 0) {
      throw new InputFileError(ctx.file, i + 1, `unknown label "${m[1]}"; expected one of ${ctx.labelNames.join(', ')}`);
    }
    out.push({ split: ctx.split, text: text(m[3], ctx), label, fineLabel: `${m[1]}:${m[2]}`, sourceLine: i + 1 });
  }
};
