// `cat -v` notation, both ways. SentEval builds its MR/CR/SUBJ/MPQA files with
// `cat -v FILE | sed -f tokenizer.sed`, which writes every byte >= 0x80 as `M-x` (`M-^E` is the
// cp1252 ellipsis 0x85, `M-i` is 0xE9 'é'). `encodeCatV` reproduces GNU cat -v (for
// `data download`); `decodeCatV` turns the notation back into cp1252 characters on import.
import { cp1252Char } from './decode';

/** GNU `cat -v` of raw bytes (tab and newline pass through), as a latin-1/ASCII string. */
export function encodeCatV(buf: Uint8Array): string {
  const out: string[] = [];
  let start = 0;
  const flush = (end: number) => {
    if (end > start) out.push(Buffer.from(buf.buffer, buf.byteOffset + start, end - start).toString('latin1'));
  };
  for (let i = 0; i < buf.length; i++) {
    const ch = buf[i];
    if ((ch >= 32 && ch < 127) || ch === 9 || ch === 10) continue;
    flush(i);
    start = i + 1;
    if (ch < 32) out.push('^' + String.fromCharCode(ch + 64));
    else if (ch === 127) out.push('^?');
    else if (ch >= 160) out.push(ch === 255 ? 'M-^?' : 'M-' + String.fromCharCode(ch - 128));
    else out.push('M-^' + String.fromCharCode(ch - 128 + 64));
  }
  flush(buf.length);
  return out.join('');
}

// tokenizer.sed pads some punctuation with spaces, so `M-{` (0xFB 'û') arrives as `M- { ` and
// `M-?` (0xBF '¿') as `M- ? `. Those forms are matched first; the padding space after is dropped.
const CAT_V = /M-\^ ([@[\]?]) ?|M- ([,;:@#$%&?![\](){}<>]) ?|M-\^([@-_?])|M-([ -~])/g;

function highByte(ch: string, control: boolean): number {
  const c = ch.charCodeAt(0);
  if (!control) return 0x80 + c;
  return c === 63 ? 0xff : 0x80 + c - 64; // M-^? is 0xFF
}

/**
 * Replaces `M-x` / `M-^x` sequences with the cp1252 characters they stand for. Plain `^x` is left
 * alone (the raw corpora contain literal carets, e.g. "^ _ ^"). Sequences that tokenizer.sed
 * rewrote beyond recognition (a quote byte after `M-`) stay as they are.
 */
export function decodeCatV(text: string): string {
  if (!text.includes('M-')) return text;
  return text.replace(CAT_V, (_m, splitCtl?: string, splitPlain?: string, ctl?: string, plain?: string) => {
    if (splitCtl) return cp1252Char(highByte(splitCtl, true));
    if (splitPlain) return cp1252Char(highByte(splitPlain, false));
    if (ctl) return cp1252Char(highByte(ctl, true));
    return cp1252Char(highByte(plain as string, false));
  });
}
