// SST-2 sentence level (Kim 2014, stsa.binary.*) and SST-5 (stsa.fine.*): `label<SPACE>sentence`.
import { InputFileError } from '../../errors';
import type { FormatParser } from './format';
import { checkNotBlank, contentEnd, parseIntLabel, text } from './format';

const EXPECTED = '"label sentence"';

export const parseLabelPrefix: FormatParser = (lines, ctx, out) => {
  const end = contentEnd(lines);
  for (let i = 0; i < end; i++) {
    const line = lines[i];
    checkNotBlank(line, ctx, i + 1, EXPECTED);
    const m = /^(\S+)[ \t]+(.*)$/.exec(line);
    if (!m) throw new InputFileError(ctx.file, i + 1, `no sentence after the label; expected ${EXPECTED}`);
    const label = parseIntLabel(m[1], ctx, i + 1);
    out.push({ split: ctx.split, text: text(m[2], ctx), label, sourceLine: i + 1 });
  }
};
