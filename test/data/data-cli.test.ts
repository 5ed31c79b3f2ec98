// `dml-lens data import` then `data list --json`, through the CLI entry point.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { main } from '../../scripts/cli/main';
import { createTestDb, sharedSentevalDir } from '../helpers/db';

async function cli(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const log = console.log;
  const warn = console.warn;
  const error = console.error;
  console.log = (...a: unknown[]) => void out.push(a.join(' '));
  console.warn = console.error = (...a: unknown[]) => void err.push(a.join(' '));
  try {
    const code = await main(argv);
    return { code, out: out.join('\n'), err: err.join('\n') };
  } finally {
    console.log = log;
    console.warn = warn;
    console.error = error;
  }
}

const dir = sharedSentevalDir();

test('data import --senteval <dir> --tasks, a file import, then data list --json', { skip: dir ? false : 'no ../shared/data/senteval' }, async () => {
  const t = await createTestDb();
  const saved = process.env.DATABASE_URL;
  process.env.DATABASE_URL = t.url;
  try {
    const imp = await cli(['data', 'import', '--senteval', dir!, '--tasks', 'TREC,MRPC']);
    assert.equal(imp.code, 0, imp.err);
    assert.match(imp.out, /TREC\s+imported\s+5952 examples \(train 5452, test 500\)/);
    const again = await cli(['data', 'import', '--senteval', dir!, '--tasks', 'TREC']);
    assert.match(again.out, /TREC\s+already imported, unchanged/);

    const csv = path.join(t.dir, 'mine.csv');
    fs.writeFileSync(csv, 'text,label\nnice,pos\nbad,neg\nmeh,neutral\n');
    const bad = await cli(['data', 'import', '--file', csv, '--name', 'mine', '--labels', 'neg,pos']);
    assert.equal(bad.code, 1);
    assert.match(bad.err, /mine\.csv:4: unknown label "neutral"; expected one of neg, pos/);
    const usage = await cli(['data', 'import', '--file', csv]);
    assert.equal(usage.code, 2);
    assert.match(usage.err, /--file needs --name/);

    const list = await cli(['data', 'list', '--json']);
    assert.equal(list.code, 0, list.err);
    const json = JSON.parse(list.out) as { name: string; splits: { test: { labels: Record<string, number> } } }[];
    assert.deepEqual(json.map((d: { name: string }) => d.name), ['MRPC', 'TREC']);
    assert.deepEqual(json[0], {
      name: 'MRPC', source: 'senteval', task: 'MRPC', numClasses: 2, labelNames: ['not paraphrase', 'paraphrase'], hasPairs: true,
      splits: {
        train: { size: 4076, labels: { 'not paraphrase': 1323, paraphrase: 2753 } },
        test: { size: 1725, labels: { 'not paraphrase': 578, paraphrase: 1147 } },
      },
    });
    assert.deepEqual(json[1].splits.test.labels, { ABBR: 9, DESC: 138, ENTY: 94, HUM: 65, LOC: 81, NUM: 113 });
    const table = await cli(['data', 'list']);
    assert.match(table.out, /TREC\s+senteval\s+train\s+5452\s+ABBR:86 DESC:1162/);
  } finally {
    if (saved === undefined) delete process.env.DATABASE_URL;
    else process.env.DATABASE_URL = saved;
    await t.cleanup();
  }
});
