// `dml-lens export --sweep`: the paper bundle on the seeded fixture. Files exist with valid
// headers, and the LaTeX table's numbers equal the database's (recomputed from the predictions).
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { attributionRecords } from '../../lib/export/attributions-jsonl';
import { writePaperBundle } from '../../lib/export/paper-bundle';
import { seededFixture, type ViewsFixture } from '../store/views-fixture';
import { assertWellFormedSvg } from './svg-check';

describe('paper bundle', () => {
  let f: ViewsFixture;
  let out: string;
  let files: string[];
  before(async () => {
    f = await seededFixture();
    out = path.join(f.dir, 'bundle');
    files = (await writePaperBundle(f.db, { sweepId: f.seed.sweepId, out, sampleSize: 10 })).files;
  });
  after(async () => {
    f.restoreHome();
    await f.cleanup();
  });

  it('writes tables, the paper figures in three formats and numbers.json', () => {
    for (const name of [
      'results.tex',
      'results.csv',
      'results-n10.tex',
      'results-n40.csv',
      'numbers.json',
      'accuracy-vs-sample-size-mr-fixture.svg',
      'accuracy-per-dataset-n-10.pdf',
      'accuracy-vs-distance-to-centroid-mr-fixture.png',
      'accuracy-vs-sentence-length-trec-fixture.svg',
      'umap-ce-vs-soft-triple-mr-fixture.svg',
      'token-attributions-mr-fixture.svg',
    ]) {
      assert.ok(files.includes(name) && fs.existsSync(path.join(out, name)), name);
    }
    for (const name of files) {
      const buf = fs.readFileSync(path.join(out, name));
      if (name.endsWith('.svg')) assertWellFormedSvg(buf.toString('utf8'));
      if (name.endsWith('.pdf')) assert.equal(buf.subarray(0, 5).toString('latin1'), '%PDF-', name);
      if (name.endsWith('.png')) assert.equal(buf.subarray(0, 4).toString('latin1'), '\x89PNG', name);
    }
    const svg = fs.readFileSync(path.join(out, 'accuracy-vs-sample-size-mr-fixture.svg'), 'utf8');
    assert.match(svg, /<g class="legend">.*>ce<\/text>.*>proxy-anchor<\/text>.*>soft-triple<\/text>/s);
    const numbers = JSON.parse(fs.readFileSync(path.join(out, 'numbers.json'), 'utf8')) as {
      std: string;
      tables: Record<string, { rows: unknown[] }>;
      files: string[];
    };
    assert.equal(numbers.std, 'population (ddof=0)');
    assert.equal(numbers.tables['results-n20'].rows.length, 2);
    assert.deepEqual(numbers.files.sort(), files.sort());
  });

  it("LaTeX numbers equal the database's mean ± std per data set and loss", async () => {
    for (const [file, size] of [
      ['results.tex', 10],
      ['results-n20.tex', 20],
      ['results-n40.tex', 40],
    ] as const) {
      const tex = fs.readFileSync(path.join(out, file), 'utf8');
      assert.match(tex, /\\toprule[\s\S]*\\midrule[\s\S]*\\bottomrule/);
      for (const dataset of ['MR (fixture)', 'TREC (fixture)']) {
        const line = tex.split('\n').find((l) => l.trim().startsWith(dataset))!;
        const cells = [...line.matchAll(/\$(\d+\.\d) \\pm (\d+\.\d)\$/g)].map((m) => `${m[1]} ± ${m[2]}`);
        const expected: string[] = [];
        for (const loss of ['ce', 'proxy-anchor', 'soft-triple']) {
          const runs = await f.db.run.findMany({ where: { loss, sampleSize: size, dataset: { name: dataset } }, select: { id: true } });
          const accs = await Promise.all(
            runs.map(
              async (r) =>
                (await f.db.prediction.count({ where: { runId: r.id, correct: true } })) /
                (await f.db.prediction.count({ where: { runId: r.id } })),
            ),
          );
          const mean = accs.reduce((a, b) => a + b, 0) / accs.length;
          const std = Math.sqrt(accs.reduce((a, b) => a + (b - mean) ** 2, 0) / accs.length);
          expected.push(`${(mean * 100).toFixed(1)} ± ${(std * 100).toFixed(1)}`);
        }
        assert.deepEqual(cells, expected, `${file} ${dataset}`);
      }
    }
    const csv = fs.readFileSync(path.join(out, 'results.csv'), 'utf8').trim().split('\r\n');
    assert.equal(csv[0], 'dataset,loss,sample_size,accuracy_mean,accuracy_std,n,diff_vs_ce,p_value,best');
    assert.equal(csv.length, 1 + 2 * 3);
  });

  it('attribution figures for every data set of the sweep, not only the first', async () => {
    const trecRuns = await f.db.run.findMany({
      where: { dataset: { name: 'TREC (fixture)' }, sampleSize: 10, experiment: { sweepId: f.seed.sweepId } },
      select: { id: true },
    });
    assert.ok(trecRuns.length >= 2);
    const shared = await f.db.prediction.findFirstOrThrow({ where: { runId: trecRuns[0].id }, select: { exampleId: true } });
    const template = await f.db.attribution.findFirstOrThrow({ where: { method: 'ig' } });
    const { id: _id, createdAt: _c, ...row } = template;
    for (const r of trecRuns)
      await f.db.attribution.create({ data: { ...row, runId: r.id, exampleId: shared.exampleId, optionsHash: 'every-dataset-test' } });
    try {
      const again = path.join(f.dir, 'bundle-all-datasets');
      const written = (await writePaperBundle(f.db, { sweepId: f.seed.sweepId, out: again, sampleSize: 10 })).files;
      assert.ok(written.includes('token-attributions-mr-fixture.svg'));
      assert.ok(written.includes('token-attributions-trec-fixture.svg'), written.filter((n) => n.startsWith('token')).join(', '));
    } finally {
      await f.db.attribution.deleteMany({ where: { optionsHash: 'every-dataset-test' } });
    }
  });

  it('bulk attribution export: one JSON line per stored attribution with its sentence and delta', async () => {
    const runId = f.seed.pair.ceRunId;
    const records = [];
    for await (const r of attributionRecords(f.db, runId)) records.push(r);
    assert.equal(records.length, await f.db.attribution.count({ where: { runId } }));
    const ig = records.find((r) => r.method === 'ig')!;
    assert.equal(typeof ig.text, 'string');
    assert.equal(ig.tokens.length, ig.scores.length);
    assert.equal(typeof ig.delta, 'number');
    assert.ok(records.some((r) => r.deltaFlagged));
    const onlyIg = [];
    for await (const r of attributionRecords(f.db, runId, ['ig'])) onlyIg.push(r);
    assert.ok(onlyIg.every((r) => r.method === 'ig') && onlyIg.length === records.length / 3);
  });

  it('the CLI writes the bundle and rejects bad flags with a usage message', async () => {
    const cli = path.resolve('scripts', 'dml-lens.mjs');
    const env = { ...process.env, DATABASE_URL: f.url, DML_LENS_HOME: f.dir };
    const dir = path.join(f.dir, 'cli-bundle');
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [cli, 'export', '--sweep', String(f.seed.sweepId), '--out', dir, '--formats', 'svg'],
      { env },
    );
    assert.match(stdout, /wrote \d+ files/);
    assert.ok(fs.readdirSync(dir).every((n) => /\.(svg|tex|csv|json)$/.test(n)));
    assertWellFormedSvg(fs.readFileSync(path.join(dir, 'accuracy-vs-sample-size-trec-fixture.svg'), 'utf8'));
    await assert.rejects(
      promisify(execFile)(process.execPath, [cli, 'export', '--sweep', '1', '--out', dir, '--formats', 'gif'], { env }),
      /unknown format\(s\) gif/,
    );
    const jsonl = path.join(f.dir, 'attr.jsonl');
    await promisify(execFile)(process.execPath, [cli, 'export', 'attributions', '--run', String(f.seed.pair.dmlRunId), '--out', jsonl], {
      env,
    });
    const lines = fs.readFileSync(jsonl, 'utf8').trim().split('\n');
    assert.equal(lines.length, await f.db.attribution.count({ where: { runId: f.seed.pair.dmlRunId } }));
    assert.equal((JSON.parse(lines[0]) as { runId: number }).runId, f.seed.pair.dmlRunId);
  });
});
