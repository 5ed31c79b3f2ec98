// Sweep expansion, queueing and the report's aggregation and paired statistics, checked against
// values computed by hand / with scipy 1.17 (commands in comments).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { createTestDb } from '../helpers/db';
import { expandSweep, gridCombinations } from '../../lib/training/sweep-spec';
import { sweepReport } from '../../lib/store/sweeps';
import { queueSweep } from '../../lib/jobs/queue-sweep';
import { refreshExperiment } from '../../lib/store/experiments';
import { ConfigError } from '../../lib/errors';
import { createToyDataset } from './toy-data';

const close = (a: number | null | undefined, b: number, tol = 1e-9) =>
  assert.ok(typeof a === 'number' && Math.abs(a - b) < tol, `${a} != ${b}`);

test('grid combinations, lossParams keys, and CE collapsing over DML-only settings', () => {
  assert.deepEqual(gridCombinations({ a: [1, 2], b: ['x', 'y'] }), [
    { a: 1, b: 'x' },
    { a: 1, b: 'y' },
    { a: 2, b: 'x' },
    { a: 2, b: 'y' },
  ]);
  const { configs, problems } = expandSweep({
    base: { dataset: 'TOY', model: 'm' },
    grid: { loss: ['ce', 'soft-triple'], beta: [0.4, 0.7], 'lossParams.la': [8, 9] },
  });
  assert.deepEqual(problems, []);
  assert.equal(configs.length, 1 + 4); // CE once, SoftTriple 2 betas x 2 la
  assert.deepEqual(
    configs.filter((c) => c.loss === 'soft-triple').map((c) => [c.beta, c.lossParams.la]),
    [
      [0.4, 8],
      [0.4, 9],
      [0.7, 8],
      [0.7, 9],
    ],
  );
  const bad = expandSweep({ base: { dataset: 'TOY', model: 'm' }, grid: { loss: ['ce', 'nope'], beta: [2] }, extra: 1 });
  assert.equal(bad.configs.length, 0);
  assert.match(bad.problems[0].message, /unknown key/);
  const bad2 = expandSweep({ base: { dataset: 'TOY', model: 'm' }, grid: { loss: ['soft-triple', 'nope'], beta: [2] } });
  assert.ok(bad2.problems.some((p) => /unknown loss/.test(p.message)) && bad2.problems.some((p) => /beta/.test(p.message)));
});

test('sweep report: mean +- population std per configuration, DML vs CE paired on the same folds', async () => {
  const t = await createTestDb();
  try {
    await createToyDataset(t.db, { n: 40 });
    const model = path.join(t.dir, 'model');
    fs.mkdirSync(model);
    fs.writeFileSync(path.join(model, 'config.json'), '{}');
    await assert.rejects(queueSweep(t.db, { base: { dataset: 'TOY', model, samples: 50 }, grid: { loss: ['ce'] } }), ConfigError);
    assert.equal(await t.db.sweep.count(), 0);
    const q = await queueSweep(t.db, {
      name: 'toy',
      base: { dataset: 'TOY', model, samples: 8, folds: 4 },
      grid: { loss: ['ce', 'soft-triple'] },
    });
    assert.equal(q.experimentIds.length, 2);
    assert.equal(q.runs, 8);
    // hand-set results: SoftTriple [.80,.75,.83,.78], CE [.70,.72,.74,.71] on folds 0..3
    const acc: Record<string, number[]> = { 'soft-triple': [0.8, 0.75, 0.83, 0.78], ce: [0.7, 0.72, 0.74, 0.71] };
    for (const run of await t.db.run.findMany()) {
      await t.db.run.update({
        where: { id: run.id },
        data: { status: 'done', metricsJson: JSON.stringify({ accuracy: acc[run.loss][run.fold], macroF1: 0.5 }) },
      });
    }
    for (const id of q.experimentIds) await refreshExperiment(t.db, id);
    const report = await sweepReport(t.db, q.sweepId);
    assert.ok(report);
    assert.equal(report.sweep.status, 'done');
    const st = report.experiments.find((e) => e.loss === 'soft-triple')!;
    const ce = report.experiments.find((e) => e.loss === 'ce')!;
    close(st.summary!.metrics.accuracy!.mean, 0.79);
    close(st.summary!.metrics.accuracy!.std, 0.029154759474226494); // np.std
    close(ce.summary!.metrics.accuracy!.std, 0.014790199457749054);
    assert.equal(report.comparisons.length, 1);
    const c = report.comparisons[0];
    assert.equal(c.baselineId, ce.id);
    assert.equal(c.n, 4);
    close(c.meanDiff, 0.0725);
    close(c.tTestP, 0.01839086321419905, 1e-9); // ttest_rel(st, ce)
    close(c.wilcoxonP, 0.125); // wilcoxon(st, ce): exact, all 4 differences positive -> 2/16
  } finally {
    await t.cleanup();
  }
});
