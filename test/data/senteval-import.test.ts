// Each SentEval task parses to the official counts and labels, with encodings decoded right.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { countLabels } from '../../lib/data/label-counts';
import { loadSentevalTask } from '../../lib/data/senteval/load-task';
import { resolveTasks, SENTEVAL_TASKS } from '../../lib/data/senteval/tasks';
import type { ParsedDataset } from '../../lib/data/types';
import { UserError } from '../../lib/errors';
import { sharedSentevalDir } from '../helpers/db';

const dir = sharedSentevalDir();
const skip = dir ? false : 'no ../shared/data/senteval';
const task = (name: string) => resolveTasks([name])[0];
const load = (name: string, opts = {}) => loadSentevalTask(dir!, task(name), opts);
const find = (ds: ParsedDataset, part: string) => ds.examples.find((e) => e.text.includes(part));

test('every task has the official counts per split and label (SOURCES.md)', { skip }, () => {
  const expected: Record<string, Record<string, number[]>> = {
    MR: { train: [5331, 5331] },
    CR: { train: [1368, 2407] },
    SUBJ: { train: [5000, 5000] },
    MPQA: { train: [7294, 3312] },
    SST2: { train: [29780, 37569], dev: [428, 444], test: [912, 909] },
    'SST2-sent': { train: [3310, 3610], dev: [428, 444], test: [912, 909] },
    SST5: { train: [1092, 2218, 1624, 2322, 1288], dev: [139, 289, 229, 279, 165], test: [279, 633, 389, 510, 399] },
    TREC: { train: [86, 1162, 1250, 1223, 835, 896], test: [9, 138, 94, 65, 81, 113] },
    MRPC: { train: [1323, 2753], test: [578, 1147] },
  };
  assert.deepEqual(SENTEVAL_TASKS.map((t) => t.name).sort(), Object.keys(expected).sort());
  for (const t of SENTEVAL_TASKS) {
    const ds = loadSentevalTask(dir!, t);
    assert.deepEqual(countLabels(ds.examples, t.labelNames.length), expected[t.name], t.name);
    assert.deepEqual(ds.warnings, [], t.name);
    assert.equal(ds.checksum.length, 64);
  }
});

test('label names and order follow the authors (neg=0, pos=1; objective=0; TREC fixed order)', () => {
  assert.deepEqual(task('MR').labelNames, ['neg', 'pos']);
  assert.deepEqual(task('SUBJ').labelNames, ['objective', 'subjective']);
  assert.deepEqual(task('TREC').labelNames, ['ABBR', 'DESC', 'ENTY', 'HUM', 'LOC', 'NUM']);
  assert.deepEqual(task('sst-2').name, 'SST2');
  assert.throws(() => resolveTasks(['MR', 'IMDB']), (e: unknown) => e instanceof UserError && /unknown SentEval task "IMDB"/.test(e.message));
});

test('MR: neg file first with label 0, then pos; cat -v notation decoded to cp1252 characters', { skip }, () => {
  const ds = load('MR');
  assert.equal(ds.examples[0].label, 0);
  assert.equal(ds.examples[5331].label, 1);
  assert.equal(ds.examples[5331].sourceLine, 1);
  assert.ok(ds.examples[5331].text.startsWith("the rock is destined to be the 21st century 's new `` conan ``"));
  const ellipsis = ds.examples.filter((e) => e.text.includes('\u2026'));
  assert.ok(ellipsis.length > 10, 'M-^E decoded to an ellipsis');
  assert.ok(!ds.examples.some((e) => e.text.includes('M-')));
  const kept = load('MR', { keepCatV: true });
  assert.ok(kept.examples.some((e) => e.text.includes('M-^E')));
  assert.notEqual(kept.checksum, ds.checksum);
});

test('--raw: cp1252 originals decoded right (é, curly quotes, dashes), imported as MR-raw', { skip }, () => {
  const ds = load('MR', { raw: true });
  assert.equal(ds.name, 'MR-raw');
  assert.equal(ds.examples.length, 10662);
  const e = find(ds, 'clich\u00e9');
  assert.ok(e, 'a sentence with é');
  assert.ok(ds.examples.some((x) => x.text.includes('\u2014')), 'em dash from 0x97');
  assert.ok(ds.examples.some((x) => x.text.includes('\u2026')), 'ellipsis from 0x85');
  assert.ok(!ds.examples.some((x) => /[\u0080-\u009f]/.test(x.text)), 'no C1 controls (latin-1 misdecoding)');
  const subj = load('SUBJ', { raw: true });
  assert.ok(subj.examples.some((x) => x.text.includes('\u00bfqu\u00e9')), '¿qué in SUBJ');
  assert.equal(load('SST2', { raw: true }).name, 'SST2'); // no originals: SentEval's files
});

test('CR and MPQA keep their blank lines as examples (the official counts include them)', { skip }, () => {
  const cr = load('CR');
  assert.equal(cr.examples.filter((e) => e.text === '').length, 4);
  assert.equal(load('MPQA').examples.filter((e) => e.text === '').length, 3);
});

test('SST-2 (both versions) and SST-5: UTF-8 text, label per line', { skip }, () => {
  const sst2 = load('SST2');
  assert.equal(sst2.examples[0].text, 'hide new secretions from the parental units');
  assert.equal(sst2.examples[0].label, 0);
  assert.ok(find(sst2, 'a r\u00e9sum\u00e9 loaded with credits'));
  const kim = load('SST2-sent');
  assert.equal(kim.examples[0].text, 'a stirring , funny and finally transporting re-imagining of beauty and the beast and 1930s horror films');
  assert.equal(kim.examples[0].label, 1);
  const sst5 = load('SST5');
  assert.equal(sst5.examples[0].label, 4);
  assert.ok(find(sst5, 'b\u00e9art and berling are both superb'));
  assert.deepEqual(sst5.labelNames, ['very negative', 'negative', 'neutral', 'positive', 'very positive']);
});

test('TREC: coarse label, fine label kept, latin-1 byte 0xF0 decoded as ð, apostrophes gone', { skip }, () => {
  const ds = load('TREC');
  assert.deepEqual(ds.examples[0], {
    split: 'train', text: 'How did serfdom develop in and then leave Russia ?', label: 1, fineLabel: 'DESC:manner', sourceLine: 1,
  });
  assert.ok(find(ds, 'sister\u00f0city'));
  assert.equal(new Set(ds.examples.filter((e) => e.split === 'train').map((e) => e.fineLabel)).size, 50);
  assert.equal(ds.examples.filter((e) => e.split === 'test').length, 500);
  assert.ok(find(ds, 'celebrities  real names'), 'SentEval deleted the apostrophe; inner spaces are kept');
  assert.ok(find(load('TREC', { raw: true }), "celebrities ' real names"));
});

test('MRPC: BOM and CRLF handled, header dropped, pairs in textPair, non-ASCII decoded', { skip }, () => {
  const ds = load('MRPC');
  assert.equal(ds.hasPairs, true);
  const first = ds.examples[0];
  assert.equal(first.sourceLine, 2);
  assert.equal(first.label, 1);
  assert.equal(first.text, 'Amrozi accused his brother, whom he called "the witness", of deliberately distorting his evidence.');
  assert.ok(first.textPair?.startsWith('Referring to him as only "the witness"'));
  assert.ok(!ds.examples.some((e) => e.text.includes('\r') || e.textPair?.includes('\r') || e.text.includes('\ufeff')));
  assert.ok(find(ds, 'the president\u2019s appearance'));
});
