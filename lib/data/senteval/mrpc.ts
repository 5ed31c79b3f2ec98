// MRPC (MSR Paraphrase Corpus): UTF-8 with BOM, CRLF (both undone by the decoder), a header
// `Quality\t#1 ID\t#2 ID\t#1 String\t#2 String`, then `label\tid1\tid2\tsentence1\tsentence2`.
// SentEval drops line 1; we drop it only when it is that header, so header-less copies work too.
import { InputFileError } from '../../errors';
import type { FormatParser } from './format';
import { checkNotBlank, contentEnd, parseIntLabel, text } from './format';

const COLUMNS = 'label, #1 ID, #2 ID, #1 String, #2 String';

export const parseMrpc: FormatParser = (lines, ctx, out) => {
  const end = contentEnd(lines);
  const start = lines.length > 0 && lines[0].split('\t')[0].trim() === 'Quality' ? 1 : 0;
  for (let i = start; i < end; i++) {
    const line = lines[i];
    checkNotBlank(line, ctx, i + 1, `5 tab-separated columns (${COLUMNS})`);
    const cols = line.split('\t');
    if (cols.length !== 5) {
      throw new InputFileError(ctx.file, i + 1,
        `expected 5 tab-separated columns (${COLUMNS}), found ${cols.length}`);
    }
    const label = parseIntLabel(cols[0].trim(), ctx, i + 1);
    const a = text(cols[3], ctx);
    const b = text(cols[4], ctx);
    if (!a || !b) throw new InputFileError(ctx.file, i + 1, `empty ${!a ? 'first' : 'second'} sentence of the pair`);
    out.push({ split: ctx.split, text: a, textPair: b, label, sourceLine: i + 1 });
  }
};
