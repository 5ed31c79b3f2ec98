// SST-2 as SentEval ships it (PrincetonML/SIF sentiment-*): `sentence<TAB>label`, label 0/1.
import { InputFileError } from '../../errors';
import type { FormatParser } from './format';
import { checkNotBlank, contentEnd, parseIntLabel, text } from './format';

const EXPECTED = '"sentence<TAB>label"';

export const parseTabLabel: FormatParser = (lines, ctx, out) => {
  const end = contentEnd(lines);
  for (let i = 0; i < end; i++) {
    const line = lines[i];
    checkNotBlank(line, ctx, i + 1, EXPECTED);
    const tab = line.lastIndexOf('\t');
    if (tab < 0) throw new InputFileError(ctx.file, i + 1, `no tab; expected ${EXPECTED}`);
    const label = parseIntLabel(line.slice(tab + 1).trim(), ctx, i + 1);
    out.push({ split: ctx.split, text: text(line.slice(0, tab), ctx), label, sourceLine: i + 1 });
  }
};
