// Bytes -> text for the encodings data files come in: UTF-8 (fatal on invalid bytes, BOM
// stripped), windows-1252 (all 256 bytes mapped) and latin-1. CRLF becomes LF.
// Node's TextDecoder('windows-1252') decodes as latin-1 in builds without full ICU, so the
// cp1252 table is our own (the five bytes cp1252 leaves undefined map to their C1 controls,
// as the WHATWG Encoding standard does).
import { InputFileError } from '../errors';

export type Encoding = 'utf-8' | 'cp1252' | 'latin1';

export const ENCODINGS: readonly Encoding[] = ['utf-8', 'cp1252', 'latin1'];

/** Code points of bytes 0x80..0x9F in windows-1252. */
const CP1252_HIGH = [
  0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0x8d, 0x17d, 0x8f,
  0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161, 0x203a, 0x153, 0x9d, 0x17e, 0x178,
];

const CP1252_CHARS: string[] = Array.from({ length: 256 }, (_, b) =>
  String.fromCharCode(b >= 0x80 && b < 0xa0 ? CP1252_HIGH[b - 0x80] : b),
);

/** Parses an encoding name as users write it ("utf8", "windows-1252", "iso-8859-1", ...). */
export function parseEncoding(name: string): Encoding | undefined {
  const n = name.toLowerCase().replace(/[_\s]/g, '-');
  if (['utf-8', 'utf8', 'utf-8-sig'].includes(n)) return 'utf-8';
  if (['cp1252', 'windows-1252', 'win1252'].includes(n)) return 'cp1252';
  if (['latin1', 'latin-1', 'iso-8859-1', 'iso8859-1', 'l1'].includes(n)) return 'latin1';
  return undefined;
}

/** Decodes one byte of cp1252. */
export function cp1252Char(byte: number): string {
  return CP1252_CHARS[byte & 0xff];
}

function decodeCp1252(buf: Uint8Array): string {
  const parts: string[] = [];
  let start = 0;
  for (let i = 0; i < buf.length; i++) {
    if (buf[i] >= 0x80 && buf[i] < 0xa0) {
      if (i > start) parts.push(Buffer.from(buf.buffer, buf.byteOffset + start, i - start).toString('latin1'));
      parts.push(CP1252_CHARS[buf[i]]);
      start = i + 1;
    }
  }
  if (start < buf.length) parts.push(Buffer.from(buf.buffer, buf.byteOffset + start, buf.length - start).toString('latin1'));
  return parts.join('');
}

/** Offset of the first byte that does not start a valid UTF-8 sequence, or -1. */
export function firstInvalidUtf8(buf: Uint8Array): number {
  let i = 0;
  while (i < buf.length) {
    const b = buf[i];
    if (b < 0x80) { i++; continue; }
    let n: number;
    let min: number;
    if (b >= 0xc2 && b <= 0xdf) { n = 1; min = 0x80; }
    else if (b >= 0xe0 && b <= 0xef) { n = 2; min = 0x800; }
    else if (b >= 0xf0 && b <= 0xf4) { n = 3; min = 0x10000; }
    else return i;
    if (i + n >= buf.length) return i; // truncated sequence at the end
    let cp = b & (0x3f >> n);
    for (let k = 1; k <= n; k++) {
      const c = buf[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += n + 1;
  }
  return -1;
}

function lineAt(buf: Uint8Array, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) if (buf[i] === 0x0a) { line++; lineStart = i + 1; }
  return { line, column: offset - lineStart + 1 };
}

/**
 * Decodes `buf` as `encoding` and normalises line endings (CRLF -> LF). A UTF-8 BOM is dropped.
 * Invalid UTF-8 throws an InputFileError naming `file`, the line and the byte offset.
 */
export function decodeBytes(buf: Uint8Array, encoding: Encoding, file: string): string {
  try {
    return decodeOrThrow(buf, encoding, file);
  } catch (err) {
    if (err instanceof RangeError) {
      throw new InputFileError(file, undefined, `too large to decode (${buf.length} bytes; text is read as one string of at most ~512 Mi characters); split the file`);
    }
    throw err;
  }
}

function decodeOrThrow(buf: Uint8Array, encoding: Encoding, file: string): string {
  let text: string;
  if (encoding === 'utf-8') {
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(buf);
    } catch {
      const at = firstInvalidUtf8(buf);
      const { line, column } = lineAt(buf, Math.max(at, 0));
      const hex = at >= 0 ? buf[at].toString(16).padStart(2, '0') : '??';
      throw new InputFileError(file, line,
        `invalid UTF-8 (byte 0x${hex} at byte offset ${at}, column ${column}); ` +
        'save the file as UTF-8 or pass its encoding (--encoding cp1252 or latin1)');
    }
  } else if (encoding === 'cp1252') {
    text = decodeCp1252(buf);
  } else {
    text = Buffer.from(buf.buffer, buf.byteOffset, buf.length).toString('latin1');
  }
  return text.includes('\r') ? text.replace(/\r\n/g, '\n') : text;
}

/** Lines of a decoded text; the newline that ends the last line does not start another. */
export function splitLines(text: string): string[] {
  const lines = text.split('\n');
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}
