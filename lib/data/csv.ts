// A small RFC 4180 CSV reader: quoted fields with "" escapes, delimiters and newlines inside
// quotes, any one-character delimiter (comma, tab). Every record keeps the 1-based line it starts
// on, so errors can name it. Input is decoded text with LF line ends (see decode.ts).
import { InputFileError } from '../errors';

export interface CsvRecord {
  fields: string[];
  line: number;
}

export function parseCsv(text: string, file: string, delimiter = ','): CsvRecord[] {
  const records: CsvRecord[] = [];
  const n = text.length;
  let i = 0;
  let line = 1;
  while (i < n) {
    const recordLine = line;
    const fields: string[] = [];
    let quotedAny = false;
    for (;;) {
      // one field starting at i
      if (text[i] === '"') {
        quotedAny = true;
        const openLine = line;
        const parts: string[] = [];
        let start = ++i;
        for (;;) {
          const q = text.indexOf('"', i);
          if (q < 0) throw new InputFileError(file, openLine, 'unterminated quoted field (a " opened on this line is never closed)');
          for (let k = i; k < q; k++) if (text.charCodeAt(k) === 10) line++;
          if (text[q + 1] === '"') { parts.push(text.slice(start, q + 1)); i = start = q + 2; continue; }
          parts.push(text.slice(start, q));
          i = q + 1;
          break;
        }
        fields.push(parts.join(''));
        if (i < n && text[i] !== delimiter && text[i] !== '\n') {
          throw new InputFileError(file, line, `unexpected "${text[i]}" after a closing quote (a quote inside a quoted field is written "")`);
        }
      } else {
        let j = i;
        while (j < n && text[j] !== delimiter && text[j] !== '\n') j++;
        fields.push(text.slice(i, j));
        i = j;
      }
      if (i < n && text[i] === delimiter) { i++; continue; }
      break; // newline or end of text
    }
    if (i < n) { i++; line++; } // the newline
    const blank = !quotedAny && fields.length === 1 && fields[0].trim() === '';
    if (!blank) records.push({ fields, line: recordLine });
  }
  return records;
}
