// Submitting the New run / sweep form: every combination of the sweep axes (losses x sample sizes)
// is validated by the training side's validateTrainConfig; problems are returned per form field
// (all of them, nothing queued); otherwise one experiment is queued with enqueueValidated, or
// several as a sweep with queueValidatedSweep (lib/jobs/queue-sweep.ts, one transaction): each
// combination is validated against the database once, here.
import type { Db } from '../db/client';
import { runIdsOfExperiments } from '../store/queue-rows';
import { PATH_TO_FIELD, readFormValues, type FormValues } from '../store/views/train-form-fields';
import { formatProblems, validateTrainConfig, type TrainConfig } from '../training/config';
import { expandSweep } from '../training/sweep-spec';
import type { ResolvedTargets } from '../training/config-db-checks';
import { enqueueValidated } from './queue';
import { queueValidatedSweep } from './queue-sweep';

export interface SubmitResult {
  ok: boolean;
  /** Problems by form field name; '' holds problems of the config as a whole. */
  problems: Record<string, string[]>;
  sweepId?: number;
  experimentIds: number[];
  runIds: number[];
  message?: string;
}

export const MAX_COMBINATIONS = 64;

export async function submitTrainForm(db: Db, values: FormValues): Promise<SubmitResult> {
  const { shared, losses, sampleSizes, problems: readProblems } = readFormValues(values);
  const problems: Record<string, string[]> = {};
  const add = (path: string, message: string) => {
    const field = PATH_TO_FIELD[path.split('.')[0]] ?? (path === '(config)' ? '' : path.split('.')[0]);
    const list = (problems[field] ??= []);
    const text = /received undefined/.test(message) ? 'required' : message; // zod's wording for a missing field
    if (!list.includes(text)) list.push(text);
  };
  readProblems.forEach((p) => add(p.path, p.message));
  const lossList = losses.length ? losses : [undefined];
  const sizeList = sampleSizes.length ? sampleSizes : [undefined];
  const tooMany = lossList.length * sizeList.length > MAX_COMBINATIONS;
  if (tooMany) add('losses', `at most ${MAX_COMBINATIONS} combinations per sweep (${lossList.length} losses × ${sizeList.length} sizes)`);
  const valid: { config: TrainConfig; targets: ResolvedTargets }[] = [];
  if (!tooMany) {
    // validate even when some fields could not be read, so every problem shows at once
    for (const loss of lossList) {
      for (const samples of sizeList) {
        const input = { ...shared, ...(loss !== undefined ? { loss } : {}), ...(samples !== undefined ? { samples } : {}) };
        const v = await validateTrainConfig(db, input);
        if (v.ok) valid.push({ config: v.config, targets: v.targets });
        else v.problems.forEach((p) => add(p.path, p.message));
      }
    }
  }
  if (Object.keys(problems).length || valid.length === 0) {
    return { ok: false, problems, experimentIds: [], runIds: [], message: 'Nothing was queued: fix the fields marked above.' };
  }
  if (valid.length === 1) {
    const e = await enqueueValidated(db, valid[0].config, valid[0].targets);
    return { ok: true, problems: {}, experimentIds: [e.experimentId], runIds: e.runIds, message: queuedMessage(e.runIds.length, 1) };
  }
  // several combinations: the training side's sweep queues them all in one transaction
  const { name, ...base } = shared;
  const grid: Record<string, unknown[]> = {};
  if (losses.length) grid.loss = losses;
  if (sampleSizes.length) grid.samples = sampleSizes;
  const sweepName =
    typeof name === 'string' && name ? name : `sweep: ${losses.join(', ') || 'default loss'} × n=${sampleSizes.join(', ') || 'default'}`;
  // every combination was validated against the database above (one data set, one model: the same
  // targets); the sweep's own expansion normalises and de-duplicates them (CE drops DML settings)
  const spec = { name: sweepName, base, grid };
  const expanded = expandSweep(spec);
  if (expanded.problems.length || !expanded.configs.length) {
    return {
      ok: false,
      problems: { '': formatProblems(expanded.problems) },
      experimentIds: [],
      runIds: [],
      message: 'Nothing was queued: the sweep was refused.',
    };
  }
  const q = await queueValidatedSweep(
    db,
    sweepName,
    spec,
    expanded.configs.map((config) => ({ config, targets: valid[0].targets })),
  );
  const sweepId = q.sweepId;
  const experimentIds = q.experimentIds;
  const runIds = await runIdsOfExperiments(db, q.experimentIds);
  return { ok: true, problems: {}, sweepId, experimentIds, runIds, message: queuedMessage(runIds.length, experimentIds.length) };
}

function queuedMessage(runs: number, experiments: number): string {
  return `Queued ${runs} run${runs === 1 ? '' : 's'} in ${experiments} experiment${experiments === 1 ? '' : 's'}.`;
}
