import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cp1252Char, decodeBytes, firstInvalidUtf8, parseEncoding, splitLines } from '../../lib/data/decode';
import { InputFileError } from '../../lib/errors';

test('utf-8: BOM dropped, CRLF -> LF, non-ASCII kept', () => {
  const buf = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('a café\r\nb\r\n', 'utf8')]);
  assert.equal(decodeBytes(buf, 'utf-8', 'f.txt'), 'a café\nb\n');
  assert.deepEqual(splitLines(decodeBytes(buf, 'utf-8', 'f.txt')), ['a café', 'b']);
});

test('utf-8: an invalid byte is an InputFileError naming file, line and byte offset', () => {
  const buf = Buffer.concat([Buffer.from('ok\nfine\nbad '), Buffer.from([0xe9]), Buffer.from(' here\n')]);
  assert.throws(() => decodeBytes(buf, 'utf-8', 'data.csv'), (err: unknown) => {
    assert.ok(err instanceof InputFileError);
    assert.equal(err.file, 'data.csv');
    assert.equal(err.line, 3);
    assert.match(err.message, /^data\.csv:3: invalid UTF-8 \(byte 0xe9 at byte offset 12, column 5\)/);
    assert.match(err.message, /--encoding cp1252/);
    return true;
  });
});

test('firstInvalidUtf8 finds truncated, overlong and surrogate sequences', () => {
  assert.equal(firstInvalidUtf8(Buffer.from('héllo ✓ 😀', 'utf8')), -1);
  assert.equal(firstInvalidUtf8(Buffer.from([0x61, 0xe2, 0x9c])), 1); // truncated at the end
  assert.equal(firstInvalidUtf8(Buffer.from([0xc0, 0x80])), 0); // overlong NUL
  assert.equal(firstInvalidUtf8(Buffer.from([0x61, 0xed, 0xa0, 0x80])), 1); // surrogate
  assert.equal(firstInvalidUtf8(Buffer.from([0x61, 0x80])), 1); // lone continuation
});

test('cp1252 maps all 256 bytes; latin-1 differs only in 0x80-0x9F', () => {
  const all = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
  const cp = decodeBytes(all, 'cp1252', 'f');
  const l1 = decodeBytes(all, 'latin1', 'f');
  assert.equal(cp.length, 256);
  assert.equal(l1.length, 256);
  for (let b = 0; b < 256; b++) {
    assert.equal(cp[b], cp1252Char(b));
    if (b < 0x80 || b >= 0xa0) assert.equal(cp[b], l1[b], `byte ${b}`);
  }
  assert.equal(cp1252Char(0x80), '\u20ac');
  assert.equal(cp1252Char(0x85), '\u2026'); // ellipsis, frequent in MR
  assert.equal(cp1252Char(0x91), '\u2018');
  assert.equal(cp1252Char(0x96), '\u2013');
  assert.equal(cp1252Char(0x97), '\u2014');
  assert.equal(cp1252Char(0x81), '\u0081'); // undefined in cp1252: the C1 control, as WHATWG
  assert.equal(cp1252Char(0xe9), '\u00e9');
  assert.equal(l1[0x85], '\u0085');
});

test('parseEncoding accepts common spellings', () => {
  assert.equal(parseEncoding('UTF8'), 'utf-8');
  assert.equal(parseEncoding('utf-8-sig'), 'utf-8');
  assert.equal(parseEncoding('windows-1252'), 'cp1252');
  assert.equal(parseEncoding('ISO-8859-1'), 'latin1');
  assert.equal(parseEncoding('ebcdic'), undefined);
});
