// The one file format for large arrays (embeddings, proxies, projections):
//   bytes 0..3   magic "DMLA"
//   bytes 4..7   header length H (uint32, little-endian)
//   bytes 8..    JSON header {"version":1,"dtype":"float32"|"float16","shape":[...]} padded with spaces
//                so the data starts at a multiple of 8
//   then         prod(shape) values, row-major, little-endian
// The database (Artifact row) keeps the path, shape, dtype, sha256 and size; this module checks them.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import { fromFloat16Bits, toFloat16Bits } from '../util/float16';
import { writeFileAtomic } from './artifacts/atomic-file';

export type ArrayDtype = 'float32' | 'float16';

const MAGIC = 'DMLA';
const FORMAT_VERSION = 1;
const LITTLE_ENDIAN = os.endianness() === 'LE';
const BYTES_PER_VALUE: Record<ArrayDtype, number> = { float32: 4, float16: 2 };

export interface ArrayHeader {
  version: number;
  dtype: ArrayDtype;
  shape: number[];
}

function elementCount(shape: number[]): number {
  for (const d of shape) if (!Number.isInteger(d) || d < 0) throw new RangeError(`bad array shape [${shape.join(', ')}]`);
  return shape.reduce((a, b) => a * b, 1);
}

function encodeHeader(header: ArrayHeader): Buffer {
  const json = JSON.stringify(header);
  const padded = json.padEnd(Math.ceil((8 + json.length) / 8) * 8 - 8, ' ');
  const out = Buffer.alloc(8 + padded.length);
  out.write(MAGIC, 0, 'latin1');
  out.writeUInt32LE(padded.length, 4);
  out.write(padded, 8, 'utf8');
  return out;
}

function encodeData(data: Float32Array, dtype: ArrayDtype): Buffer {
  const out = Buffer.alloc(data.length * BYTES_PER_VALUE[dtype]);
  if (dtype === 'float32' && LITTLE_ENDIAN) return Buffer.from(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength));
  if (dtype === 'float32') for (let i = 0; i < data.length; i++) out.writeFloatLE(data[i], i * 4);
  else for (let i = 0; i < data.length; i++) out.writeUInt16LE(toFloat16Bits(data[i]), i * 2);
  return out;
}

/** Writes `data` with `shape` to `file` (folders created); returns the file's sha256 and size. */
export function writeArray(
  file: string,
  data: Float32Array,
  shape: number[],
  opts: { dtype?: ArrayDtype } = {},
): { sha256: string; bytes: number } {
  const dtype = opts.dtype ?? 'float32';
  if (!(dtype in BYTES_PER_VALUE)) throw new RangeError(`unknown dtype "${dtype}"`);
  const n = elementCount(shape);
  if (n !== data.length) throw new RangeError(`shape [${shape.join(', ')}] holds ${n} values, data has ${data.length}`);
  const buf = Buffer.concat([encodeHeader({ version: FORMAT_VERSION, dtype, shape }), encodeData(data, dtype)]);
  writeFileAtomic(file, buf); // temp file + fsync + rename: readers never see a half-written file
  return { sha256: crypto.createHash('sha256').update(buf).digest('hex'), bytes: buf.length };
}

function parseHeader(buf: Buffer, file: string): { header: ArrayHeader; dataStart: number } {
  if (buf.length < 8 || buf.toString('latin1', 0, 4) !== MAGIC) throw new Error(`${file}: not a dml-lens array file`);
  const len = buf.readUInt32LE(4);
  let header: ArrayHeader;
  try {
    header = JSON.parse(buf.toString('utf8', 8, 8 + len)) as ArrayHeader;
  } catch {
    throw new Error(`${file}: corrupt array header`);
  }
  if (header.version !== FORMAT_VERSION) throw new Error(`${file}: unsupported array format version ${header.version}`);
  if (!(header.dtype in BYTES_PER_VALUE)) throw new Error(`${file}: unknown dtype "${header.dtype}"`);
  return { header, dataStart: 8 + len };
}

/** Reads only the header (dtype and shape) of an array file. */
export function readArrayHeader(file: string): ArrayHeader {
  const fd = fs.openSync(file, 'r');
  try {
    const head = Buffer.alloc(8);
    fs.readSync(fd, head, 0, 8, 0);
    const len = head.toString('latin1', 0, 4) === MAGIC ? head.readUInt32LE(4) : 0;
    const buf = Buffer.alloc(8 + len);
    fs.readSync(fd, buf, 0, buf.length, 0);
    return parseHeader(buf, file).header;
  } finally {
    fs.closeSync(fd);
  }
}

/** Reads an array file back as float32 values with its shape. */
export function readArray(file: string): { data: Float32Array; shape: number[] } {
  const buf = fs.readFileSync(file);
  const { header, dataStart } = parseHeader(buf, file);
  const n = elementCount(header.shape);
  const width = BYTES_PER_VALUE[header.dtype];
  if (buf.length !== dataStart + n * width) throw new Error(`${file}: expected ${n} ${header.dtype} values, file is truncated or too long`);
  const data = new Float32Array(n);
  if (header.dtype === 'float32' && LITTLE_ENDIAN) {
    return {
      data: new Float32Array(buf.buffer.slice(buf.byteOffset + dataStart, buf.byteOffset + dataStart + n * 4)),
      shape: header.shape,
    };
  }
  if (header.dtype === 'float32') for (let i = 0; i < n; i++) data[i] = buf.readFloatLE(dataStart + i * 4);
  else for (let i = 0; i < n; i++) data[i] = fromFloat16Bits(buf.readUInt16LE(dataStart + i * 2));
  return { data, shape: header.shape };
}

/** sha256 of a file (to check an Artifact row against its file). */
export function fileSha256(file: string): string {
  return crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}
