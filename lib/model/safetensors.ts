// Reader and writer for the safetensors format (huggingface/safetensors): an 8-byte little-endian
// header length N, N bytes of JSON {name: {dtype, shape, data_offsets: [begin, end]}, __metadata__},
// then the raw little-endian tensor bytes. We decode F32, F16, BF16 (and F64/I64/I32 for
// completeness) to Float32Array, and write F32 or F16. Headers are validated in full
// (safetensors-header.ts) before any tensor is read.
import { InputFileError } from '../errors';
import { checkHeaderLength, validateHeader } from './safetensors-header';

export type StoredDtype = 'F32' | 'F16' | 'BF16' | 'F64' | 'I64' | 'I32';
const BYTES: Record<string, number> = { F32: 4, F16: 2, BF16: 2, F64: 8, I64: 8, I32: 4 };

export interface SafetensorsEntry {
  name: string;
  dtype: string;
  shape: number[];
  /** Decodes the tensor to float32 (lazily: unused tensors cost nothing). */
  read(): Float32Array;
}

// IEEE half <-> float, shared with the array files (round to nearest even, as numpy/torch .half()).
export { fromFloat16Bits as halfToFloat, toFloat16Bits as floatToHalf } from '../util/float16';
import { fromFloat16Bits as halfToFloat, toFloat16Bits as floatToHalf } from '../util/float16';

function decode(buf: Buffer, dtype: string, begin: number, count: number): Float32Array {
  const out = new Float32Array(count);
  if (dtype === 'F32') {
    new Uint8Array(out.buffer).set(buf.subarray(begin, begin + 4 * count)); // little-endian hosts (x86, arm)
    return out;
  }
  if (dtype === 'F16') {
    for (let i = 0; i < count; i++) out[i] = halfToFloat(buf.readUInt16LE(begin + 2 * i));
    return out;
  }
  if (dtype === 'BF16') {
    const view = new Uint32Array(out.buffer);
    for (let i = 0; i < count; i++) view[i] = buf.readUInt16LE(begin + 2 * i) << 16;
    return out;
  }
  if (dtype === 'F64') for (let i = 0; i < count; i++) out[i] = buf.readDoubleLE(begin + 8 * i);
  else if (dtype === 'I64') for (let i = 0; i < count; i++) out[i] = Number(buf.readBigInt64LE(begin + 8 * i));
  else if (dtype === 'I32') for (let i = 0; i < count; i++) out[i] = buf.readInt32LE(begin + 4 * i);
  return out;
}

/** Parses a safetensors file already in memory (header validated: safetensors-header.ts). `file` names it in errors. */
export function parseSafetensors(buf: Buffer, file: string): { entries: SafetensorsEntry[]; metadata: Record<string, string> } {
  const bad = (problem: string) => new InputFileError(file, undefined, `not a valid safetensors file: ${problem}`);
  if (buf.length < 8) throw bad('shorter than its 8-byte header length');
  const headerLen = checkHeaderLength(buf.readBigUInt64LE(0), buf.length, file);
  const base = 8 + headerLen;
  const header = validateHeader(buf.toString('utf8', 8, base), buf.length - base, file);
  const entries = header.entries.map(({ name, dtype, shape, begin }): SafetensorsEntry => ({
    name,
    dtype,
    shape,
    read: () => {
      if (!BYTES[dtype]) throw bad(`tensor ${JSON.stringify(name)} has dtype ${dtype}; supported: F32, F16, BF16`);
      return decode(
        buf,
        dtype,
        base + begin,
        shape.reduce((a, b) => a * b, 1),
      );
    },
  }));
  return { entries, metadata: header.metadata };
}

export interface TensorToWrite {
  name: string;
  shape: number[];
  values: Float32Array;
}

/** Serialises tensors (sorted by name, contiguous, header padded to 8 bytes) as F32 or F16. */
export function encodeSafetensors(
  tensors: TensorToWrite[],
  dtype: 'F32' | 'F16' = 'F32',
  metadata: Record<string, string> = { format: 'pt' },
): Buffer {
  const width = BYTES[dtype];
  const sorted = [...tensors].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const header: Record<string, unknown> = { __metadata__: metadata };
  let offset = 0;
  for (const t of sorted) {
    const bytes = t.values.length * width;
    header[t.name] = { dtype, shape: t.shape, data_offsets: [offset, offset + bytes] };
    offset += bytes;
  }
  let json = JSON.stringify(header);
  json += ' '.repeat((8 - ((8 + Buffer.byteLength(json)) % 8)) % 8);
  const headerBytes = Buffer.from(json, 'utf8');
  const out = Buffer.alloc(8 + headerBytes.length + offset);
  out.writeBigUInt64LE(BigInt(headerBytes.length), 0);
  headerBytes.copy(out, 8);
  let pos = 8 + headerBytes.length;
  for (const t of sorted) {
    if (dtype === 'F32') {
      Buffer.from(t.values.buffer, t.values.byteOffset, t.values.byteLength).copy(out, pos);
      pos += t.values.byteLength;
    } else {
      for (let i = 0; i < t.values.length; i++, pos += 2) out.writeUInt16LE(floatToHalf(t.values[i]), pos);
    }
  }
  return out;
}
