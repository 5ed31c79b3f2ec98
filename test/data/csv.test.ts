import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseCsv } from '../../lib/data/csv';
import { InputFileError } from '../../lib/errors';

test('quoted fields: delimiters, doubled quotes and newlines inside; records keep their start line', () => {
  const recs = parseCsv('text,label\n"a, ""b""\nc",1\n\nx,\n"",2\nlast,3', 'f.csv');
  assert.deepEqual(recs, [
    { fields: ['text', 'label'], line: 1 },
    { fields: ['a, "b"\nc', '1'], line: 2 },
    { fields: ['x', ''], line: 5 },
    { fields: ['', '2'], line: 6 },
    { fields: ['last', '3'], line: 7 },
  ]);
});

test('tab delimiter and a quote inside an unquoted field', () => {
  assert.deepEqual(parseCsv('a\tb "c"\n', 'f.tsv', '\t'), [{ fields: ['a', 'b "c"'], line: 1 }]);
});

test('unterminated quote and junk after a closing quote name the line', () => {
  assert.throws(() => parseCsv('a,b\nx,1\n"abc\n', 'f.csv'), (e: unknown) => e instanceof InputFileError && e.line === 3 && /unterminated/.test(e.message));
  assert.throws(() => parseCsv('a,b\n"abc"x,1\n', 'f.csv'), (e: unknown) => e instanceof InputFileError && e.line === 2 && /after a closing quote/.test(e.message));
});
