// The New run form against the built app: bad input shows every problem next to its field and
// queues nothing; a good submission on a tiny model goes queued -> running -> done, its progress
// streamed to the page (SSE) while `dml-lens worker --once` trains it.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { ensureBuilt, startApp, type RunningApp } from './helpers/app';
import { chromiumMissing, launchBrowser } from './helpers/browser';
import { spawnCli } from './helpers/cli';
import { screenshot } from './helpers/screenshots';
import { createSmallLab, FIXTURE_DATASET as DATASET, initTinyModel, type SeededDb } from './helpers/seeded-db';

// Records every status each progress panel shows (a short "running" phase is not missed). A string,
// so that the TypeScript loader's helpers do not end up in the browser.
const RECORD_STATUSES = `(() => {
  window.seen = {}; window.steps = 0;
  const note = (el) => {
    const id = el.getAttribute('data-run'); const s = el.getAttribute('data-status');
    const list = (window.seen[id] ??= []);
    if (list[list.length - 1] !== s) list.push(s);
    if (/step \\d+ \\/ \\d+/.test(el.textContent ?? '')) window.steps++;
  };
  document.querySelectorAll('.live-progress').forEach(note);
  new MutationObserver((muts) => muts.forEach((m) => {
    const el = (m.target instanceof Element ? m.target : m.target.parentElement)?.closest('.live-progress');
    if (el) note(el);
  })).observe(document.body, { subtree: true, attributes: true, childList: true, characterData: true });
})()`;
const MODEL = 'tiny-e2e';

describe('New run form (built app, tiny model, real worker)', { skip: chromiumMissing(), timeout: 900_000 }, () => {
  let seeded: SeededDb;
  let app: RunningApp;
  let browser: Browser;
  let page: Page;
  let env: { DATABASE_URL: string; DML_LENS_HOME: string };

  before(async () => {
    ensureBuilt();
    seeded = await createSmallLab();
    env = { DATABASE_URL: seeded.url, DML_LENS_HOME: seeded.home };
    await initTinyModel(seeded, MODEL);
    app = await startApp(env);
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
  });

  after(async () => {
    await browser?.close();
    await app?.stop();
    await seeded?.cleanup();
  });

  const fill = async (values: Record<string, string>) => {
    for (const [name, value] of Object.entries(values)) {
      const el = page.locator(`[name="${name}"]`).first();
      if ((await el.evaluate((e) => e.tagName)) === 'SELECT') await el.selectOption(value);
      else await el.fill(value);
    }
  };

  it('bad input shows each problem next to its field and queues nothing', async () => {
    const before = await seeded.db.run.count();
    await page.goto(`${app.url}/runs/new`, { waitUntil: 'networkidle' });
    await fill({ preset: '', dataset: DATASET, model: '', folds: '1', lr: '-1', seeds: '1, x' }); // no preset: nothing fills the model
    await page.getByRole('button', { name: 'Queue run(s)' }).click();
    await page.locator('[data-field="folds"] .error').waitFor();
    const errorOf = (f: string) => page.locator(`[data-field="${f}"] .error`).innerText();
    assert.match(await errorOf('model'), /required/);
    assert.match(await errorOf('folds'), /2/);
    assert.match(await errorOf('lr'), /0/);
    assert.match(await errorOf('seeds'), /whole numbers/);
    assert.equal(await page.locator('[data-field="dataset"] .error').count(), 0);
    assert.equal(await page.locator('[name="seeds"]').inputValue(), '1, x', 'the form keeps what was typed');
    assert.equal(await seeded.db.run.count(), before);
    await screenshot(page, 'new-run-errors');
  });

  it('a first visit starts from the cpu preset and the default model; the paper preset is one click away; the hint points up', async () => {
    await page.goto(`${app.url}/runs/new`, { waitUntil: 'networkidle' });
    assert.equal(await page.locator('select[name="preset"]').inputValue(), 'cpu');
    assert.match(await page.locator('input[name="model"]').inputValue(), /dml-lens-small/);
    assert.match(
      (await page.locator('input[name="lr"]').getAttribute('placeholder')) ?? '',
      /0\.0005/,
      "the cpu preset's learning rate as the placeholder",
    );
    await page.getByRole('link', { name: /paper's settings/ }).click();
    await page.waitForURL(/preset=paper/);
    await page.locator('select[name="preset"]').waitFor();
    assert.equal(await page.locator('select[name="preset"]').inputValue(), 'paper');
    assert.equal(await page.locator('input[name="model"]').inputValue(), '', 'the paper preset brings its own model');
    await page.getByRole('button', { name: 'Queue run(s)' }).click();
    await page.locator('[role="status"]').filter({ hasText: 'Nothing was queued' }).waitFor();
    assert.match(await page.locator('[role="status"]').filter({ hasText: 'Nothing was queued' }).innerText(), /marked above/);
  });

  it('a run on the tiny model goes queued -> running -> done with live progress', async () => {
    await page.goto(`${app.url}/runs/new`, { waitUntil: 'networkidle' });
    await fill({
      dataset: DATASET,
      model: MODEL,
      sampleSizes: '8',
      folds: '2',
      seeds: '7',
      steps: '400', // long enough to be seen running: a tiny-model step takes milliseconds with the native kernels
      batchSize: '8',
      evalLimit: '20',
      warmupSteps: '2',
      lr: '0.0005',
    });
    await page.getByRole('button', { name: 'Queue run(s)' }).click();
    const panels = page.locator('.live-progress');
    await panels.first().waitFor({ timeout: 30_000 });
    assert.equal(await panels.count(), 2); // one run per fold
    await page.evaluate(RECORD_STATUSES);
    await page.waitForFunction(
      () => [...document.querySelectorAll('.live-progress')].every((e) => e.getAttribute('data-status') === 'queued'),
      undefined,
      { timeout: 20_000 },
    );
    await screenshot(page, 'new-run-queued', { docs: false });
    const worker = spawnCli(['worker', '--once', '--poll-seconds', '1'], env);
    try {
      await page.locator('.live-progress[data-status="running"]').first().waitFor({ timeout: 120_000 });
      await page
        .locator('.live-progress .progress-bar')
        .first()
        .waitFor({ timeout: 60_000 })
        .catch(() => undefined);
      await screenshot(page, 'new-run-progress');
      await page.waitForFunction(
        () => [...document.querySelectorAll('.live-progress')].every((e) => e.getAttribute('data-status') === 'done'),
        undefined,
        { timeout: 400_000, polling: 500 },
      );
    } catch (err) {
      throw new Error(`${(err as Error).message}\nworker output:\n${worker.output().slice(-4000)}`, { cause: err });
    } finally {
      await worker.exited;
    }
    const seen = await page.evaluate(() => (window as unknown as { seen: Record<string, string[]> }).seen);
    for (const [id, statuses] of Object.entries(seen)) {
      const i = statuses.indexOf('queued');
      const j = statuses.indexOf('running');
      const k = statuses.indexOf('done');
      assert.ok(i >= 0 && j > i && k > j, `run ${id} went ${statuses.join(' -> ')}`);
    }
    assert.ok((await page.evaluate(() => (window as unknown as { steps: number }).steps)) > 0, 'step progress was shown');
    const runs = await seeded.db.run.findMany({ where: { model: { name: MODEL } } });
    assert.equal(runs.length, 2);
    for (const r of runs) assert.equal(r.status, 'done');
    await screenshot(page, 'new-run-done', { docs: false });
  });

  it('a queued run is cancelled from its progress panel', async () => {
    await page.goto(`${app.url}/runs/new`, { waitUntil: 'networkidle' });
    await fill({ dataset: DATASET, model: MODEL, sampleSizes: '8', folds: '2', seeds: '8', steps: '12', batchSize: '8', evalLimit: '20' });
    await page.getByRole('button', { name: 'Queue run(s)' }).click();
    const panel = page.locator('.live-progress[data-status="queued"]').first();
    await panel.waitFor({ timeout: 30_000 });
    const runId = Number(await panel.getAttribute('data-run'));
    await panel.getByRole('button', { name: 'Cancel' }).click();
    await page.locator(`.live-progress[data-run="${runId}"][data-status="cancelled"]`).waitFor({ timeout: 20_000 });
    assert.equal((await seeded.db.run.findUniqueOrThrow({ where: { id: runId } })).status, 'cancelled');
    assert.equal(await seeded.db.job.count({ where: { runId, status: 'queued' } }), 0);
  });
});
