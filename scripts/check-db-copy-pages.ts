// Check: `db copy` of a seeded SQLite lab to PostgreSQL shows the same numbers on every page.
// Seeds a fixture lab (scripts/seed-dashboard.ts) into a temp home, copies it with copyDatabase to a
// new PostgreSQL database (DML_TEST_PG_URL's server), starts the built dashboard on each database
// in turn and compares each page's visible text lines that hold digits (relative times aside).
//   npx tsx scripts/check-db-copy-pages.ts        (builds the app first when its sources changed)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { closeDb, getDb } from '../lib/db/client';
import { migrateDatabase } from '../lib/db/migrate';
import { copyDatabase } from '../lib/store/db-copy/copy-database';
import { ensureBuilt, startApp } from '../e2e/helpers/app';
import { createPostgresDatabase } from '../test/helpers/db';
import { seedDashboard } from './seed-dashboard';

const PAGES = ['/', '/runs', '/compare', '/embeddings', '/sentences'];

function numbersOf(html: string): string[] {
  const visible = html.replace(/<script[\s\S]*?<\/script>/g, '').replace(/<style[\s\S]*?<\/style>/g, '');
  return visible
    .split(/<[^>]+>/)
    .map((s) => s.trim())
    .filter((s) => /\d/.test(s) && !/ago\b|Loading/.test(s))
    .sort();
}

async function pageTexts(url: string, home: string, pages: string[]): Promise<Map<string, string[]>> {
  const app = await startApp({ DATABASE_URL: url, DML_LENS_HOME: home });
  try {
    const out = new Map<string, string[]>();
    for (const p of pages) {
      const res = await fetch(app.url + p);
      if (res.status !== 200) throw new Error(`${p}: HTTP ${res.status}\n${app.log().slice(-3000)}`);
      out.set(p, numbersOf(await res.text()));
    }
    return out;
  } finally {
    await app.stop();
  }
}

async function main(): Promise<number> {
  ensureBuilt();
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'dml-lens-copy-pages-'));
  const sqlite = `file:${path.join(home, 'dml-lens.db')}`;
  process.env.DML_LENS_HOME = home;
  const pg = await createPostgresDatabase('dml_copy_pages');
  try {
    await migrateDatabase(sqlite);
    const seed = await seedDashboard(getDb(sqlite), { dataHome: home });
    await closeDb(sqlite);
    const report = await copyDatabase({ sourceUrl: sqlite, targetUrl: pg.url });
    console.log(`copied ${report.tables.reduce((s, t) => s + t.source, 0)} rows and ${report.artifacts.files} run files`);
    const pages = [...PAGES, `/runs/${seed.pair.dmlRunId}`, `/runs/${seed.pair.ceRunId}`];
    const [a, b] = [await pageTexts(sqlite, home, pages), await pageTexts(pg.url, home, pages)];
    let bad = 0;
    for (const p of pages) {
      const [x, y] = [a.get(p)!, b.get(p)!];
      const same = x.length === y.length && x.every((v, i) => v === y[i]);
      if (!same) bad++;
      console.log(
        `${p.padEnd(12)} ${String(x.length).padStart(4)} lines with numbers: ${
          same
            ? 'same on SQLite and PostgreSQL'
            : `DIFFERENT (SQLite only: ${x
                .filter((v) => !y.includes(v))
                .slice(0, 3)
                .join(' | ')}; PostgreSQL only: ${y
                .filter((v) => !x.includes(v))
                .slice(0, 3)
                .join(' | ')})`
        }`,
      );
    }
    return bad ? 1 : 0;
  } finally {
    await closeDb();
    await pg.drop();
    fs.rmSync(home, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
