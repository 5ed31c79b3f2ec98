// MR, CR, SUBJ, MPQA: one sentence per line, one file per class (rt-polarity.neg / .pos).
// Every line is an example, blank ones included: CR and MPQA have a few, and the official
// counts (CR 3,775, MPQA 10,606) count them, as SentEval does.
import type { FormatParser } from './format';
import { text } from './format';

export const parseLinePerClass: FormatParser = (lines, ctx, out) => {
  if (ctx.label === undefined) throw new Error(`line-per-class file ${ctx.file} needs a label`);
  for (let i = 0; i < lines.length; i++) {
    out.push({ split: ctx.split, text: text(lines[i], ctx), label: ctx.label, sourceLine: i + 1 });
  }
};
