// Reading an input file whole, after checking up front that it exists, is a file, is not empty
// and is under the size limit (a 2 GB file is refused before a byte is read).
import fs from 'node:fs';
import { InputFileError } from '../errors';

/**
 * Default largest input file: 500 MiB. A file is decoded into one JavaScript string, and V8
 * strings hold at most 2^29 - 24 characters (~512 Mi), so much larger files could not be read
 * anyway. Override per call (`maxBytes`) or with `--max-file-mb`.
 */
export const DEFAULT_MAX_FILE_BYTES = 500 * 1024 * 1024;

export function formatBytes(n: number): string {
  if (n >= 1024 ** 3) return `${(n / 1024 ** 3).toFixed(2)} GiB`;
  if (n >= 1024 ** 2) return `${(n / 1024 ** 2).toFixed(1)} MiB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${n} bytes`;
}

/** Size check only (throws InputFileError); returns the size in bytes. */
export function checkInputFile(file: string, maxBytes = DEFAULT_MAX_FILE_BYTES): number {
  let st: fs.Stats;
  try {
    st = fs.statSync(file);
  } catch {
    throw new InputFileError(file, undefined, 'no such file');
  }
  if (!st.isFile()) throw new InputFileError(file, undefined, 'not a regular file');
  if (st.size === 0) throw new InputFileError(file, undefined, 'file is empty');
  if (st.size > maxBytes) {
    throw new InputFileError(file, undefined,
      `file is ${formatBytes(st.size)}, over the ${formatBytes(maxBytes)} limit for imports; ` +
      'split it, or raise the limit with --max-file-mb if the machine has the memory');
  }
  return st.size;
}

/** The file's bytes, after `checkInputFile`. */
export function readInputFile(file: string, maxBytes = DEFAULT_MAX_FILE_BYTES): Buffer {
  checkInputFile(file, maxBytes);
  return fs.readFileSync(file);
}
