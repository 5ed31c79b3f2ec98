// After the demo's runs: the embedding maps, reliability analyses and token attributions the
// dashboard shows. Each step is skipped when its result is already stored (a second demo reuses).
import type { Db } from '../db/client';
import { analyzeRun, projectRun } from '../analysis/service';
import { explainRun } from '../explain/service';
import { countAnalyses } from '../store/analyses';
import { attributionsOfSweep, countAttributions } from '../store/attributions';
import { countProjections } from '../store/projections';
import { doneRunsOfSweep } from '../store/run-lookup';
import { readAttribution } from '../store/views/attributions';

/** One distance for every demo map, so the Embeddings page compares CE and DML runs like for like. */
export const DEMO_UMAP_METRIC = 'cosine';

export interface PostProcessOptions {
  /** Sentences explained per run (first fold of each experiment). */
  explainLimit: number;
  log(line: string): void;
}

/** How many of the sweep's IG rows are within tolerance, and the steps they used (the demo's closing note). */
export async function igTally(db: Db, sweepId: number): Promise<{ rows: number; within: number; steps: Record<string, number> }> {
  const rows = await attributionsOfSweep(db, sweepId, 'ig');
  const tally = { rows: rows.length, within: 0, steps: {} as Record<string, number> };
  for (const r of rows) {
    const view = readAttribution(r, { attentionDetail: false }); // the dashboard's flag, so the note and the pages agree
    if (view.delta !== undefined && !view.flagged) tally.within++;
    const key = String(view.steps ?? '?');
    tally.steps[key] = (tally.steps[key] ?? 0) + 1;
  }
  return tally;
}

export async function postProcessSweep(db: Db, sweepId: number, opts: PostProcessOptions): Promise<void> {
  const runs = await doneRunsOfSweep(db, sweepId);
  for (const run of runs) {
    const label = `run ${run.id} (${run.dataset.name}, ${run.loss}, fold ${run.fold})`;
    if (!(await countProjections(db, { runId: run.id, method: 'umap', paramsText: `"metric":"${DEMO_UMAP_METRIC}"` }))) {
      const t0 = Date.now();
      await projectRun(db, { runId: run.id, method: 'umap', seed: 42, metric: DEMO_UMAP_METRIC });
      opts.log(`${label}: UMAP map in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    }
    if (!(await countAnalyses(db, run.id))) {
      await analyzeRun(db, { runId: run.id });
      opts.log(`${label}: reliability and retrieval analyses`);
    }
    if (run.fold !== 0) continue;
    for (const method of ['ig', 'grad-input', 'attention']) {
      if (await countAttributions(db, run.id, method)) continue;
      const t0 = Date.now();
      await explainRun(db, { runId: run.id, method, limit: opts.explainLimit, seed: 7 });
      opts.log(`${label}: ${method} for ${opts.explainLimit} sentences in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    }
  }
}
