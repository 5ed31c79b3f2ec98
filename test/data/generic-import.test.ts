// The user's own data: CSV, TSV, JSONL with text, optional text_pair, label, optional split.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadDataFile } from '../../lib/data/generic-import';
import { ConfigError, UserError } from '../../lib/errors';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dml-lens-generic-'));
process.on('exit', () => fs.rmSync(tmp, { recursive: true, force: true }));
function write(name: string, content: string | Buffer): string {
  const p = path.join(tmp, name);
  fs.writeFileSync(p, content);
  return p;
}

test('CSV with quotes, string labels (sorted), splits; UTF-8 with BOM and CRLF', () => {
  const file = write('reviews.csv', '\ufefftext,label,split\r\n"Great, really ""great""",pos,train\r\nbad café,neg,\r\nmeh,neg,validation\r\nok,pos,test\r\n');
  const ds = loadDataFile(file, { name: 'reviews' });
  assert.deepEqual(ds.labelNames, ['neg', 'pos']);
  assert.equal(ds.hasPairs, false);
  assert.equal(ds.source, 'file');
  assert.deepEqual(ds.examples.map((e) => [e.split, e.text, e.label, e.sourceLine]), [
    ['train', 'Great, really "great"', 1, 2],
    ['train', 'bad café', 0, 3],
    ['dev', 'meh', 0, 4],
    ['test', 'ok', 1, 5],
  ]);
});

test('--labels fixes the order (names or indices); integer labels are kept as they are', () => {
  const file = write('fixed.csv', 'label,text\npos,a\n0,b\nneg,c\n');
  assert.deepEqual(loadDataFile(file, { name: 'fixed', labels: ['neg', 'pos'] }).examples.map((e) => e.label), [1, 0, 0]);
  const ints = loadDataFile(write('ints.tsv', 'text\tlabel\na\t2\nb\t0\n'), { name: 'ints' });
  assert.deepEqual(ints.labelNames, ['0', '1', '2']);
  assert.deepEqual(ints.examples.map((e) => e.label), [2, 0]);
  assert.match(ints.warnings.join(), /no examples for label 1/);
});

test('JSONL with text_pair; numbers as labels; blank lines skipped', () => {
  const file = write('pairs.jsonl', [
    JSON.stringify({ text: 'A man plays.', text_pair: 'Someone plays.', label: 1 }),
    '',
    JSON.stringify({ text: 'Ça va ?', text_pair: 'Non.', label: 0, split: 'test' }),
  ].join('\n') + '\n');
  const ds = loadDataFile(file, { name: 'pairs' });
  assert.equal(ds.hasPairs, true);
  assert.deepEqual(ds.examples.map((e) => [e.split, e.text, e.textPair, e.label, e.sourceLine]), [
    ['train', 'A man plays.', 'Someone plays.', 1, 1],
    ['test', 'Ça va ?', 'Non.', 0, 3],
  ]);
});

test('cp1252 file decoded with encoding: cp1252', () => {
  const file = write('win.csv', Buffer.concat([Buffer.from('text,label\n'), Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x20, 0x85]), Buffer.from(',a\n')]));
  assert.equal(loadDataFile(file, { name: 'win', encoding: 'cp1252' }).examples[0].text, 'café \u2026');
});

test('checksum: same bytes and options -> same; other options -> different', () => {
  const file = write('c.csv', 'text,label\na,x\nb,y\n');
  const a = loadDataFile(file, { name: 'c' }).checksum;
  assert.equal(loadDataFile(file, { name: 'c' }).checksum, a);
  assert.notEqual(loadDataFile(file, { name: 'c', labels: ['y', 'x'] }).checksum, a);
});

test('bad names, formats and splits', () => {
  const file = write('s.csv', 'text,label,split\na,x,holdout\n');
  assert.throws(() => loadDataFile(file, { name: 'bad name!' }), ConfigError);
  assert.throws(() => loadDataFile(write('data.txt', 'x'), { name: 'n' }), (e: unknown) => e instanceof UserError && /--format/.test(e.message));
  assert.throws(() => loadDataFile(file, { name: 's' }), (e: unknown) => e instanceof UserError && /s\.csv:2: unknown split "holdout"/.test(e.message));
});
