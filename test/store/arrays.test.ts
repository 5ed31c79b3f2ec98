import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileSha256, readArray, readArrayHeader, writeArray } from '../../lib/store/arrays';
import { fromFloat16Bits, toFloat16Bits } from '../../lib/util/float16';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dml-arrays-'));
test.after(() => fs.rmSync(dir, { recursive: true, force: true }));

test('float32 arrays round-trip exactly with shape, size and checksum', () => {
  const data = Float32Array.from({ length: 3 * 5 }, (_, i) => Math.sin(i) * 1e3);
  const file = path.join(dir, 'a', 'emb.f32');
  const { sha256, bytes } = writeArray(file, data, [3, 5]);
  assert.equal(bytes, fs.statSync(file).size);
  assert.equal(sha256, fileSha256(file));
  const back = readArray(file);
  assert.deepEqual(back.shape, [3, 5]);
  assert.deepEqual(Array.from(back.data), Array.from(data));
  assert.deepEqual(readArrayHeader(file), { version: 1, dtype: 'float32', shape: [3, 5] });
  // header is padded so the data starts 8-aligned
  assert.equal((bytes - 15 * 4) % 8, 0);
});

test('float16 arrays halve the size and keep ~3 significant digits', () => {
  const data = Float32Array.from([0, -0, 1, -2.5, 0.1, 65504, 1e-6, 70000, NaN]);
  const file = path.join(dir, 'h.f16');
  const { bytes } = writeArray(file, data, [9], { dtype: 'float16' });
  const back = readArray(file).data;
  assert.equal(back[2], 1);
  assert.equal(back[3], -2.5);
  assert.ok(Math.abs(back[4] - 0.1) < 1e-4);
  assert.equal(back[5], 65504);
  assert.ok(Math.abs(back[6] - 1e-6) < 1e-7); // subnormal half
  assert.equal(back[7], Infinity);
  assert.ok(Number.isNaN(back[8]));
  assert.ok(bytes < 8 + 64 + 9 * 2 + 1);
});

test('float16 conversion rounds to nearest even', () => {
  assert.equal(toFloat16Bits(1), 0x3c00);
  assert.equal(toFloat16Bits(1 + 2 ** -11), 0x3c00); // tie -> even
  assert.equal(toFloat16Bits(1 + 3 * 2 ** -11), 0x3c02);
  assert.equal(fromFloat16Bits(0x7bff), 65504);
  for (let h = 0; h < 0x7c00; h += 37) assert.equal(toFloat16Bits(fromFloat16Bits(h)), h);
});

test('bad input is rejected', () => {
  assert.throws(() => writeArray(path.join(dir, 'x'), new Float32Array(5), [2, 3]), /holds 6 values/);
  const bad = path.join(dir, 'bad');
  fs.writeFileSync(bad, 'hello world');
  assert.throws(() => readArray(bad), /not a dml-lens array file/);
  const file = path.join(dir, 'trunc');
  writeArray(file, new Float32Array(4), [4]);
  fs.truncateSync(file, fs.statSync(file).size - 2);
  assert.throws(() => readArray(file), /truncated/);
});
