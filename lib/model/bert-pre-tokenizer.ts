// BERT's "basic tokenizer": the normalization (BertNormalizer) and pre-tokenization
// (BertPreTokenizer) that a tokenizer.json with those components applies before WordPiece.
// The WordPiece trainer must split text exactly as the runtime tokenizer will, so these rules
// follow the Hugging Face definitions: control characters dropped, whitespace -> space, CJK
// ideographs isolated, optional lowercasing + accent stripping (NFD, drop combining marks),
// then split on whitespace and make every punctuation character its own piece. Punctuation =
// Unicode category P* plus all ASCII non-alphanumeric printable characters ($, +, <, ^, `, ...).

export interface BertNormalizeOptions {
  lowercase: boolean;
  /** Defaults to `lowercase` (the HF rule when strip_accents is null). */
  stripAccents?: boolean;
}

const CONTROL = /^[\p{Cc}\p{Cf}\p{Co}\p{Cs}]$/u;
const WHITESPACE = /^\s$/u;
const COMBINING_MARK = /\p{Mn}/gu;
const PUNCTUATION = '\\p{P}\\u0021-\\u002F\\u003A-\\u0040\\u005B-\\u0060\\u007B-\\u007E';
const PIECE = new RegExp(`[^\\s${PUNCTUATION}]+|[${PUNCTUATION}]`, 'gu');

/** CJK Unified Ideographs blocks (the ranges BERT isolates as single-character words). */
function isCjkIdeograph(cp: number): boolean {
  return (
    (cp >= 0x4e00 && cp <= 0x9fff) ||
    (cp >= 0x3400 && cp <= 0x4dbf) ||
    (cp >= 0x20000 && cp <= 0x2a6df) ||
    (cp >= 0x2a700 && cp <= 0x2b73f) ||
    (cp >= 0x2b740 && cp <= 0x2b81f) ||
    (cp >= 0x2b820 && cp <= 0x2ceaf) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0x2f800 && cp <= 0x2fa1f)
  );
}

function isAsciiPlain(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 || c > 0x7e) return false;
  }
  return true;
}

export function bertNormalize(text: string, opts: BertNormalizeOptions): string {
  const stripAccents = opts.stripAccents ?? opts.lowercase;
  let out = text;
  if (!isAsciiPlain(text)) {
    const chars: string[] = [];
    for (const ch of text) {
      const cp = ch.codePointAt(0)!;
      if (cp === 0 || cp === 0xfffd) continue;
      if (ch !== '\t' && ch !== '\n' && ch !== '\r' && CONTROL.test(ch)) continue;
      if (WHITESPACE.test(ch)) chars.push(' ');
      else if (isCjkIdeograph(cp)) chars.push(' ', ch, ' ');
      else chars.push(ch);
    }
    out = chars.join('');
  }
  if (opts.lowercase) out = out.toLowerCase();
  if (stripAccents && !isAsciiPlain(out)) out = out.normalize('NFD').replace(COMBINING_MARK, '');
  return out;
}

/** Whitespace + punctuation split of already normalized text. */
export function bertPreTokenize(normalized: string): string[] {
  return normalized.match(PIECE) ?? [];
}

/** Normalize then pre-tokenize: the words WordPiece sees. */
export function bertWords(text: string, opts: BertNormalizeOptions): string[] {
  return bertPreTokenize(bertNormalize(text, opts));
}
