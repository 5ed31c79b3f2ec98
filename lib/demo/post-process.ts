// After the demo's runs: the embedding maps, reliability analyses and token attributions the
// dashboard shows. Each step is skipped when its result is already stored (a second demo reuses).
import type { Db } from '../db/client';
import { analyzeRun, projectRun } from '../analysis/service';
import { explainRun } from '../explain/service';

/** One distance for every demo map, so the Embeddings page compares CE and DML runs like for like. */
export const DEMO_UMAP_METRIC = 'cosine';

export interface PostProcessOptions {
  /** Sentences explained per run (first fold of each experiment). */
  explainLimit: number;
  log(line: string): void;
}

export async function postProcessSweep(db: Db, sweepId: number, opts: PostProcessOptions): Promise<void> {
  const runs = await db.run.findMany({ where: { experiment: { sweepId }, status: 'done' }, orderBy: { id: 'asc' }, select: { id: true, fold: true, loss: true, dataset: { select: { name: true } } } });
  for (const run of runs) {
    const label = `run ${run.id} (${run.dataset.name}, ${run.loss}, fold ${run.fold})`;
    if (!(await db.projection.count({ where: { runId: run.id, method: 'umap', paramsJson: { contains: `"metric":"${DEMO_UMAP_METRIC}"` } } }))) {
      const t0 = Date.now();
      await projectRun(db, { runId: run.id, method: 'umap', seed: 42, metric: DEMO_UMAP_METRIC });
      opts.log(`${label}: UMAP map in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    }
    if (!(await db.analysis.count({ where: { runId: run.id } }))) {
      await analyzeRun(db, { runId: run.id });
      opts.log(`${label}: reliability and retrieval analyses`);
    }
    if (run.fold !== 0) continue;
    for (const method of ['ig', 'grad-input', 'attention']) {
      if (await db.attribution.count({ where: { runId: run.id, method } })) continue;
      const t0 = Date.now();
      await explainRun(db, { runId: run.id, method, limit: opts.explainLimit, seed: 7 });
      opts.log(`${label}: ${method} for ${opts.explainLimit} sentences in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    }
  }
}
