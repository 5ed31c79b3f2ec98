// sha256 over an import's input files and the options that change what gets stored: the same
// files imported the same way give the same checksum, so a re-import is a no-op.
import crypto from 'node:crypto';

/** Bump when parsing changes what is stored, so old imports count as changed. */
export const IMPORT_FORMAT_VERSION = 1;

export class ImportChecksum {
  private hash = crypto.createHash('sha256');

  constructor(options: Record<string, unknown>) {
    this.hash.update(JSON.stringify({ v: IMPORT_FORMAT_VERSION, ...options }));
  }

  addFile(name: string, bytes: Uint8Array): void {
    this.hash.update(`\0${name}\0${bytes.length}\0`);
    this.hash.update(bytes);
  }

  hex(): string {
    return this.hash.digest('hex');
  }
}
