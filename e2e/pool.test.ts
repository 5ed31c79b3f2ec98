// Submit on the web and it trains (issue 19): the app started with its worker pool (the demo's
// server code: readServeOptions + serve) on a fresh database holding a tiny model; a 2-fold run
// submitted on /runs/new reaches done through live progress with no process started by the test;
// its page shows metrics; "Compute" for IG on the Sentences page queues an explain job the pool
// runs, and the attribution appears. The overview shows the pool's worker and no "start a worker"
// hint. Stopping the server stops every pool process.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { readServeOptions } from '../lib/server/serve-options';
import { serve, type RunningServer } from '../lib/server/serve';
import { ensureBuilt, freePort } from './helpers/app';
import { chromiumMissing, launchBrowser } from './helpers/browser';
import { alive, processTree } from './helpers/processes';
import { screenshot } from './helpers/screenshots';
import { createSmallLab, FIXTURE_DATASET as DATASET, initTinyModel, type SeededDb } from './helpers/seeded-db';

const ROOT = path.resolve(import.meta.dirname, '..');
const MODEL = 'tiny-pool';

describe(
  'the app with its worker pool trains what the web submits (built app, real Chromium)',
  { skip: chromiumMissing(), timeout: 900_000 },
  () => {
    let seeded: SeededDb;
    let server: RunningServer;
    let url: string;
    let browser: Browser;
    let page: Page;
    const saved = { ...process.env };
    const log: string[] = [];

    before(async () => {
      ensureBuilt();
      seeded = await createSmallLab();
      const env = { DATABASE_URL: seeded.url, DML_LENS_HOME: seeded.home };
      await initTinyModel(seeded, MODEL);
      Object.assign(process.env, env, { NODE_ENV: 'production' });
      delete process.env.DML_LENS_TOKEN;
      delete process.env.HOST;
      const port = await freePort();
      server = serve(readServeOptions(['start', '--port', String(port), '--workers', '1']), {
        root: ROOT,
        log: (l) => log.push(l),
        workerArgs: ['--poll-seconds', '1'],
      });
      url = `http://127.0.0.1:${port}`;
      for (let i = 0; ; i++) {
        try {
          if ((await fetch(`${url}/api/health`)).ok) break;
        } catch {
          /* not yet */
        }
        if (i > 400 || server.next.exitCode !== null) throw new Error(`the app did not start:\n${log.join('\n')}`);
        await new Promise((r) => setTimeout(r, 300));
      }
      browser = await launchBrowser();
      page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    });

    after(async () => {
      await browser?.close();
      await server?.stop();
      for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
      Object.assign(process.env, saved);
      await seeded?.cleanup();
    });

    it('overview: the pool and its idle worker, no "start a worker" hint', async () => {
      await page.waitForTimeout(100);
      for (let i = 0; i < 60; i++) {
        await page.goto(`${url}/`, { waitUntil: 'networkidle' });
        if (await page.locator('[data-testid="workers"] tr[data-state="idle"]').count()) break;
        await page.waitForTimeout(500);
      }
      assert.equal(await page.locator('[data-testid="pool"]').getAttribute('data-size'), '1');
      assert.equal(await page.locator('[data-testid="workers"] tr[data-state="idle"]').count(), 1);
      assert.equal(await page.locator('[data-testid="worker-hint"]').count(), 0);
      await screenshot(page, 'overview-pool', { docs: false });
    });

    it('a 2-fold run submitted on /runs/new trains to done; its page shows metrics', async () => {
      await page.goto(`${url}/runs/new`, { waitUntil: 'networkidle' });
      const fill = async (values: Record<string, string>) => {
        for (const [name, value] of Object.entries(values)) {
          const el = page.locator(`[name="${name}"]`).first();
          if ((await el.evaluate((e) => e.tagName)) === 'SELECT') await el.selectOption(value);
          else await el.fill(value);
        }
      };
      await fill({
        dataset: DATASET,
        model: MODEL,
        sampleSizes: '8',
        folds: '2',
        seeds: '5',
        steps: '6',
        batchSize: '8',
        evalLimit: '20',
        warmupSteps: '1',
        lr: '0.0005',
      });
      await page.locator('[name="saveModel"]').check();
      await page.getByRole('button', { name: 'Queue run(s)' }).click();
      const panels = page.locator('.live-progress');
      await panels.first().waitFor({ timeout: 30_000 });
      assert.equal(await panels.count(), 2);
      try {
        await page.waitForFunction(
          () => [...document.querySelectorAll('.live-progress')].every((e) => e.getAttribute('data-status') === 'done'),
          undefined,
          { timeout: 500_000, polling: 500 },
        );
      } catch (err) {
        throw new Error(`${(err as Error).message}\nserver log:\n${log.slice(-60).join('\n')}`, { cause: err });
      }
      const runs = await seeded.db.run.findMany({ where: { model: { name: MODEL } }, orderBy: { id: 'asc' } });
      assert.deepEqual(
        runs.map((r) => r.status),
        ['done', 'done'],
      );
      await page.goto(`${url}/runs/${runs[0].id}`, { waitUntil: 'networkidle' });
      const accuracy = await page.locator('[data-metric="Accuracy"] .value').innerText();
      assert.match(accuracy, /^\d+(\.\d+)?%$/, `accuracy shown: ${accuracy}`);
      await screenshot(page, 'pool-run-done', { docs: false });
    });

    it('Compute IG on the Sentences page: the pool explains, the attribution appears', async () => {
      const run = await seeded.db.run.findFirstOrThrow({ where: { model: { name: MODEL } }, orderBy: { id: 'asc' } });
      await page.goto(`${url}/sentences?runA=${run.id}`, { waitUntil: 'networkidle' });
      const button = page.getByRole('button', {
        name: new RegExp(`^Compute Integrated gradients for \\d+ sentences? \\(run ${run.id}\\)`),
      });
      await button.click();
      await page
        .getByRole('status')
        .filter({ hasText: /queued \d+ sentences as job \d+/ })
        .waitFor({ timeout: 30_000 });
      let found = 0;
      for (let i = 0; i < 300 && !found; i++) {
        await page.waitForTimeout(1000);
        found = await seeded.db.attribution.count({ where: { runId: run.id, method: 'ig' } });
      }
      assert.ok(found > 0, `the pool computed IG attributions:\n${log.slice(-40).join('\n')}`);
      await page.goto(`${url}/sentences?runA=${run.id}&filter=explained`, { waitUntil: 'networkidle' });
      await page.locator('[data-method="ig"]').first().waitFor({ timeout: 30_000 });
      await screenshot(page, 'pool-attribution', { docs: false });
    });

    it('stopping the server stops every pool process', async () => {
      const pids = [server.next.pid!, ...server.pool!.pids()].flatMap(processTree);
      assert.ok(server.pool!.pids().length === 1);
      assert.equal(await server.stop(), 0);
      const deadline = Date.now() + 20_000;
      while (pids.some(alive) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
      assert.deepEqual(pids.filter(alive), []);
    });
  },
);
