// Queueing a sweep: every configuration of the grid is validated (against the database too, once
// each) before anything is written; then the sweep, its experiments, runs and jobs are created in
// one transaction, all or nothing.
import type { Db } from '../db/client';
import { ConfigError } from '../errors';
import { createSweep } from '../store/experiments';
import { inTransaction } from '../store/transaction';
import { formatProblems, validateTrainConfig, type TrainConfig } from '../training/config';
import type { ResolvedTargets } from '../training/config-db-checks';
import { expandSweep } from '../training/sweep-spec';
import { insertExperiment } from './queue';

export interface QueuedSweep {
  sweepId: number;
  experimentIds: number[];
  runs: number;
}

/** Validates every configuration (against the database too) and queues them in one transaction. */
export async function queueSweep(
  db: Db,
  spec: unknown,
  opts: { name?: string; priority?: number; tags?: string[] } = {},
): Promise<QueuedSweep> {
  const { configs, problems } = expandSweep(spec);
  const checked = await Promise.all(configs.map((c) => validateTrainConfig(db, c)));
  const all = [...formatProblems(problems)];
  checked.forEach((v, i) => {
    if (!v.ok) all.push(...formatProblems(v.problems).map((p) => `[${configs[i].dataset} ${configs[i].loss}] ${p}`));
  });
  if (all.length || !configs.length) throw new ConfigError(all.length ? [...new Set(all)] : ['the sweep has no configuration'], 'sweep');
  const name = opts.name ?? (spec as { name?: string }).name ?? `sweep of ${configs.length} configurations`;
  return queueValidatedSweep(
    db,
    name,
    spec,
    checked.flatMap((v) => (v.ok ? [{ config: v.config, targets: v.targets }] : [])),
    opts,
  );
}

/** Queues configurations the caller already validated (the web form), in one transaction. */
export async function queueValidatedSweep(
  db: Db,
  name: string,
  spec: unknown,
  valid: { config: TrainConfig; targets: ResolvedTargets }[],
  opts: { priority?: number; tags?: string[] } = {},
): Promise<QueuedSweep> {
  return inTransaction(db, async (tx) => {
    const sweepId = await createSweep(tx, name, spec);
    const experimentIds: number[] = [];
    let runs = 0;
    for (const v of valid) {
      const q = await insertExperiment(tx, v.config, v.targets, { sweepId, priority: opts.priority, tags: opts.tags });
      experimentIds.push(q.experimentId);
      runs += q.runIds.length;
    }
    return { sweepId, experimentIds, runs };
  });
}
