// The README's "real runs" tour: serves the built dashboard on an existing lab (a DML_LENS_HOME that a
// real `npm run demo` or sweep filled) and saves each page, as a newcomer first sees it, into
// docs/screenshots/real-*.png. Nothing is written to the lab.
//   npx tsx scripts/docs-screenshots.ts --home <DML_LENS_HOME> --sweep <id> --run-a <id> --run-b <id>
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ensureBuilt, startApp } from '../e2e/helpers/app';
import { chromiumMissing, launchBrowser } from '../e2e/helpers/browser';

const ROOT = path.resolve(import.meta.dirname, '..');
const OUT = path.join(ROOT, 'docs', 'screenshots');

interface Shot {
  name: string;
  path: string;
  /** Scroll this selector into view before the shot (the page's top otherwise). */
  scrollTo?: string;
  /** Type this into the what-if box and wait for its prediction. */
  whatIf?: string;
}

function shots(sweep: number, runA: number, runB: number): Shot[] {
  return [
    { name: 'real-overview', path: '/' },
    { name: 'real-compare', path: `/compare?sweep=${sweep}` },
    { name: 'real-sentences', path: `/sentences?runA=${runA}&runB=${runB}` },
    { name: 'real-run-detail', path: `/runs/${runB}` },
    {
      name: 'real-what-if',
      path: `/runs/${runB}`,
      scrollTo: '[data-testid="what-if"]',
      whatIf: 'a moving, honest portrait of a family that never quite works',
    },
    { name: 'real-embeddings', path: `/embeddings?runA=${runA}&runB=${runB}` },
    { name: 'real-embeddings-density', path: `/embeddings?runA=${runA}&runB=${runB}&style=density` },
    { name: 'real-new-run', path: '/runs/new' },
  ];
}

function positiveInt(flag: string, value: string | undefined): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`--${flag} must be a positive integer (got ${value ?? 'nothing'})`);
  return n;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { home: { type: 'string' }, sweep: { type: 'string' }, 'run-a': { type: 'string' }, 'run-b': { type: 'string' } },
  });
  const home = path.resolve(values.home ?? '');
  if (!values.home || !fs.existsSync(path.join(home, 'dml-lens.db'))) {
    throw new Error(`--home must name a DML_LENS_HOME holding dml-lens.db (got ${values.home ?? 'nothing'}); run \`npm run demo\` first`);
  }
  const missing = chromiumMissing();
  if (missing) throw new Error(missing);
  const [sweep, runA, runB] = [
    positiveInt('sweep', values.sweep),
    positiveInt('run-a', values['run-a']),
    positiveInt('run-b', values['run-b']),
  ];
  ensureBuilt();
  const app = await startApp({ DATABASE_URL: `file:${path.join(home, 'dml-lens.db')}`, DML_LENS_HOME: home });
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
    fs.mkdirSync(OUT, { recursive: true });
    for (const shot of shots(sweep, runA, runB)) {
      const res = await page.goto(app.url + shot.path, { waitUntil: 'networkidle' });
      if (!res || res.status() >= 400) throw new Error(`${shot.path} answered ${res?.status()}`);
      if (shot.scrollTo) await page.locator(shot.scrollTo).first().scrollIntoViewIfNeeded();
      if (shot.whatIf) {
        await page.getByLabel('Sentence to try').fill(shot.whatIf);
        await page.locator('[data-testid="what-if-prediction"]').waitFor({ timeout: 30_000 });
      }
      const file = path.join(OUT, `${shot.name}.png`);
      await page.screenshot({ path: file, fullPage: false });
      console.log(`${shot.path} -> ${path.relative(ROOT, file)}`);
    }
  } finally {
    await browser.close();
    await app.stop();
  }
}

main().catch((e: Error) => {
  console.error(`docs-screenshots: ${e.message}`);
  process.exit(1);
});
