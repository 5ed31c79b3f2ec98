// The run page's what-if box against the built app: a tiny model trained with --save-model (a
// soft-triple run, so it has proxies), a typed sentence shows the prediction, class scores,
// nearest training examples and nearest proxy (onnxruntime in the route handler, no tfjs in the
// page); "Explain with integrated gradients" queues a job that `dml-lens worker --once` runs, and
// the token attributions appear; a run without a saved model says how to get one. The route
// handlers are also checked over HTTP alone, so the bundle is tested where Chromium is missing.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { ensureBuilt, startApp, type RunningApp } from './helpers/app';
import { chromiumMissing, launchBrowser } from './helpers/browser';
import { runCli, spawnCli } from './helpers/cli';
import { screenshot } from './helpers/screenshots';
import { createSmallLab, FIXTURE_DATASET as DATASET, initTinyModel, type SeededDb } from './helpers/seeded-db';

interface WhatIfAnswer {
  scores: { score: number }[];
  referenceKind: string;
  neighbours: unknown[];
  nearestAnchor: { kind: string };
  predicted: { label: string };
  ms: number;
}
interface ApiError {
  error: string;
}
interface ExplainState {
  status: string;
  result: { method: string; tokens: unknown[] };
}

const MODEL = 'tiny-what-if';

describe('What-if box (built app, tiny model, real worker)', { timeout: 900_000 }, () => {
  let seeded: SeededDb;
  let app: RunningApp;
  let browser: Browser;
  let page: Page;
  let env: { DATABASE_URL: string; DML_LENS_HOME: string };
  let runId: number;

  before(async () => {
    ensureBuilt();
    seeded = await createSmallLab();
    env = { DATABASE_URL: seeded.url, DML_LENS_HOME: seeded.home };
    await initTinyModel(seeded, MODEL);
    await runCli(
      [
        'train',
        '--dataset',
        DATASET,
        '--model',
        MODEL,
        '--loss',
        'soft-triple',
        '--samples',
        '8',
        '--folds',
        '2',
        '--epochs',
        '2',
        '--eval-limit',
        '30',
        '--save-model',
        '--quiet',
      ],
      env,
    );
    const run = await seeded.db.run.findFirstOrThrow({ where: { loss: 'soft-triple', status: 'done' }, orderBy: { id: 'desc' } });
    runId = run.id;
    app = await startApp(env);
    if (chromiumMissing()) return;
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on('pageerror', (e) => console.log(`# page error: ${e.message}`));
  });

  after(async () => {
    await browser?.close();
    await app?.stop();
    await seeded?.cleanup();
  });

  const post = (route: string, body: unknown) =>
    fetch(`${app.url}/api/runs/${runId}/${route}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  it('route handlers: what-if answers on onnxruntime, IG is queued, run by the worker and polled', async () => {
    const res = await post('what-if', { text: 'a gripping and moving film' });
    assert.equal(res.status, 200, await res.clone().text());
    const r = (await res.json()) as WhatIfAnswer;
    assert.equal(r.scores.length, 2);
    assert.ok(Math.abs(r.scores[0].score + r.scores[1].score - 1) < 1e-5);
    assert.equal(r.referenceKind, 'training examples');
    assert.equal(r.neighbours.length, 5);
    assert.equal(r.nearestAnchor.kind, 'proxy');
    const times: number[] = [];
    for (const text of ['dull', 'a fine cast', 'the plot is thin but moving'])
      times.push(((await (await post('what-if', { text })).json()) as WhatIfAnswer).ms);
    console.log(`# what-if server time per sentence (tiny model): ${times.map((t) => t.toFixed(1)).join(', ')} ms`);
    const bad = await post('what-if', { text: '  ' });
    assert.equal(bad.status, 400);
    assert.match(((await bad.json()) as ApiError).error, /the sentence is empty/);
    const other = await seeded.db.run.findFirstOrThrow({ where: { loss: 'ce', status: 'done' } });
    const none = await fetch(`${app.url}/api/runs/${other.id}/what-if`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ text: 'fine' }),
    });
    assert.equal(none.status, 400);
    assert.match(((await none.json()) as ApiError).error, /kept no fine-tuned model; train it again with .*--save-model/);
    const { jobId } = (await (await post('what-if/explain', { text: 'a gripping and moving film' })).json()) as { jobId: number };
    assert.ok(Number.isInteger(jobId));
    await runCli(['worker', '--once', '--poll-seconds', '1'], env);
    const state = (await (await fetch(`${app.url}/api/runs/${runId}/what-if/explain?job=${jobId}`)).json()) as ExplainState;
    assert.equal(state.status, 'done', JSON.stringify(state));
    assert.equal(state.result.method, 'ig');
    assert.ok(state.result.tokens.length >= 3);
  });

  it(
    'shows prediction, scores, neighbours and the nearest proxy for a typed sentence, then IG from the worker',
    { skip: chromiumMissing() },
    async () => {
      await page.goto(`${app.url}/runs/${runId}`, { waitUntil: 'networkidle' });
      const box = page.getByTestId('what-if');
      await box.getByLabel('Sentence to try').fill('a gripping and moving film');
      await box.getByTestId('what-if-prediction').waitFor();
      const apiAnswer = (await (
        await fetch(`${app.url}/api/runs/${runId}/what-if`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ text: 'a gripping and moving film' }),
        })
      ).json()) as WhatIfAnswer;
      assert.match(await box.getByTestId('what-if-prediction').innerText(), new RegExp(`Prediction: ${apiAnswer.predicted.label}`));
      assert.equal(apiAnswer.scores.length, 2);
      assert.equal(apiAnswer.referenceKind, 'training examples');
      assert.equal(await box.getByTestId('what-if-neighbours').locator('li').count(), 5);
      assert.match(await box.getByTestId('what-if-anchor').innerText(), /Nearest proxy\/centre/);
      await screenshot(page, 'what-if');
      await box.getByRole('button', { name: 'Explain with integrated gradients' }).click();
      await box.getByTestId('what-if-job').waitFor();
      const worker = spawnCli(['worker', '--once', '--poll-seconds', '1'], env);
      try {
        await box.getByTestId('what-if-ig').waitFor({ timeout: 240_000 });
      } catch (err) {
        throw new Error(`${(err as Error).message}\nworker output:\n${worker.output().slice(-4000)}`, { cause: err });
      } finally {
        await worker.exited;
      }
      assert.ok((await box.getByTestId('what-if-ig').locator('.token').count()) >= 3);
      const bad = await fetch(`${app.url}/api/runs/${runId}/what-if`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ text: '  ' }),
      });
      assert.equal(bad.status, 400);
      assert.match(((await bad.json()) as ApiError).error, /the sentence is empty/);
    },
  );

  it('a run without a saved model says how to get one', { skip: chromiumMissing() }, async () => {
    const other = await seeded.db.run.findFirstOrThrow({ where: { loss: 'ce', status: 'done' } });
    await page.goto(`${app.url}/runs/${other.id}`, { waitUntil: 'networkidle' });
    assert.match(await page.getByTestId('what-if-unavailable').innerText(), /--save-model/);
  });
});
