// Dashboard server response times at scale: seeds 2,000 runs with 200,000 predictions (the fixture
// of scripts/seed-dashboard.ts) into a temporary database, starts the built app (`next start`,
// building it first when the sources changed) and times each page's full server response, several
// times after a warm-up. Target: p95 under 300 ms per page on this machine.
//   npm run bench -- --only dashboard
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { closeDb, getDb } from '../lib/db/client';
import { BENCH_SEED, seedDashboard } from '../scripts/seed-dashboard';
import { migrate } from '../scripts/setup';
import { ensureBuilt, startApp } from '../e2e/helpers/app';

const TARGET_P95_MS = 300;
const WARMUP = 3;
const SAMPLES = 30;

function percentile(sorted: number[], p: number): number {
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}

async function timeOnce(url: string): Promise<{ ms: number; status: number; bytes: number }> {
  const t0 = performance.now();
  const res = await fetch(url);
  const body = await res.arrayBuffer(); // the whole response, streamed parts included
  return { ms: performance.now() - t0, status: res.status, bytes: body.byteLength };
}

export async function run(opts: { peer?: boolean } = {}): Promise<void> {
  if (opts.peer) console.log('(no peer for the dashboard bench: the figures are absolute response times)');
  const built = ensureBuilt();
  if (built) console.log(`next build: ${built.toFixed(0)} s`);
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'dml-lens-bench-'));
  const file = path.join(home, 'bench.db');
  const url = `file:${file}`;
  await migrate(url);
  const db = getDb(url);
  const t0 = performance.now();
  const seed = await seedDashboard(db, { ...BENCH_SEED, dataHome: home, bulkFile: file });
  const [runs, predictions] = [await db.run.count(), await db.prediction.count()];
  console.log(
    `seeded ${runs} runs, ${predictions} predictions, ${await db.metric.count()} metric rows in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );
  await closeDb(url);
  const app = await startApp({ DATABASE_URL: url, DML_LENS_HOME: home });
  const { ceRunId, dmlRunId } = seed.pair;
  const pages: [string, string][] = [
    ['Overview', '/'],
    ['Runs (page 1)', '/runs'],
    ['Runs (filtered, sorted by dataset, page 3)', '/runs?loss=soft-triple&sort=dataset&dir=asc&size=25&page=3'],
    ['Runs (page 80 of 80)', '/runs?page=80'],
    ['Runs: experiments (100 per page)', '/runs?view=experiments&size=100'],
    ['Run detail (+3 overlaid deciles)', `/runs/${ceRunId}`],
    ['Compare (sweep, 2,000 runs)', `/compare?sweep=${seed.sweepId}`],
    ['Compare (Wilcoxon, n=80)', `/compare?sweep=${seed.sweepId}&sampleSize=80&test=wilcoxon`],
    ['Sentences (A vs B)', `/sentences?runA=${ceRunId}&runB=${dmlRunId}`],
    ['Sentences (wrong in A, right in B)', `/sentences?runA=${ceRunId}&runB=${dmlRunId}&filter=wrong-a-right-b`],
    ['Embeddings (two panels)', `/embeddings?runA=${ceRunId}&runB=${dmlRunId}`],
    ['New run form', '/runs/new'],
    ['Progress stream (finished run)', `/api/runs/${ceRunId}/progress`],
    ['Attributions JSONL', `/api/runs/${ceRunId}/attributions`],
  ];
  const rows: { name: string; p50: number; p95: number; max: number; kb: number }[] = [];
  try {
    for (const [name, p] of pages) {
      for (let i = 0; i < WARMUP; i++) {
        const w = await timeOnce(app.url + p);
        if (w.status >= 400) throw new Error(`${p} answered ${w.status}`);
      }
      const times: number[] = [];
      let bytes = 0;
      for (let i = 0; i < SAMPLES; i++) {
        const r = await timeOnce(app.url + p);
        times.push(r.ms);
        bytes = r.bytes;
      }
      times.sort((a, b) => a - b);
      rows.push({ name, p50: percentile(times, 50), p95: percentile(times, 95), max: times[times.length - 1], kb: bytes / 1024 });
    }
  } finally {
    await app.stop();
    fs.rmSync(home, { recursive: true, force: true });
  }
  const width = Math.max(...rows.map((r) => r.name.length));
  console.log(
    `\n${'page'.padEnd(width)}  p50 ms  p95 ms  max ms   size KB  (${SAMPLES} requests each after ${WARMUP} warm-up, sequential)`,
  );
  for (const r of rows) {
    const flag = r.p95 > TARGET_P95_MS ? '  > target' : '';
    console.log(
      `${r.name.padEnd(width)}  ${r.p50.toFixed(0).padStart(6)}  ${r.p95.toFixed(0).padStart(6)}  ${r.max.toFixed(0).padStart(6)}  ${r.kb.toFixed(0).padStart(8)}${flag}`,
    );
  }
  const worst = rows.reduce((a, b) => (b.p95 > a.p95 ? b : a));
  console.log(
    `\nworst p95: ${worst.p95.toFixed(0)} ms (${worst.name}); target ${TARGET_P95_MS} ms: ${worst.p95 <= TARGET_P95_MS ? 'met' : 'MISSED'}`,
  );
}
