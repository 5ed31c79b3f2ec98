// A newcomer's first view of each page, in a real Chromium against the built app on the seeded
// fixture: explained sentences first with one run picker for A and B, the IG delta in both forms
// with its explanation on hover, charts that do not mislead (rank deciles, reliability bin counts,
// one UMAP metric for both maps, density view, "n too small", no curve for one sample size) and
// runs-table durations on one line.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { ensureBuilt, startApp, type RunningApp } from './helpers/app';
import { chromiumMissing, launchBrowser } from './helpers/browser';
import { screenshot } from './helpers/screenshots';
import { createSeededDb, type SeededDb } from './helpers/seeded-db';

describe('first hour (seeded fixture)', { skip: chromiumMissing(), timeout: 900_000 }, () => {
  let seeded: SeededDb;
  let app: RunningApp;
  let browser: Browser;
  let page: Page;

  before(async () => {
    ensureBuilt();
    seeded = await createSeededDb();
    app = await startApp({ DATABASE_URL: seeded.url, DML_LENS_HOME: seeded.home });
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
    page.on('pageerror', (e) => console.log(`# page error: ${e.message}`));
  });

  after(async () => {
    await browser?.close();
    await app?.stop();
    await seeded?.cleanup();
  });

  const open = async (path: string) => {
    const res = await page.goto(app.url + path, { waitUntil: 'networkidle' });
    assert.ok(res && res.status() < 400, `${path} answered ${res?.status()}`);
  };

  it('Sentences lists explained sentences first, says how many, and has the same searchable picker for A and B', async () => {
    const { ceRunId, dmlRunId } = seeded.seed.pair;
    await open(`/sentences?runA=${ceRunId}&runB=${dmlRunId}`);
    const explained = await seeded.db.prediction.count({
      where: { runId: ceRunId, example: { attributions: { some: { runId: { in: [ceRunId, dmlRunId] } } } } },
    });
    assert.ok(explained > 0);
    assert.match(await page.locator('[data-testid="explained-count"]').innerText(), new RegExp(`${explained} of them explained`));
    const items = await page.locator('article.sentence').all();
    const shown = Math.min(explained, items.length);
    for (const item of items.slice(0, shown))
      assert.ok((await item.locator('[data-method] .token').count()) > 0, 'an explained sentence first');
    for (const item of items.slice(shown)) assert.equal(await item.locator('[data-method] .token').count(), 0);
    for (const name of ['runA', 'runB']) {
      const input = page.locator(`input[data-run-picker="${name}"]`);
      assert.equal(await input.getAttribute('type'), 'search');
      const list = await input.getAttribute('list');
      assert.ok((await page.locator(`datalist#${list} option`).count()) >= 2, `${name} offers runs`);
    }
    assert.equal(await page.locator('input[data-run-picker="runB"]').inputValue(), String(dmlRunId));
    const delta = page.locator('[data-delta-flagged]').first();
    assert.match(await delta.innerText(), /δ = .*% of F\(x\)−F\(x′\)/);
    assert.match(
      (await delta.getAttribute('title')) ?? '',
      /IG convergence delta: Σ attributions − \(F\(x\) − F\(baseline\)\).*Converged when/,
    );
    await screenshot(page, 'sentences-first-view');
    // picking run B by typing its id in the search field
    await page.locator('input[data-run-picker="runB"]').fill('');
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.waitForURL(/[?&]runB=(&|$)/);
    assert.equal(await page.locator('input[data-run-picker="runB"]').inputValue(), '');
  });

  it('Run detail: rank-based deciles from its own embeddings, reliability bins with their counts', async () => {
    const { ceRunId, dmlRunId } = seeded.seed.pair;
    await open(`/runs/${dmlRunId}?o=${ceRunId}`);
    const distance = page.locator('[data-figure^="Accuracy vs distance to centroid"]');
    await distance.locator('svg.recharts-surface[role="application"]').waitFor();
    assert.match(await distance.innerText(), /Decile of the distance to the centroid \(each run's own embeddings; 1 = closest\)/);
    const reliability = page.locator('[data-figure^="Reliability diagram"]');
    assert.match(await reliability.locator('.caption').innerText(), /at least 10 predictions.*Predictions per bin: [\d.]+–[\d.]+ \d+/s);
    await screenshot(page, 'run-detail-charts', { docs: false });
  });

  it('Runs table keeps each duration on one line', async () => {
    await open('/runs');
    const cell = page.locator('td[data-col="duration"]').first();
    assert.equal(await cell.evaluate((el) => getComputedStyle(el).whiteSpace), 'nowrap');
  });

  it('Compare: "n too small" instead of a Wilcoxon p with 4 folds; one sample size gives a note, not a curve', async () => {
    await open(`/compare?sweep=${seeded.seed.sweepId}&sampleSize=10&test=wilcoxon`);
    assert.match(await page.locator('[data-testid="results-table"]').innerText(), /n too small: 4 pairs/);
    await open(`/compare?sweep=${seeded.seed.sweepId}&sampleSize=10&test=t`);
    assert.doesNotMatch(await page.locator('[data-testid="results-table"]').innerText(), /n too small/);
    const one = await seeded.db.experiment.findMany({ where: { sweepId: seeded.seed.sweepId, sampleSize: 10 }, select: { id: true } });
    await open(`/compare?experiments=${one.map((e) => e.id).join(',')}`);
    await page.locator('[data-testid="one-sample-size"]').waitFor();
    assert.equal(await page.locator('[data-figure^="Accuracy vs sample size"]').count(), 0);
  });

  it('Embeddings: one UMAP metric for both maps (choosable), translucent markers and a density view', async () => {
    const { ceRunId, dmlRunId } = seeded.seed.pair;
    const setMetric = async (runId: number, metric: string) => {
      const p = await seeded.db.projection.findFirstOrThrow({ where: { runId, method: 'umap' } });
      await seeded.db.projection.update({
        where: { id: p.id },
        data: { paramsJson: JSON.stringify({ ...JSON.parse(p.paramsJson), metric }) },
      });
    };
    await setMetric(ceRunId, 'euclidean');
    await setMetric(dmlRunId, 'cosine');
    await open(`/embeddings?runA=${ceRunId}&runB=${dmlRunId}`);
    assert.equal(await page.locator('select[name="metric"]').inputValue(), 'euclidean', "no metric in common: run A's");
    assert.equal(await page.locator('[data-figure^="UMAP of run"]').count(), 1);
    assert.match(
      await page.locator('[data-testid="no-map"]').innerText(),
      new RegExp(`npx dml-lens project --run ${dmlRunId} --method umap --metric euclidean`),
    );
    await setMetric(ceRunId, 'cosine');
    await open(`/embeddings?runA=${ceRunId}&runB=${dmlRunId}`);
    assert.equal(await page.locator('select[name="metric"]').inputValue(), 'cosine');
    for (const [name, id] of [
      ['runA', ceRunId],
      ['runB', dmlRunId],
    ] as const) {
      const picker = page.locator(`input[data-run-picker="${name}"]`);
      assert.equal(await picker.inputValue(), String(id), `the same searchable picker for ${name} as on Sentences`);
    }
    const cards = page.locator('[data-figure^="UMAP of run"]');
    assert.equal(await cards.count(), 2);
    for (const c of await cards.all()) assert.match((await c.getAttribute('data-figure')) ?? '', /, cosine\)/);
    const opacity = async () =>
      Number(
        await cards.first().locator('.recharts-scatter-symbol path, .recharts-scatter-symbol circle').first().getAttribute('fill-opacity'),
      );
    assert.ok((await opacity()) <= 0.5, 'translucent points');
    assert.ok((await cards.first().locator('svg.recharts-surface[role="application"]').boundingBox())!.height >= 500, 'a large map');
    await screenshot(page, 'embeddings-one-metric');
    await open(`/embeddings?runA=${ceRunId}&runB=${dmlRunId}&style=density`);
    assert.ok((await opacity()) <= 0.1, 'density view: nearly transparent markers');
    assert.match(await page.locator('[data-figure^="UMAP of run"] .caption').first().innerText(), /Density view/);
  });
});
