// Read models of the dashboard on the seeded fixture: every number checked against the rows.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { igTally } from '../../lib/demo/post-process';
import { compareTable, hasSampleSizeCurve } from '../../lib/export/figures/compare-figures';
import { readAttribution } from '../../lib/store/views/attributions';
import { getCompare, WILCOXON_MIN_PAIRS } from '../../lib/store/views/compare';
import { getDecileCurves, equalCountGroups } from '../../lib/store/views/deciles';
import { getEmbeddingPanel } from '../../lib/store/views/embeddings';
import { getOverview } from '../../lib/store/views/overview';
import { getRunDetail } from '../../lib/store/views/run-detail';
import { listRuns } from '../../lib/store/views/runs-list';
import { parseRunsQuery } from '../../lib/store/views/runs-query';
import { SENTENCES_PAGE_METHODS } from '../../lib/explain/method-list';
import { getSentenceFocus, getSentences } from '../../lib/store/views/sentences';
import { parseSentencesQuery } from '../../lib/store/views/sentences-query';
import { seededFixture, type ViewsFixture } from './views-fixture';

const accuracyOf = async (f: ViewsFixture, runId: number) => {
  const preds = await f.db.prediction.findMany({ where: { runId } });
  return preds.filter((p) => p.correct).length / preds.length;
};

describe('dashboard read models', () => {
  let f: ViewsFixture;
  before(async () => {
    f = await seededFixture();
  });
  after(async () => {
    f.restoreHome();
    await f.cleanup();
  });

  it('overview counts rows, groups jobs by status and marks stale workers', async () => {
    const o = await getOverview(f.db, new Date(Date.now() + 10 * 60_000));
    assert.equal(o.counts.runs, await f.db.run.count());
    assert.equal(o.counts.predictions, await f.db.prediction.count());
    assert.deepEqual(o.queue, { queued: 1, running: 1, done: 3, failed: 1, cancelled: 0 });
    assert.equal(o.workers[0].alive, false); // heartbeat 10 minutes old
    assert.equal(o.datasets.find((d) => d.name === 'MR (fixture)')?.examples, 60);
  });

  it('runs list filters, sorts and pages in SQL', async () => {
    const q = parseRunsQuery({ dataset: 'TREC (fixture)', loss: 'proxy-anchor', sort: 'sampleSize', dir: 'desc', size: '25', page: '1' });
    const v = await listRuns(f.db, q);
    assert.equal(v.total, 12);
    assert.ok(v.runs.every((r) => r.dataset === 'TREC (fixture)' && r.loss === 'proxy-anchor'));
    assert.deepEqual(
      v.runs.map((r) => r.sampleSize),
      [...v.runs.map((r) => r.sampleSize)].sort((a, b) => b! - a!),
    );
    assert.equal(v.runs[0].accuracy, await accuracyOf(f, v.runs[0].id));
    const page2 = await listRuns(f.db, parseRunsQuery({ size: '25', page: '2' }));
    assert.equal(page2.runs.length, 25);
    assert.equal(page2.pages, Math.ceil((await f.db.run.count()) / 25));
    const bad = parseRunsQuery({ sort: 'nonsense', page: '-3', size: '7', beta: 'x' });
    assert.deepEqual([bad.sort, bad.page, bad.size, bad.beta], ['id', 1, 25, undefined]);
    const exps = await listRuns(f.db, parseRunsQuery({ view: 'experiments', loss: 'ce' }));
    assert.equal(exps.total, 6);
    assert.equal(exps.experiments[0].accuracy?.n, 4);
  });

  it('run detail: confusion matrix and reliability from the predictions', async () => {
    const d = (await getRunDetail(f.db, f.seed.pair.ceRunId))!;
    const preds = await f.db.prediction.findMany({ where: { runId: f.seed.pair.ceRunId } });
    assert.equal(
      d.confusion.matrix.flat().reduce((a, b) => a + b, 0),
      preds.length,
    );
    assert.equal(d.confusion.matrix[0][1], preds.filter((p) => p.label === 0 && p.predicted === 1).length);
    assert.equal(
      d.reliability.bins.reduce((a, b) => a + b.count, 0),
      preds.length,
    );
    assert.equal(
      d.confidenceHistogram.reduce((a, b) => a + b.correct, 0),
      preds.filter((p) => p.correct).length,
    );
    assert.deepEqual(d.curves.map((c) => c.key).sort(), ['loss', 'loss/ce', 'lr']);
    assert.ok(d.comparable.some((c) => c.id === f.seed.pair.dmlRunId));
    assert.equal(await getRunDetail(f.db, 999_999), undefined);
  });

  it('compare: mean ± population std over folds, paired differences vs CE and the best per row', async () => {
    const v = await getCompare(f.db, { sweepId: f.seed.sweepId }, { sampleSize: 20 });
    assert.deepEqual(v.columns, ['ce', 'proxy-anchor', 'soft-triple']);
    const mr = v.rows.find((r) => r.dataset === 'MR (fixture)')!;
    for (const [i, loss] of v.columns.entries()) {
      const runs = await f.db.run.findMany({
        where: { loss, sampleSize: 20, dataset: { name: 'MR (fixture)' }, experiment: { sweepId: f.seed.sweepId } },
        orderBy: { fold: 'asc' },
      });
      const accs = await Promise.all(runs.map((r) => accuracyOf(f, r.id)));
      const mean = accs.reduce((a, b) => a + b, 0) / accs.length;
      const std = Math.sqrt(accs.reduce((a, b) => a + (b - mean) ** 2, 0) / accs.length);
      assert.ok(Math.abs(mr.cells[i]!.mean - mean) < 1e-12);
      assert.ok(Math.abs(mr.cells[i]!.std - std) < 1e-12);
    }
    const ce = mr.cells[0]!;
    const st = mr.cells[2]!;
    assert.ok(Math.abs(st.diff! - (st.mean - ce.mean)) < 1e-12); // same folds on both sides
    assert.ok(st.pValue! > 0 && st.pValue! <= 1);
    assert.equal(mr.cells.filter((c) => c?.best).length >= 1, true);
    assert.equal(mr.cells.find((c) => c?.best)!.mean, Math.max(...mr.cells.map((c) => c!.mean)));
    assert.deepEqual(
      v.curves[0].series[0].points.map((p) => p.x),
      [10, 20, 40],
    );
    const wilcoxon = await getCompare(f.db, { sweepId: f.seed.sweepId }, { sampleSize: 20, test: 'wilcoxon' });
    assert.equal(wilcoxon.test, 'wilcoxon');
    const stW = wilcoxon.rows.find((r) => r.dataset === 'MR (fixture)')!.cells[2]!;
    assert.ok(stW.pairs! < WILCOXON_MIN_PAIRS, 'the fixture has fewer folds than the Wilcoxon test needs');
    assert.equal(stW.tooFewPairs, true);
    assert.equal(stW.pValue, null);
    assert.match(
      compareTable(wilcoxon)
        .rows[0].cells.map((c) => c.text)
        .join(' '),
      /n too small: \d pairs/,
    );
    assert.equal(st.tooFewPairs, undefined, 'the t-test keeps its p-value');
    assert.equal(hasSampleSizeCurve(v), true);
    assert.equal(hasSampleSizeCurve({ ...v, sampleSizes: [20] }), false);
  });

  it("deciles: ten equal-count groups by rank, each run's own embeddings (or the CE run's as one reference)", async () => {
    assert.deepEqual(
      equalCountGroups(23).map(([a, b]) => b - a),
      [3, 3, 3, 2, 2, 2, 2, 2, 2, 2],
    );
    const { ceRunId, dmlRunId } = f.seed.pair;
    const own = await getDecileCurves(f.db, [dmlRunId, ceRunId], 'distance');
    assert.equal(own.distanceFrom, 'own');
    assert.equal(own.referenceRunId, undefined);
    assert.deepEqual(
      own.runs[0].points.map((p) => p.x),
      [1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
    );
    for (const r of own.runs) {
      const keys = r.points.map((p) => p.key);
      assert.deepEqual(
        keys,
        [...keys].sort((a, b) => a - b),
        `run ${r.runId}: its own distances ascend`,
      );
    }
    assert.notDeepEqual(
      own.runs[0].points.map((p) => p.key),
      own.runs[1].points.map((p) => p.key),
      "the DML run is not sorted by the CE run's embeddings",
    );
    const d = await getDecileCurves(f.db, [dmlRunId, ceRunId], 'distance', new Map(), { distanceFrom: 'reference' });
    assert.equal(d.referenceRunId, ceRunId);
    assert.deepEqual(
      d.runs[0].points.map((p) => p.key),
      d.runs[1].points.map((p) => p.key),
    );
    assert.equal(d.runs.length, 2);
    assert.equal(
      d.runs[0].points.reduce((a, p) => a + p.n, 0),
      60,
    );
    const xs = d.runs[0].points.map((p) => p.key);
    assert.deepEqual(
      xs,
      [...xs].sort((a, b) => a - b),
    );
    const weighted = d.runs[1].points.reduce((a, p) => a + p.accuracy * p.n, 0) / 60;
    assert.ok(Math.abs(weighted - (await accuracyOf(f, ceRunId))) < 1e-12);
    const len = await getDecileCurves(f.db, [ceRunId], 'length');
    assert.equal(len.runs[0].points.length, 10);
    const none = await getDecileCurves(f.db, [f.seed.runIds[f.seed.runIds.length - 1]], 'distance');
    assert.match(none.missing ?? '', /embeddings/);
  });

  it('sentences: the "wrong in A, right in B" filter and attributions of both runs', async () => {
    const { ceRunId, dmlRunId } = f.seed.pair;
    const v = (await getSentences(
      f.db,
      { ...parseSentencesQuery({ filter: 'wrong-a-right-b' }), runA: ceRunId, runB: dmlRunId },
      SENTENCES_PAGE_METHODS,
    ))!;
    for (const r of v.rows) assert.deepEqual([r.a.correct, r.b?.correct], [false, true]);
    const all = (await getSentences(f.db, { ...parseSentencesQuery({}), runA: ceRunId, runB: dmlRunId }, SENTENCES_PAGE_METHODS))!;
    assert.equal(all.total, 60);
    const first = all.rows[0];
    assert.ok(first.attributions.a.ig && first.attributions.b.ig && first.attributions.a.attention?.tokens.length);
    assert.equal(first.attributions.a.attention?.attention, undefined, 'lists leave the attention maps to the focused view');
    const explained = (await getSentences(
      f.db,
      { ...parseSentencesQuery({ filter: 'explained' }), runA: ceRunId },
      SENTENCES_PAGE_METHODS,
    ))!;
    assert.equal(explained.total, 8);
    assert.deepEqual(explained.explainable, [ceRunId]);
    const focus = (await getSentenceFocus(f.db, first.exampleId, [ceRunId, dmlRunId]))!;
    assert.equal(focus.attention[0].view?.attention?.perHeadCls?.length, 2);
    assert.ok(
      all.rows.some((r) => r.attributions.a.ig?.flagged),
      'the fixture has one large IG delta',
    );
    assert.ok(all.unexplained.some((u) => u.method === 'ig' && u.exampleIds.length === 12)); // 8 of 20 explained
  });

  it('sentences: explained sentences come first, counted, and paging still covers every sentence once', async () => {
    const { ceRunId, dmlRunId } = f.seed.pair;
    const q = { ...parseSentencesQuery({}), runA: ceRunId, runB: dmlRunId };
    const before = (await getSentences(f.db, q, SENTENCES_PAGE_METHODS))!;
    const last = (await getSentences(f.db, { ...q, page: before.pages }, SENTENCES_PAGE_METHODS))!;
    const late = last.rows[last.rows.length - 1].exampleId; // the highest example id, unexplained at first
    assert.equal(Object.keys(last.rows[last.rows.length - 1].attributions.a).length, 0);
    const template = await f.db.attribution.findFirstOrThrow({ where: { runId: ceRunId, method: 'ig' } });
    const { id: _id, createdAt: _c, ...row } = template;
    const added = await f.db.attribution.create({ data: { ...row, exampleId: late, optionsHash: 'late-test' } });
    try {
      const pages = [];
      for (let page = 1; page <= before.pages; page++) pages.push((await getSentences(f.db, { ...q, page }, SENTENCES_PAGE_METHODS))!);
      const first = pages[0];
      assert.equal(first.explained, before.explained + 1);
      const ids = pages.flatMap((p) => p.rows.map((r) => r.exampleId));
      assert.equal(ids.length, first.total);
      assert.equal(new Set(ids).size, ids.length, 'no sentence twice');
      const explainedFlags = pages.flatMap((p) =>
        p.rows.map((r) => Object.keys(r.attributions.a).length + Object.keys(r.attributions.b).length > 0),
      );
      assert.deepEqual(
        explainedFlags,
        explainedFlags.map((_, i) => i < first.explained),
        'explained first, then the rest',
      );
      assert.ok(ids.slice(0, first.explained).includes(late));
    } finally {
      await f.db.attribution.delete({ where: { id: added.id } });
    }
  });

  it("the demo's IG tally counts what the dashboard does not flag", async () => {
    const tally = await igTally(f.db, f.seed.sweepId);
    const rows = await f.db.attribution.findMany({ where: { method: 'ig', run: { experiment: { sweepId: f.seed.sweepId } } } });
    assert.equal(tally.rows, rows.length);
    assert.equal(tally.within, rows.filter((r) => !readAttribution(r).flagged).length);
    assert.ok(tally.within < tally.rows, 'the fixture has a flagged delta');
  });

  it('embeddings: projection points joined with their sentences, proxies for DML runs', async () => {
    const p = (await getEmbeddingPanel(f.db, f.seed.pair.dmlRunId, 'pca'))!;
    assert.equal(p.method, 'pca');
    assert.equal(p.points.length, 60);
    assert.equal(p.proxies.length, 2);
    assert.deepEqual(p.available.sort(), ['pca', 'umap']);
    const ce = (await getEmbeddingPanel(f.db, f.seed.pair.ceRunId))!;
    assert.equal(ce.method, 'umap');
    assert.equal(ce.proxies.length, 0);
  });
});
