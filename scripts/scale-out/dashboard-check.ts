// The scale-out check's dashboard part: the built app (one `.next` build, shared with the browser
// tests) started on the sweep's PostgreSQL database and the shared artifact store, with a home of
// its own (a fifth machine). Its Compare page must show every run of the sweep in its loss column
// with the accuracy the database holds, and the per-loss mean ± std; a run page must draw the
// distance deciles, which it reads from the run's embeddings file in the artifact store.
import { ensureBuilt, startApp, type RunningApp } from '../../e2e/helpers/app';
import type { RunOutcome } from '../../lib/store/views/run-outcomes';
import { readComparePage } from './compare-html';

export interface DashboardCheck {
  buildSeconds: number;
  runsShown: number;
  runsPerLoss: Record<string, number>;
}

const pct = (v: number) => (v * 100).toFixed(1);

async function page(app: RunningApp, p: string): Promise<string> {
  const res = await fetch(app.url + p);
  const html = await res.text();
  if (res.status !== 200) throw new Error(`dashboard ${p}: HTTP ${res.status}\n${app.log().slice(-2000)}`);
  if (/could not be loaded|data-dgst=/.test(html)) throw new Error(`dashboard ${p}: the page shows an error\n${app.log().slice(-2000)}`);
  return html;
}

/** Every run on the Compare page once, in its loss column, with its fold and stored accuracy. */
function checkCompare(html: string, runs: RunOutcome[], fail: (line: string) => never): Record<string, number> {
  const shown = readComparePage(html);
  if (shown.runsUsed !== runs.length) fail(`compare page: ${shown.runsUsed ?? 'no'} finished runs shown, the sweep has ${runs.length}`);
  const byId = new Map(shown.runs.map((r) => [r.runId, r]));
  if (byId.size !== shown.runs.length) fail('compare page: a run is listed twice under "Runs behind each cell"');
  const perLoss: Record<string, number[]> = {};
  for (const r of runs) {
    const s = byId.get(r.id);
    if (r.accuracy === undefined) fail(`run ${r.id} has no accuracy stored`);
    if (!s) fail(`compare page: run ${r.id} (${r.loss}, fold ${r.fold}) is not listed`);
    if (s.column !== r.loss || s.fold !== r.fold || s.value !== pct(r.accuracy))
      fail(
        `compare page: run ${r.id} shown as ${s.column} fold ${s.fold}: ${s.value}; database: ${r.loss} fold ${r.fold}: ${pct(r.accuracy)}`,
      );
    (perLoss[r.loss] ??= []).push(r.accuracy);
  }
  if (shown.runs.length !== runs.length) fail(`compare page: ${shown.runs.length} runs listed, the sweep has ${runs.length}`);
  for (const [loss, values] of Object.entries(perLoss)) {
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    const std = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length);
    const cell = `${pct(mean)} ± ${pct(std)}`;
    if (!shown.resultsTable?.includes(`| ${loss} |`) || !shown.resultsTable.includes(cell))
      fail(`compare page: the results table lacks ${loss}: ${cell} (it reads: ${shown.resultsTable ?? 'no table'})`);
  }
  return Object.fromEntries(Object.entries(perLoss).map(([loss, v]) => [loss, v.length]));
}

export async function checkDashboard(
  o: { databaseUrl: string; artifacts: string; home: string; sweepId: number; runs: RunOutcome[] },
  fail: (line: string) => never,
): Promise<DashboardCheck> {
  const buildSeconds = ensureBuilt();
  const app = await startApp({ DATABASE_URL: o.databaseUrl, DML_LENS_HOME: o.home, DML_LENS_ARTIFACTS: o.artifacts });
  try {
    const runsPerLoss = checkCompare(await page(app, `/compare?sweep=${o.sweepId}`), o.runs, fail);
    const withEmbeddings = o.runs.find((r) => r.artifacts.some((a) => a.kind === 'embeddings'));
    if (!withEmbeddings) fail('no run of the sweep stored embeddings');
    const runPage = await page(app, `/runs/${withEmbeddings.id}`);
    if (!runPage.includes('Accuracy vs distance to centroid') || runPage.includes('Distance deciles:'))
      fail(`dashboard /runs/${withEmbeddings.id}: no distance deciles drawn from the run's embeddings in the artifact store`);
    await page(app, `/embeddings?runA=${withEmbeddings.id}`);
    return { buildSeconds, runsShown: o.runs.length, runsPerLoss };
  } finally {
    await app.stop();
  }
}
