// Malformed input gives an InputFileError naming the file, the line and the problem.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadDataFile } from '../../lib/data/generic-import';
import { loadSentevalTask } from '../../lib/data/senteval/load-task';
import { resolveTasks } from '../../lib/data/senteval/tasks';
import { InputFileError, UserError } from '../../lib/errors';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dml-lens-bad-'));
process.on('exit', () => fs.rmSync(tmp, { recursive: true, force: true }));
function write(rel: string, content: string | Buffer): string {
  const p = path.join(tmp, rel);
  fs.mkdirSync(path.dirname(p), { recursive: true });
  fs.writeFileSync(p, content);
  return p;
}

/** Asserts an InputFileError for `file` at `line` whose message matches `problem`. */
function fileError(file: string, line: number | undefined, problem: RegExp) {
  return (e: unknown) => {
    assert.ok(e instanceof InputFileError, `expected InputFileError, got ${String(e)}`);
    assert.equal(e.file, file);
    assert.equal(e.line, line);
    assert.match(e.message, problem);
    assert.ok(e.message.startsWith(file));
    return true;
  };
}

test('missing columns: CSV header without label, JSONL row without text', () => {
  const csv = write('nolabel.csv', 'text,category\nhello,a\n');
  assert.throws(() => loadDataFile(csv, { name: 'x' }), fileError(csv, 1, /missing column "label" in the header \(found: text, category\)/));
  const jsonl = write('notext.jsonl', '{"text":"a","label":1}\n{"label":0}\n');
  assert.throws(() => loadDataFile(jsonl, { name: 'x' }), fileError(jsonl, 2, /missing field "text"/));
  const short = write('short.csv', 'text,label\nonly one field\n');
  assert.throws(() => loadDataFile(short, { name: 'x' }), fileError(short, 2, /expected 2 fields as in the header \(text, label\), found 1/));
});

test('empty file, blank file, header only, broken JSON', () => {
  const empty = write('empty.csv', '');
  assert.throws(() => loadDataFile(empty, { name: 'x' }), fileError(empty, undefined, /file is empty/));
  const blank = write('blank.jsonl', '\n\n');
  assert.throws(() => loadDataFile(blank, { name: 'x' }), fileError(blank, undefined, /no examples/));
  const header = write('header.csv', 'text,label\n');
  assert.throws(() => loadDataFile(header, { name: 'x' }), fileError(header, undefined, /no examples \(only a header/));
  const broken = write('broken.jsonl', '{"text":"a","label":1}\n{"text": "b", label: 0}\n');
  assert.throws(() => loadDataFile(broken, { name: 'x' }), fileError(broken, 2, /not valid JSON/));
  const emptyText = write('emptytext.csv', 'text,label\n  ,a\n');
  assert.throws(() => loadDataFile(emptyText, { name: 'x' }), fileError(emptyText, 2, /empty text/));
});

test('unknown label: --labels, SST-2 label 2, TREC coarse class', () => {
  const csv = write('labels.csv', 'text,label\na,pos\nb,neutral\n');
  assert.throws(() => loadDataFile(csv, { name: 'x', labels: ['neg', 'pos'] }), fileError(csv, 3, /unknown label "neutral"; expected one of neg, pos/));
  const sst = write('sst/SST2/sentiment-train', 'good film \t1\nodd one \t2\n');
  write('sst/SST2/sentiment-dev', 'x \t0\n');
  write('sst/SST2/sentiment-test', 'y \t1\n');
  assert.throws(() => loadSentevalTask(path.join(tmp, 'sst'), resolveTasks(['SST2'])[0]),
    fileError(sst, 2, /unknown label "2"; expected one of 0 \(negative\), 1 \(positive\)/));
  const trec = write('trec/TREC/train_5500.label', 'HUM:ind Who is he ?\nPERSON:ind Who else ?\n');
  write('trec/TREC/TREC_10.label', 'NUM:date When ?\n');
  assert.throws(() => loadSentevalTask(path.join(tmp, 'trec'), resolveTasks(['TREC'])[0]), fileError(trec, 2, /unknown label "PERSON"/));
});

test('undecodable bytes: UTF-8 files with a cp1252 byte name line and offset', () => {
  const csv = write('latin.csv', Buffer.concat([Buffer.from('text,label\nok,a\ncaf'), Buffer.from([0xe9]), Buffer.from(',b\n')]));
  assert.throws(() => loadDataFile(csv, { name: 'x' }), fileError(csv, 3, /invalid UTF-8 \(byte 0xe9 at byte offset 19, column 4\)/));
  const sst = write('sst5/SST5/stsa.fine.train', Buffer.concat([Buffer.from('4 fine\n3 b'), Buffer.from([0xff]), Buffer.from('d\n')]));
  write('sst5/SST5/stsa.fine.dev', '0 x\n');
  write('sst5/SST5/stsa.fine.test', '0 y\n');
  assert.throws(() => loadSentevalTask(path.join(tmp, 'sst5'), resolveTasks(['SST5'])[0]), fileError(sst, 2, /invalid UTF-8/));
});

test('a pair file with one column: MRPC row, CSV row, JSONL row without its pair', () => {
  const mrpc = write('mrpc/MRPC/msr_paraphrase_train.txt', '\ufeffQuality\t#1 ID\t#2 ID\t#1 String\t#2 String\r\n1\t1\t2\tA.\tB.\r\nonly one column\r\n');
  write('mrpc/MRPC/msr_paraphrase_test.txt', 'Quality\t#1 ID\t#2 ID\t#1 String\t#2 String\n0\t3\t4\tC.\tD.\n');
  assert.throws(() => loadSentevalTask(path.join(tmp, 'mrpc'), resolveTasks(['MRPC'])[0]),
    fileError(mrpc, 3, /expected 5 tab-separated columns \(label, #1 ID, #2 ID, #1 String, #2 String\), found 1/));
  const csv = write('pairs.csv', 'text,text_pair,label\na,b,1\nc,0\n');
  assert.throws(() => loadDataFile(csv, { name: 'x' }), fileError(csv, 3, /expected 3 fields/));
  const jsonl = write('pairs.jsonl', '{"text":"a","text_pair":"b","label":1}\n{"text":"c","label":0}\n');
  assert.throws(() => loadDataFile(jsonl, { name: 'x' }), fileError(jsonl, 2, /missing "text_pair"/));
});

test('a 2 GB file is refused before it is read (sparse file, no disk used)', () => {
  const big = path.join(tmp, 'huge.csv');
  fs.writeFileSync(big, 'text,label\n');
  fs.truncateSync(big, 2 * 1024 ** 3);
  assert.throws(() => loadDataFile(big, { name: 'x' }), fileError(big, undefined, /file is 2\.00 GiB, over the 500\.0 MiB limit for imports/));
  const kim = path.join(tmp, 'big/SST2/sentence-level-kim');
  fs.mkdirSync(kim, { recursive: true });
  for (const s of ['train', 'dev', 'test']) fs.writeFileSync(path.join(kim, `stsa.binary.${s}`), '1 fine\n');
  fs.truncateSync(path.join(kim, 'stsa.binary.test'), 2 * 1024 ** 3);
  assert.throws(() => loadSentevalTask(path.join(tmp, 'big'), resolveTasks(['SST2-sent'])[0]), /stsa\.binary\.test: file is 2\.00 GiB/);
  // the limit is configurable
  const small = write('small.csv', 'text,label\nabc,1\n');
  assert.throws(() => loadDataFile(small, { name: 'x', maxBytes: 10 }), /over the 10 bytes limit/);
});

test('a SentEval folder without the task files says which are missing', () => {
  assert.throws(() => loadSentevalTask(tmp, resolveTasks(['CR'])[0]),
    (e: unknown) => e instanceof UserError && /lacks the CR files CR\/custrev\.neg, CR\/custrev\.pos/.test(e.message) && /data download/.test(e.message));
});
