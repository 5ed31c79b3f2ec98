// `db copy`: a seeded SQLite lab copied to PostgreSQL (another SQLite file when no server is
// available and CI is not set): every table with the same counts, run files in the target artifact
// store under the target's identity and readable through the copied rows; a second copy is refused
// unless --merge, which then adds nothing; a bad target URL is one line and creates nothing.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { getDb } from '../../lib/db/client';
import { connectPostgres } from '../../lib/db/pg-connect';
import { databaseIdentity } from '../../lib/store/artifacts/identity';
import { readRunArray } from '../../lib/store/artifacts/run-artifacts';
import { copyDatabase } from '../../lib/store/db-copy/copy-database';
import { readRunProxies } from '../../lib/store/runs';
import { createPostgresDatabase, testPostgresUrl } from '../helpers/db';
import { seededFixture } from './views-fixture';

async function targetDatabase(dir: string): Promise<{ url: string; drop(): Promise<void> }> {
  try {
    void (await connectPostgres(testPostgresUrl())).end();
  } catch (err) {
    if (process.env.CI === 'true') throw err;
    console.log(`# db copy test: no PostgreSQL (${(err as Error).message}); copying to a second SQLite file instead`);
    return { url: `file:${path.join(dir, 'target.db')}`, drop: async () => {} };
  }
  const pg = await createPostgresDatabase('dml_copy');
  return { url: pg.url, drop: () => pg.drop() };
}

test('db copy: every table, counts verified, run files readable from the target; idempotent with --merge', async () => {
  const f = await seededFixture({
    datasets: 1,
    losses: ['ce', 'soft-triple'],
    sampleSizes: [10],
    folds: 2,
    evalExamples: 20,
    curveSteps: 5,
    attributedExamples: 2,
  });
  const target = await targetDatabase(f.dir);
  try {
    const lines: string[] = [];
    const report = await copyDatabase({
      sourceUrl: f.url,
      targetUrl: target.url,
      log: (l) => lines.push(l),
      targetArtifacts: path.join(f.dir, 'shared-artifacts'),
    });
    const t = getDb(target.url);
    for (const model of [
      'dataset',
      'example',
      'run',
      'metric',
      'prediction',
      'artifact',
      'attribution',
      'projection',
      'job',
      'worker',
    ] as const) {
      const [a, b] = [
        await (f.db[model] as { count(): Promise<number> }).count(),
        await (t[model] as { count(): Promise<number> }).count(),
      ];
      assert.equal(b, a, `${model}: ${b} in the target, ${a} in the source`);
      assert.ok(a > 0, `the fixture has ${model} rows`);
    }
    assert.ok(report.artifacts.files > 0);
    assert.ok(
      lines.some((l) => /^Prediction\s+\d+ rows: \d+ copied, 0 already there$/.test(l)),
      lines.join('\n'),
    );

    // the copied rows point at the target's files: same arrays, checksums verified
    const targetUuid = await databaseIdentity(t);
    const src = await f.db.artifact.findFirstOrThrow({ where: { kind: 'embeddings' }, orderBy: { id: 'asc' } });
    const dst = await t.artifact.findUniqueOrThrow({ where: { id: src.id } });
    assert.ok(dst.path.startsWith(`${targetUuid}/${src.runId}/`), dst.path);
    const prev = process.env.DML_LENS_ARTIFACTS;
    process.env.DML_LENS_ARTIFACTS = path.join(f.dir, 'shared-artifacts');
    try {
      assert.deepEqual(Array.from((await readRunArray(dst.runId, dst)).data), Array.from((await readRunArray(src.runId, src)).data));
      const proxyRun = (await t.artifact.findFirstOrThrow({ where: { kind: 'proxies' } }).catch(() => null))?.runId;
      if (proxyRun) assert.ok((await readRunProxies(t, proxyRun))?.rowClasses.length);
    } finally {
      if (prev === undefined) delete process.env.DML_LENS_ARTIFACTS;
      else process.env.DML_LENS_ARTIFACTS = prev;
    }

    // a new run in the target gets a fresh id (sequences moved past the copied ids)
    const next = await t.run.create({
      data: { datasetId: src.runId ? (await t.run.findFirstOrThrow()).datasetId : 1, configJson: '{}', loss: 'ce', beta: 1, seed: 1 },
    });
    assert.ok(next.id > Math.max(...(await f.db.run.findMany({ select: { id: true } })).map((r) => r.id)));
    await t.run.delete({ where: { id: next.id } });

    await assert.rejects(
      copyDatabase({ sourceUrl: f.url, targetUrl: target.url, targetArtifacts: path.join(f.dir, 'shared-artifacts') }),
      /^UserError: the target .+ already has rows \(Dataset, .+\): copy into an empty database, or add --merge/,
    );
    const again = await copyDatabase({
      sourceUrl: f.url,
      targetUrl: target.url,
      merge: true,
      targetArtifacts: path.join(f.dir, 'shared-artifacts'),
    });
    assert.deepEqual(
      again.tables.filter((x) => x.inserted > 0).map((x) => x.model),
      [],
      'nothing copied twice',
    );
    assert.equal(again.artifacts.files, 0);
  } finally {
    await target.drop();
    f.restoreHome();
    await f.cleanup();
  }
});

test('db copy to a bad URL: one line, nothing created', async () => {
  const f = await seededFixture({
    datasets: 1,
    losses: ['ce'],
    sampleSizes: [10],
    folds: 1,
    evalExamples: 10,
    curveSteps: 2,
    artifacts: false,
    extras: false,
  });
  try {
    await assert.rejects(
      copyDatabase({ sourceUrl: f.url, targetUrl: 'mongodb://x/y' }),
      /^UserError: DATABASE_URL "mongodb:\/\/x\/y": unknown scheme "mongodb:"/,
    );
    await assert.rejects(
      copyDatabase({ sourceUrl: f.url, targetUrl: 'postgresql://postgres@127.0.0.1:1/x' }),
      /^UserError: cannot reach PostgreSQL at 127\.0\.0\.1:1 \(connection refused\)/,
    );
    await assert.rejects(copyDatabase({ sourceUrl: f.url, targetUrl: f.url }), /the target is the database in use/);
    assert.equal(fs.existsSync(path.join(f.dir, 'runs')) ? fs.readdirSync(path.join(f.dir, 'runs')).length : 0, 0);
  } finally {
    f.restoreHome();
    await f.cleanup();
  }
});
