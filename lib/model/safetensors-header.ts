// Validation of a safetensors header (the JSON after the 8-byte length), as the format's reference
// implementation (huggingface/safetensors) checks it: every entry an object with a known dtype, a
// shape of non-negative integers and two integer data_offsets [begin, end] with
// end - begin == product(shape) x dtype size; entries sorted by offset cover the data region from
// byte 0 without gaps or overlaps and stay inside it; __metadata__ maps strings to strings.
// Each problem is one line naming the file and the tensor.
import { InputFileError } from '../errors';

/** Bytes per element of every dtype the format defines. */
export const DTYPE_BYTES: Record<string, number> = {
  BOOL: 1,
  U8: 1,
  I8: 1,
  F8_E5M2: 1,
  F8_E4M3: 1,
  I16: 2,
  U16: 2,
  F16: 2,
  BF16: 2,
  I32: 4,
  U32: 4,
  F32: 4,
  I64: 8,
  U64: 8,
  F64: 8,
};

/** The reference implementation refuses headers above this size (100 MB). */
export const MAX_HEADER_BYTES = 100_000_000;

export interface HeaderEntry {
  name: string;
  dtype: string;
  shape: number[];
  begin: number;
  end: number;
}

const isCount = (x: unknown): x is number => typeof x === 'number' && Number.isSafeInteger(x) && x >= 0;

/** Checks the 8-byte length field against the file size; returns the header length. */
export function checkHeaderLength(headerLen: bigint, fileBytes: number, file: string): number {
  const bad = (problem: string) => new InputFileError(file, undefined, `not a valid safetensors file: ${problem}`);
  if (headerLen < 2n) throw bad(`header length ${headerLen} is too small for a JSON object`);
  if (headerLen > BigInt(MAX_HEADER_BYTES)) throw bad(`header length ${headerLen} is over the ${MAX_HEADER_BYTES}-byte limit`);
  if (headerLen > BigInt(fileBytes - 8))
    throw bad(`header length ${headerLen} exceeds the file size (${fileBytes} bytes; truncated download?)`);
  return Number(headerLen);
}

/** Parses and validates header JSON for a data region of `dataBytes` bytes. */
export function validateHeader(
  json: string,
  dataBytes: number,
  file: string,
): { entries: HeaderEntry[]; metadata: Record<string, string> } {
  const bad = (problem: string) => new InputFileError(file, undefined, `not a valid safetensors file: ${problem}`);
  let header: unknown;
  try {
    header = JSON.parse(json);
  } catch (err) {
    throw bad(`header is not JSON (${(err as Error).message})`);
  }
  if (header === null || typeof header !== 'object' || Array.isArray(header)) throw bad('header is not a JSON object');
  let metadata: Record<string, string> = {};
  const entries: HeaderEntry[] = [];
  for (const [name, info] of Object.entries(header as Record<string, unknown>)) {
    const tensor = (problem: string) => bad(`tensor ${JSON.stringify(name)}: ${problem}`);
    if (name === '__metadata__') {
      if (info === null || typeof info !== 'object' || Array.isArray(info)) throw bad('__metadata__ is not an object of strings');
      const nonString = Object.entries(info).find(([, v]) => typeof v !== 'string');
      if (nonString) throw bad(`__metadata__ entry ${JSON.stringify(nonString[0])} is not a string`);
      metadata = info as Record<string, string>;
      continue;
    }
    if (name === '' || name.includes('\u0000')) throw tensor('the name is empty or holds a null character');
    if (info === null || typeof info !== 'object' || Array.isArray(info)) throw tensor('entry is null or not an object');
    const { dtype, shape, data_offsets: offsets } = info as { dtype?: unknown; shape?: unknown; data_offsets?: unknown };
    if (typeof dtype !== 'string') throw tensor(`dtype is ${dtype === undefined ? 'missing' : JSON.stringify(dtype)}`);
    const width = DTYPE_BYTES[dtype];
    if (!width) throw tensor(`unknown dtype ${JSON.stringify(dtype)} (known: ${Object.keys(DTYPE_BYTES).join(', ')})`);
    if (!Array.isArray(shape) || !shape.every(isCount))
      throw tensor(`shape ${JSON.stringify(shape ?? null)} is not a list of non-negative integers`);
    if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every(isCount)) {
      throw tensor(`data_offsets ${JSON.stringify(offsets ?? null)} is not two non-negative integers [begin, end]`);
    }
    const [begin, end] = offsets as [number, number];
    if (end < begin) throw tensor(`data_offsets [${begin}, ${end}] end before they begin`);
    if (end > dataBytes)
      throw tensor(`data_offsets [${begin}, ${end}] runs past the end of the data (${dataBytes} bytes; truncated download?)`);
    const count = shape.reduce((a, b) => a * b, 1);
    if (!Number.isSafeInteger(count * width) || count * width !== end - begin) {
      throw tensor(
        `shape [${shape.join(',')}] x ${dtype} (${width} bytes) is ${count * width} bytes, but data_offsets [${begin}, ${end}] span ${end - begin}`,
      );
    }
    entries.push({ name, dtype, shape: shape, begin, end });
  }
  const sorted = [...entries].sort((a, b) => a.begin - b.begin || a.end - b.end);
  let previous: HeaderEntry | undefined;
  for (const e of sorted) {
    const at = previous?.end ?? 0;
    if (e.begin < at)
      throw bad(
        `tensor ${JSON.stringify(e.name)}: data_offsets [${e.begin}, ${e.end}] overlap tensor ${JSON.stringify(previous!.name)} [${previous!.begin}, ${previous!.end}]`,
      );
    if (e.begin > at)
      throw bad(
        `tensor ${JSON.stringify(e.name)}: data_offsets begin at ${e.begin}, leaving a gap after byte ${at}${previous ? ` (end of tensor ${JSON.stringify(previous.name)})` : ''}`,
      );
    previous = e;
  }
  return { entries, metadata };
}
