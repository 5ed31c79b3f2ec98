// SQLite under contention: a 300,000-row `dml-lens data import` (one long write transaction)
// while a worker trains on the same database. WAL lets readers go on; the busy timeout and
// retries make the worker's heartbeats and fenced writes wait for the import instead of failing:
// both finish.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { jobsFixture, queueShortSweep, startWorker, until } from './fixture';

const CLI = path.resolve(import.meta.dirname, '..', '..', 'scripts', 'dml-lens.mjs');
const ROWS = 300_000;

function writeBigFile(file: string): void {
  const words = ['good', 'bad', 'film', 'plot', 'actor', 'scene', 'boring', 'great', 'music', 'story'];
  const out = fs.openSync(file, 'w');
  let buf = 'text\tlabel\n';
  for (let i = 0; i < ROWS; i++) {
    buf += `${words[i % 10]} ${words[(i * 7) % 10]} ${words[(i * 3) % 10]} number ${i}\t${i % 2}\n`;
    if (buf.length > 1 << 20) {
      fs.writeSync(out, buf);
      buf = '';
    }
  }
  fs.writeSync(out, buf);
  fs.closeSync(out);
}

test(`a ${ROWS.toLocaleString('en-US')}-row import while a worker trains: both finish`, async () => {
  const f = await jobsFixture();
  try {
    const file = path.join(f.t.dir, 'big.tsv');
    writeBigFile(file);
    const q = await queueShortSweep(f, ['ce'], 2, { epochs: 40 });
    const runIds = (await f.t.db.run.findMany({ where: { experimentId: q.experimentIds[0] }, select: { id: true } })).map((r) => r.id);
    const w = startWorker(f.env, ['--lease-seconds', '120', '--poll-seconds', '0.2', '--once']);
    await until(async () => (await f.t.db.metric.count({ where: { runId: { in: runIds } } })) > 0, 120_000, 'the worker to train');
    const t0 = Date.now();
    const imp = spawn(process.execPath, [CLI, 'data', 'import', '--file', file, '--name', 'BIG'], {
      env: f.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    imp.stdout.on('data', (b: Buffer) => {
      out += b.toString();
    });
    imp.stderr.on('data', (b: Buffer) => {
      out += b.toString();
    });
    const [importCode, workerEnd] = await Promise.all([new Promise<number | null>((r) => imp.once('exit', r)), w.exited]);
    assert.equal(importCode, 0, out);
    assert.equal(workerEnd.code, 0, w.output());
    const runs = await f.t.db.run.findMany({ where: { id: { in: runIds } } });
    assert.deepEqual(
      runs.map((r) => `${r.id}:${r.status}:${r.error ?? ''}`),
      runIds.map((id) => `${id}:done:`),
    );
    assert.equal(await f.t.db.example.count({ where: { dataset: { name: 'BIG' } } }), ROWS);
    assert.equal(await f.t.db.job.count({ where: { runId: { in: runIds }, attempts: { gt: 1 } } }), 0, 'no lease was lost');
    console.log(
      `contention: import of ${ROWS} rows and 2 training runs finished (import ${((Date.now() - t0) / 1000).toFixed(1)} s after it started; runs done: ${runs.length})`,
    );
  } finally {
    await f.cleanup();
  }
});
