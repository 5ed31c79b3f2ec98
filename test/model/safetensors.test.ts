// The safetensors reader/writer: half-precision conversions, round trips, BF16, bad files.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InputFileError } from '../../lib/errors';
import { encodeSafetensors, floatToHalf, halfToFloat, parseSafetensors } from '../../lib/model/safetensors';

test('half conversions: exact values, rounding to nearest even, subnormals, overflow', () => {
  assert.equal(floatToHalf(1), 0x3c00);
  assert.equal(floatToHalf(-2), 0xc000);
  assert.equal(floatToHalf(65504), 0x7bff); // largest half
  assert.equal(floatToHalf(1e6), 0x7c00); // overflow → inf
  assert.equal(floatToHalf(2 ** -24), 0x0001); // smallest subnormal
  assert.equal(floatToHalf(1 + 2 ** -11), 0x3c00); // tie → even (down)
  assert.equal(floatToHalf(1 + 3 * 2 ** -11), 0x3c02); // tie → even (up)
  for (const h of [0x0001, 0x03ff, 0x0400, 0x3555, 0x7bff, 0xbc00, 0x8001]) assert.equal(floatToHalf(halfToFloat(h)), h);
  assert.ok(Number.isNaN(halfToFloat(0x7e00)));
});

test('F32 round trip is exact; F16 is within half precision; header is 8-byte aligned', () => {
  const values = Float32Array.from([0.1, -3.5, 1e-3, 1234.5, 0]);
  const tensors = [
    { name: 'b.weight', shape: [5], values },
    { name: 'a.bias', shape: [1, 2], values: Float32Array.from([7, -7]) },
  ];
  const f32 = encodeSafetensors(tensors, 'F32');
  assert.equal(Number(f32.readBigUInt64LE(0)) % 8, 0);
  const parsed = parseSafetensors(f32, 'x.safetensors');
  assert.deepEqual(parsed.metadata, { format: 'pt' });
  const byName = new Map(parsed.entries.map((e) => [e.name, e]));
  assert.deepEqual([...byName.get('b.weight')!.read()], [...values]);
  assert.deepEqual(byName.get('a.bias')!.shape, [1, 2]);
  const f16 = parseSafetensors(encodeSafetensors(tensors, 'F16'), 'x');
  const back = f16.entries.find((e) => e.name === 'b.weight')!.read();
  values.forEach((v, i) => assert.ok(Math.abs(back[i] - v) <= Math.abs(v) * 2 ** -11 + 1e-7));
});

test('reads BF16 (upper half of float32) and ignores the metadata entry', () => {
  const header = JSON.stringify({ __metadata__: { format: 'pt' }, w: { dtype: 'BF16', shape: [2], data_offsets: [0, 4] } });
  const buf = Buffer.alloc(8 + header.length + 4);
  buf.writeBigUInt64LE(BigInt(header.length));
  buf.write(header, 8);
  buf.writeUInt16LE(0x3fc0, 8 + header.length); // 1.5
  buf.writeUInt16LE(0xc040, 10 + header.length); // -3
  assert.deepEqual([...parseSafetensors(buf, 'bf16').entries[0].read()], [1.5, -3]);
});

test('truncated or corrupt files name the file and the problem', () => {
  const good = encodeSafetensors([{ name: 'w', shape: [4], values: new Float32Array(4) }]);
  assert.throws(
    () => parseSafetensors(good.subarray(0, good.length - 4), 'm.safetensors'),
    (e: Error) => e instanceof InputFileError && /m\.safetensors.*runs past the end/.test(e.message),
  );
  assert.throws(() => parseSafetensors(Buffer.from('garbage!garbage!'), 'g.safetensors'), /g\.safetensors.*header/);
});
