// Port of SentEval's data/downstream/tokenizer.sed (Robert MacIntyre's 1995 Penn Treebank sed
// tokenizer, facebookresearch/SentEval@5d6dc117), one regex per sed rule, in the same order.
// Checked byte for byte: running it over the raw MR/CR/SUBJ/MPQA files (after `cat -v`) gives
// exactly SentEval's processed files (test/data/senteval-process.test.ts).

type Rule = [RegExp, string];

const RULES: Rule[] = [
  // attempt to get correct directional quotes (close quotes handled at end)
  [/^"/g, '`` '],
  [/([ ([{<])"/g, '$1 `` '],
  [/\.\.\./g, ' ... '],
  [/[,;:@#$%&]/g, ' $& '],
  // sentence tokenization is assumed done: split FINAL periods only
  [/([^.])([.])([\])}>"']*)[ \t]*$/g, '$1 $2$3 '],
  [/[?!]/g, ' $& '],
  [/[\][(){}<>]/g, ' $& '],
  [/--/g, ' -- '],
  // a space at both ends of the line, to reduce the number of regexps
  [/$/, ' '],
  [/^/, ' '],
  [/"/g, " '' "],
  // possessive or close-single-quote
  [/([^'])' /g, "$1 ' "],
  // as in it's, I'm, we'd
  [/'([sSmMdD]) /g, " '$1 "],
  [/'ll /g, " 'll "],
  [/'re /g, " 're "],
  [/'ve /g, " 've "],
  [/n't /g, " n't "],
  [/'LL /g, " 'LL "],
  [/'RE /g, " 'RE "],
  [/'VE /g, " 'VE "],
  [/N'T /g, " N'T "],
  [/ ([Cc])annot /g, ' $1an not '],
  [/ ([Dd])'ye /g, " $1' ye "],
  [/ ([Gg])imme /g, ' $1im me '],
  [/ ([Gg])onna /g, ' $1on na '],
  [/ ([Gg])otta /g, ' $1ot ta '],
  [/ ([Ll])emme /g, ' $1em me '],
  [/ ([Mm])ore'n /g, " $1ore 'n "],
  [/ '([Tt])is /g, " '$1 is "],
  [/ '([Tt])was /g, " '$1 was "],
  [/ ([Ww])anna /g, ' $1an na '],
  // clean out extra spaces
  [/  +/g, ' '],
  [/^ */g, ''],
];

/** Tokenizes one line (no newline) exactly as `sed -f tokenizer.sed` does. */
export function ptbSedLine(line: string): string {
  let s = line;
  for (const [re, rep] of RULES) s = s.replace(re, rep);
  return s;
}

/** Applies `ptbSedLine` to every line of a text, keeping its newlines. */
export function ptbSed(text: string): string {
  return text.split('\n').map((l, i, all) => (i === all.length - 1 && l === '' ? l : ptbSedLine(l))).join('\n');
}
