import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readZip, ZipError } from '../../lib/data/zip';
import { writeZip } from './zip-writer';

test('reads stored and deflated entries, skips directories', () => {
  const text = Buffer.from('caf\xe9 '.repeat(1000), 'latin1');
  const zip = writeZip([
    { name: 'data/', data: Buffer.alloc(0), store: true },
    { name: 'data/a.txt', data: text },
    { name: 'data/b.bin', data: Buffer.from([0, 1, 2, 255]), store: true },
  ]);
  const entries = readZip(zip);
  assert.deepEqual(entries.map((e) => e.name), ['data/a.txt', 'data/b.bin']);
  assert.ok(entries[0].data.equals(text));
  assert.deepEqual([...entries[1].data], [0, 1, 2, 255]);
});

test('not a zip, or a corrupted entry, is a ZipError', () => {
  assert.throws(() => readZip(Buffer.from('hello, not a zip at all, just text.')), ZipError);
  const zip = writeZip([{ name: 'a.txt', data: Buffer.from('hello hello hello'), store: true }]);
  zip[30 + 5] ^= 0xff; // flip a data byte: CRC mismatch
  assert.throws(() => readZip(zip), /CRC mismatch/);
});
