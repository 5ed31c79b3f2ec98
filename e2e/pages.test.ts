// Every dashboard page against the built app on the seeded fixture: the pages show the fixture's
// numbers (recomputed here from the Prediction rows), figures download as valid SVG with their
// legend, and each page is screenshotted.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { ensureBuilt, startApp, type RunningApp } from './helpers/app';
import { chromiumMissing, launchBrowser } from './helpers/browser';
import { confusionCounts, meanStdText, pct, runAccuracy } from './helpers/expected';
import { screenshot } from './helpers/screenshots';
import { createSeededDb, type SeededDb } from './helpers/seeded-db';
import { readComparePage } from '../scripts/scale-out/compare-html';

describe('dashboard pages (seeded fixture)', { skip: chromiumMissing(), timeout: 900_000 }, () => {
  let seeded: SeededDb;
  let app: RunningApp;
  let browser: Browser;
  let page: Page;

  before(async () => {
    const built = ensureBuilt();
    if (built) console.log(`# next build: ${built.toFixed(0)} s`);
    seeded = await createSeededDb();
    app = await startApp({ DATABASE_URL: seeded.url, DML_LENS_HOME: seeded.home });
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1280, height: 860 }, acceptDownloads: true });
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

  it('Overview shows the counts, the queue and the sweep', async () => {
    await open('/');
    const runs = await seeded.db.run.count();
    const predictions = await seeded.db.prediction.count();
    assert.equal(await page.locator('[data-stat="Runs"] .value').innerText(), String(runs));
    assert.equal(await page.locator('[data-stat="Predictions"] .value').innerText(), predictions.toLocaleString('en-US'));
    assert.match(await page.locator('[data-queue="failed"]').innerText(), /1/);
    await page.getByText('fixture sweep: CE vs DML').first().waitFor();
    await screenshot(page, 'overview');
  });

  it("Runs filters, sorts and pages on the server and shows each run's accuracy", async () => {
    await open('/runs?dataset=MR%20(fixture)&loss=soft-triple&sort=fold&dir=asc&size=25');
    const rows = page.locator('[data-testid="runs-table"] tbody tr');
    assert.equal(await rows.count(), 12); // 3 sample sizes x 4 folds
    const firstId = Number(await rows.first().locator('td').first().innerText());
    const run = await seeded.db.run.findUniqueOrThrow({ where: { id: firstId } });
    assert.equal(run.loss, 'soft-triple');
    assert.equal(run.fold, 0);
    assert.ok((await rows.first().innerText()).includes(pct(await runAccuracy(seeded.db, firstId))));
    await open('/runs');
    await screenshot(page, 'runs');
    await open('/runs?view=experiments&dataset=TREC%20(fixture)&loss=ce&sampleSize=20');
    const exp = await seeded.db.experiment.findFirstOrThrow({
      where: { loss: 'ce', sampleSize: 20, dataset: { name: 'TREC (fixture)' } },
      include: { runs: true },
    });
    assert.ok(
      (await page.locator('[data-testid="experiments-table"]').innerText()).includes(
        await meanStdText(
          seeded.db,
          exp.runs.map((r) => r.id),
        ),
      ),
    );
  });

  it('Run detail shows metrics, the confusion matrix and the figures', async () => {
    const id = seeded.seed.pair.ceRunId;
    await open(`/runs/${id}`);
    assert.equal(await page.locator('[data-metric="Accuracy"] .value').innerText(), `${pct(await runAccuracy(seeded.db, id))}%`);
    const confusion = await confusionCounts(seeded.db, id, 2);
    const cells = await page.locator('table.matrix tbody td').allInnerTexts();
    assert.deepEqual(cells.map(Number), confusion.flat());
    for (const title of [
      'Loss terms',
      'Reliability diagram',
      'Confidence histogram',
      'Accuracy vs distance to centroid',
      'Accuracy vs sentence length',
    ]) {
      await page.locator(`[data-figure^="${title}"] .recharts-surface`).first().waitFor();
    }
    await screenshot(page, 'run-detail');
    await open('/runs/999999');
    await page.getByText('No such run').waitFor();
  });

  it("Compare shows the paper table with the fixture's mean ± std and the best per row", async () => {
    await open(`/compare?sweep=${seeded.seed.sweepId}&sampleSize=10`);
    const exps = await seeded.db.experiment.findMany({
      where: { sweepId: seeded.seed.sweepId, sampleSize: 10, dataset: { name: 'MR (fixture)' } },
      include: { runs: true },
    });
    const row = page.locator('[data-testid="results-table"] tbody tr', { hasText: 'MR (fixture)' });
    const text = await row.innerText();
    for (const e of exps)
      assert.ok(
        text.includes(
          await meanStdText(
            seeded.db,
            e.runs.map((r) => r.id),
          ),
        ),
        `${e.loss} cell missing in: ${text}`,
      );
    assert.equal((await row.locator('td.best').count()) >= 1, true);
    await page.locator('[data-figure^="Accuracy vs sample size"] .recharts-surface').first().waitFor();
    await screenshot(page, 'compare');
  });

  it("Compare's server HTML lists each run once in its loss column with its accuracy (as check:scale-out reads it)", async () => {
    const res = await fetch(`${app.url}/compare?sweep=${seeded.seed.sweepId}&sampleSize=10`);
    const shown = readComparePage(await res.text());
    const runs = await seeded.db.run.findMany({
      where: { experiment: { sweepId: seeded.seed.sweepId } },
      select: { id: true, loss: true, fold: true, sampleSize: true },
    });
    assert.equal(shown.runsUsed, runs.length);
    const atTen = runs.filter((r) => r.sampleSize === 10);
    assert.equal(shown.runs.length, atTen.length);
    for (const r of atTen) {
      const s = shown.runs.find((x) => x.runId === r.id);
      assert.deepEqual(
        { column: s?.column, fold: s?.fold, value: s?.value },
        { column: r.loss, fold: r.fold, value: pct(await runAccuracy(seeded.db, r.id)) },
        `run ${r.id}`,
      );
    }
    assert.match(shown.resultsTable ?? '', /\| ce \|/);
  });

  it('a figure downloads as a valid SVG with its legend, and as PNG and PDF', async () => {
    const card = page.locator('[data-figure^="Accuracy per dataset"]');
    const [download] = await Promise.all([page.waitForEvent('download'), card.getByRole('button', { name: 'SVG' }).click()]);
    const svg = fs.readFileSync(await download.path(), 'utf8');
    assert.match(svg, /^<\?xml[^>]*\?>\s*<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    assert.match(svg, /<\/svg>\s*$/);
    assert.match(svg, /<g class="legend">.*>ce<\/text>.*>soft-triple<\/text>/s);
    assert.match(svg, />Dataset<\/text>/);
    for (const [format, magic] of [
      ['png', '\x89PNG'],
      ['pdf', '%PDF-'],
    ] as const) {
      const [file] = await Promise.all([page.waitForEvent('download'), card.getByRole('button', { name: format.toUpperCase() }).click()]);
      assert.equal(
        fs
          .readFileSync(await file.path())
          .subarray(0, magic.length)
          .toString('latin1'),
        magic,
      );
    }
  });

  it("Sentences shows both runs' predictions, heat-maps with values, the IG delta flag and the attention grid", async () => {
    const { ceRunId, dmlRunId } = seeded.seed.pair;
    const first = await seeded.db.attribution.findFirstOrThrow({
      where: { runId: ceRunId },
      orderBy: { exampleId: 'asc' },
      include: { example: true },
    });
    await open(`/sentences?runA=${ceRunId}&runB=${dmlRunId}&focus=${first.exampleId}`);
    await page.getByText(first.example.text).first().waitFor();
    assert.ok((await page.locator('[data-method="ig"] .token[title]').count()) > 0);
    assert.ok((await page.locator('[data-delta-flagged="true"]').count()) >= 1, 'the large IG delta is flagged');
    await page.locator('[data-testid="attention-view"] table').first().waitFor();
    await screenshot(page, 'sentences');
    await open(`/sentences?runA=${ceRunId}&runB=${dmlRunId}&filter=wrong-a-right-b`);
    const items = page.locator('article.sentence');
    const expected = await seeded.db.prediction.count({
      where: { runId: ceRunId, correct: false, example: { predictions: { some: { runId: dmlRunId, correct: true } } } },
    });
    assert.match(await page.locator('.subtitle').innerText(), new RegExp(`: ${expected} match`));
    for (const item of await items.all()) {
      assert.deepEqual(await item.locator('[data-correct]').evaluateAll((els) => els.map((e) => e.getAttribute('data-correct'))), [
        'false',
        'true',
      ]);
    }
  });

  it('Embeddings shows two runs side by side, proxies marked, and a click opens the sentence', async () => {
    const { ceRunId, dmlRunId } = seeded.seed.pair;
    await open(`/embeddings?runA=${ceRunId}&runB=${dmlRunId}`);
    const cards = page.locator('[data-figure^="UMAP of run"]');
    assert.equal(await cards.count(), 2);
    const points = await seeded.db.prediction.count({ where: { runId: ceRunId } });
    assert.ok((await cards.first().locator('.recharts-scatter-symbol').count()) >= points);
    await page.getByText('proxies / centres').first().waitFor();
    await screenshot(page, 'embeddings');
    await cards.first().locator('.recharts-scatter-symbol').first().click();
    await page.waitForURL(/\/sentences\?.*focus=\d+/);
  });
});
