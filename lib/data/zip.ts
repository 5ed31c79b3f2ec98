// A minimal ZIP reader (stored and deflated entries, no ZIP64, no encryption): enough for
// SentEval's datasmall_NB_ACL12.zip. Reads the central directory, then each entry's local
// header, inflates with node:zlib and checks the CRC-32 where node has zlib.crc32.
import zlib from 'node:zlib';

export interface ZipEntry {
  name: string;
  data: Buffer;
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

export class ZipError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ZipError';
  }
}

function findEocd(buf: Buffer): number {
  const min = Math.max(0, buf.length - 22 - 0xffff); // the comment is at most 64 KiB
  for (let i = buf.length - 22; i >= min; i--) if (buf.readUInt32LE(i) === EOCD) return i;
  throw new ZipError('not a zip file (no end-of-central-directory record)');
}

const crc32 = (zlib as unknown as { crc32?: (b: Uint8Array) => number }).crc32;

/** All file entries of a zip archive (directories skipped), in central-directory order. */
export function readZip(buf: Buffer): ZipEntry[] {
  const eocd = findEocd(buf);
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const out: ZipEntry[] = [];
  for (let k = 0; k < count; k++) {
    if (p + 46 > buf.length || buf.readUInt32LE(p) !== CENTRAL) throw new ZipError(`corrupt central directory at entry ${k}`);
    const flags = buf.readUInt16LE(p + 8);
    const method = buf.readUInt16LE(p + 10);
    const crc = buf.readUInt32LE(p + 16);
    const compSize = buf.readUInt32LE(p + 20);
    const size = buf.readUInt32LE(p + 24);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    const localOff = buf.readUInt32LE(p + 42);
    const name = buf.toString(flags & 0x800 ? 'utf8' : 'latin1', p + 46, p + 46 + nameLen);
    p += 46 + nameLen + extraLen + commentLen;
    if (name.endsWith('/')) continue;
    if (flags & 1) throw new ZipError(`${name}: encrypted entries are not supported`);
    if (localOff + 30 > buf.length || buf.readUInt32LE(localOff) !== LOCAL) throw new ZipError(`${name}: bad local header`);
    const dataStart = localOff + 30 + buf.readUInt16LE(localOff + 26) + buf.readUInt16LE(localOff + 28);
    const raw = buf.subarray(dataStart, dataStart + compSize);
    let data: Buffer;
    if (method === 0) data = Buffer.from(raw);
    else if (method === 8) data = zlib.inflateRawSync(raw);
    else throw new ZipError(`${name}: compression method ${method} is not supported`);
    if (data.length !== size) throw new ZipError(`${name}: expected ${size} bytes, got ${data.length}`);
    if (crc32 && crc32(data) >>> 0 !== crc) throw new ZipError(`${name}: CRC mismatch`);
    out.push({ name, data });
  }
  return out;
}
