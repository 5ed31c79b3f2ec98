// Dashboard server response times at scale, on SQLite and PostgreSQL: seeds 2,000 runs with 200,000
// predictions (the fixture of scripts/seed-dashboard.ts) into a fresh database of each kind (a temp
// file; a new database on DML_TEST_PG_URL's server, dropped at the end), starts the built app
// (`next start`, building it first when the sources changed) on it and times each page's full
// server response, several times after a warm-up. Target: p95 under 300 ms per page on both.
//   npm run bench -- --only dashboard [--db sqlite|postgresql|both]
//   (default: both when a PostgreSQL server answers at DML_TEST_PG_URL or 127.0.0.1:5432, else SQLite)
import { ensureBuilt, startApp } from '../e2e/helpers/app';
import { SAMPLES, WARMUP, benchPages, timePages, type PageTime } from './dashboard-lab/page-times';
import { postgresUnavailable, seededLab, type LabKind } from './dashboard-lab/seeded-lab';

const TARGET_P95_MS = 300;
const LABEL: Record<LabKind, string> = { sqlite: 'SQLite', postgresql: 'PostgreSQL' };

/** The databases to bench from `--db` (default both when PostgreSQL answers). */
async function chosenKinds(argv: string[]): Promise<LabKind[]> {
  const i = argv.indexOf('--db');
  const value = i >= 0 ? argv[i + 1] : 'auto';
  if (value === 'sqlite' || value === 'postgresql') return [value];
  if (value !== 'both' && value !== 'auto') throw new Error(`--db ${value ?? ''}: expected sqlite, postgresql or both`);
  const why = await postgresUnavailable();
  if (!why) return ['sqlite', 'postgresql'];
  if (value === 'both') throw new Error(`--db both: PostgreSQL unavailable: ${why}`);
  console.log(`SQLite only: PostgreSQL unavailable: ${why}`);
  return ['sqlite'];
}

async function benchOn(kind: LabKind): Promise<PageTime[]> {
  const lab = await seededLab(kind);
  try {
    console.log(`${LABEL[kind]}: ${lab.summary}`);
    const app = await startApp({ DATABASE_URL: lab.url, DML_LENS_HOME: lab.home });
    try {
      return await timePages(app.url, benchPages(lab.seed));
    } finally {
      await app.stop();
    }
  } finally {
    await lab.cleanup();
  }
}

function printTable(kinds: LabKind[], results: PageTime[][]): void {
  const names = results[0].map((r) => r.name);
  const width = Math.max(4, ...names.map((n) => n.length));
  const cell = (v: number) => v.toFixed(0).padStart(6);
  const heads = kinds.map((k) => `${LABEL[k]} p50/p95/max ms`.padStart(24));
  console.log(`\n${'page'.padEnd(width)}  ${heads.join('  ')}   size KB  (${SAMPLES} requests each after ${WARMUP} warm-up, sequential)`);
  names.forEach((name, i) => {
    const cols = results.map((rows) => `${cell(rows[i].p50)}  ${cell(rows[i].p95)}  ${cell(rows[i].max)}`.padStart(24));
    const missed = kinds.filter((_, k) => results[k][i].p95 > TARGET_P95_MS).map((k) => LABEL[k]);
    const flag = missed.length ? `  > target on ${missed.join(', ')}` : '';
    console.log(`${name.padEnd(width)}  ${cols.join('  ')}  ${results[0][i].kb.toFixed(0).padStart(8)}${flag}`);
  });
  kinds.forEach((kind, k) => {
    const worst = results[k].reduce((a, b) => (b.p95 > a.p95 ? b : a));
    const verdict = worst.p95 <= TARGET_P95_MS ? 'met' : 'MISSED';
    console.log(`${LABEL[kind]}: worst p95 ${worst.p95.toFixed(0)} ms (${worst.name}); target ${TARGET_P95_MS} ms: ${verdict}`);
  });
}

export async function run(opts: { peer?: boolean } = {}): Promise<void> {
  if (opts.peer) console.log('(no peer for the dashboard bench: the figures are absolute response times)');
  const kinds = await chosenKinds(process.argv);
  const built = ensureBuilt();
  if (built) console.log(`next build: ${built.toFixed(0)} s`);
  const results: PageTime[][] = [];
  for (const kind of kinds) results.push(await benchOn(kind));
  printTable(kinds, results);
}
