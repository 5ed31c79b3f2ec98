// The scale-out check's audit from a fourth process: every run of the sweep done exactly once (the
// workers' trace), one set of predictions each, every artifact readable from the shared store with
// its checksum and shape, every job done, and no pg-boss doorbell left queued.
import { pgBossJobStates } from '../../lib/store/pg-boss-states';
import type { Db } from '../../lib/db/client';
import { BOSS_SCHEMA } from '../../lib/jobs/pg-boss-queue';
import { readRunArray } from '../../lib/store/artifacts/run-artifacts';
import { getRunOutcomes, jobsOfRuns, workerRowCount, type RunOutcome } from '../../lib/store/views/run-outcomes';
import { traceTally } from '../../test/jobs/fixture';

export interface SweepAudit {
  runs: RunOutcome[];
  tally: Record<string, unknown>;
}

export async function auditSweep(db: Db, runIds: number[], traceFile: string, fail: (line: string) => never): Promise<SweepAudit> {
  const runs = await getRunOutcomes(db, runIds);
  if (runs.length !== runIds.length) fail(`${runIds.length - runs.length} run row(s) of the sweep are gone`);
  const trace = traceTally(traceFile);
  let files = 0;
  for (const r of runs) {
    if (r.status !== 'done') fail(`run ${r.id} is ${r.status}: ${r.error ?? ''}`);
    if (r.predictions !== r.evalSize) fail(`run ${r.id}: ${r.predictions} predictions for ${r.evalSize} evaluated sentences`);
    const t = trace.get(r.id);
    if (!t || t.done !== 1) fail(`run ${r.id} finished ${t?.done ?? 0} times`);
    if (!r.artifacts.length) fail(`run ${r.id} has no artifacts`);
    for (const a of r.artifacts) {
      const arr = await readRunArray(r.id, a);
      if (JSON.stringify(arr.shape) !== a.shapeJson)
        fail(`run ${r.id}: artifact ${a.path} has shape ${JSON.stringify(arr.shape)}, expected ${a.shapeJson}`);
      files++;
    }
  }
  const jobs = await jobsOfRuns(db, runIds);
  const stuck = jobs.filter((j) => j.status !== 'done');
  if (stuck.length) fail(`jobs not done: ${stuck.map((j) => `${j.id}:${j.status}`).join(', ')}`);
  const bells = await pgBossJobStates(db, BOSS_SCHEMA);
  const queuedBells = bells.filter((b) => b.state === 'created' || b.state === 'retry').reduce((s, b) => s + b.n, 0);
  if (queuedBells) fail(`${queuedBells} pg-boss doorbell(s) still queued after every job ended`);
  return {
    runs,
    tally: {
      runs: runs.length,
      done: runs.length,
      attemptsStarted: [...trace.values()].reduce((s, t) => s + t.start, 0),
      finishedTwice: 0,
      artifactFilesRead: files,
      jobAttempts: jobs.reduce((s, j) => s + j.attempts, 0),
      workerRows: await workerRowCount(db),
      doorbells: Object.fromEntries(bells.map((b) => [b.state, b.n])),
      queuedDoorbellsLeft: queuedBells,
    },
  };
}
