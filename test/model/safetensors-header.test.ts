// Hostile safetensors headers: each malformed header is refused with one line that names the file
// and (where there is one) the tensor, by the reader (parseSafetensors) and by the download check
// (checkSafetensorsFile). A well-formed file still reads.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { InputFileError, UserError } from '../../lib/errors';
import { checkSafetensorsFile } from '../../lib/model/hub-download';
import { encodeSafetensors, parseSafetensors } from '../../lib/model/safetensors';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dml-st-header-'));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** A file with the given header (object or raw JSON text) and `dataBytes` zero bytes of data. */
function file(header: unknown, dataBytes: number, lengthField?: bigint): Buffer {
  const json = Buffer.from(typeof header === 'string' ? header : JSON.stringify(header), 'utf8');
  const out = Buffer.alloc(8 + json.length + dataBytes);
  out.writeBigUInt64LE(lengthField ?? BigInt(json.length), 0);
  json.copy(out, 8);
  return out;
}

const f32 = (shape: number[], begin: number, end: number) => ({ dtype: 'F32', shape, data_offsets: [begin, end] });

const CASES: { name: string; buf: Buffer; tensor?: string; says: RegExp }[] = [
  { name: 'header length larger than the file', buf: file({}, 0, 4096n), says: /header length 4096 exceeds the file size/ },
  { name: 'absurd header length', buf: file({}, 0, 2n ** 62n), says: /over the 100000000-byte limit/ },
  { name: 'header is not JSON', buf: file('{"w": [1, 2', 0), says: /header is not JSON/ },
  { name: 'header is a JSON array', buf: file([1, 2], 0), says: /header is not a JSON object/ },
  { name: 'null entry', buf: file({ w: null }, 0), tensor: 'w', says: /entry is null/ },
  { name: 'null dtype', buf: file({ w: { dtype: null, shape: [1], data_offsets: [0, 4] } }, 4), tensor: 'w', says: /dtype is null/ },
  {
    name: 'unknown dtype',
    buf: file({ w: { dtype: 'F24', shape: [1], data_offsets: [0, 3] } }, 3),
    tensor: 'w',
    says: /unknown dtype "F24"/,
  },
  {
    name: 'negative shape',
    buf: file({ w: f32([-1, 4], 0, 16) }, 16),
    tensor: 'w',
    says: /shape \[-1,4\] is not a list of non-negative integers/,
  },
  {
    name: 'shape x dtype != byte span',
    buf: file({ w: f32([2, 3], 0, 16) }, 16),
    tensor: 'w',
    says: /24 bytes, but data_offsets \[0, 16\] span 16/,
  },
  {
    name: 'negative offset',
    buf: file({ w: f32([1], -4, 0) }, 4),
    tensor: 'w',
    says: /data_offsets \[-4,0\] is not two non-negative integers/,
  },
  {
    name: 'end before begin',
    buf: file({ w: { dtype: 'F32', shape: [0], data_offsets: [8, 4] } }, 8),
    tensor: 'w',
    says: /end before they begin/,
  },
  { name: 'offsets past the data', buf: file({ w: f32([4], 0, 16) }, 8), tensor: 'w', says: /runs past the end of the data \(8 bytes/ },
  {
    name: 'overlapping tensors',
    buf: file({ a: f32([2], 0, 8), b: f32([2], 4, 12) }, 12),
    tensor: 'b',
    says: /overlap tensor "a" \[0, 8\]/,
  },
  {
    name: 'gap between tensors',
    buf: file({ a: f32([1], 0, 4), b: f32([1], 8, 12) }, 12),
    tensor: 'b',
    says: /leaving a gap after byte 4/,
  },
  {
    name: 'metadata value not a string',
    buf: file({ __metadata__: { format: 1 }, w: f32([1], 0, 4) }, 4),
    says: /__metadata__ entry "format" is not a string/,
  },
  { name: 'name with a null character', buf: file({ 'w\u0000x': f32([1], 0, 4) }, 4), tensor: 'w\u0000x', says: /null character/ },
];

for (const c of CASES) {
  test(`malformed header refused: ${c.name}`, () => {
    const where = path.join(tmp, `${c.name.replace(/\W+/g, '-')}.safetensors`);
    fs.writeFileSync(where, c.buf);
    const check = (e: unknown) => {
      assert.ok(e instanceof UserError, `a UserError, got ${String(e)}`);
      const message = e.message;
      assert.equal(message.split('\n').length, 1, `one line: ${message}`);
      assert.ok(message.includes(where), `names the file: ${message}`);
      if (c.tensor !== undefined) assert.ok(message.includes(`tensor ${JSON.stringify(c.tensor)}`), `names the tensor: ${message}`);
      assert.match(message, c.says);
      return true;
    };
    assert.throws(
      () => parseSafetensors(fs.readFileSync(where), where),
      (e) => check(e) && e instanceof InputFileError,
    );
    assert.throws(() => checkSafetensorsFile(where), check);
  });
}

test('a well-formed file (two tensors, metadata, keys not in offset order) passes both checks', () => {
  const good = encodeSafetensors([
    { name: 'z', shape: [2], values: Float32Array.from([1, 2]) },
    { name: 'a', shape: [1, 1], values: Float32Array.from([3]) },
  ]);
  const where = path.join(tmp, 'good.safetensors');
  fs.writeFileSync(where, good);
  checkSafetensorsFile(where);
  const { entries } = parseSafetensors(good, where);
  assert.deepEqual(
    entries.map((e) => [e.name, [...e.read()]]),
    [
      ['a', [3]],
      ['z', [1, 2]],
    ],
  );
  const reordered = file({ z: f32([2], 4, 12), a: f32([1], 0, 4) }, 12);
  assert.deepEqual(
    parseSafetensors(reordered, 'r.safetensors').entries.map((e) => e.name),
    ['z', 'a'],
  );
});
