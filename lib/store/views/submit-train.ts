// Submitting the New run / sweep form: every combination of the sweep axes (losses x sample sizes)
// is validated by the training side's validateTrainConfig; problems are returned per form field
// (all of them, nothing queued); otherwise a Sweep row (when there is more than one combination)
// and each experiment's runs are queued with enqueueValidated.
import type { Db } from '../../db/client';
import { enqueueValidated } from '../../jobs/queue';
import { validateTrainConfig, type TrainConfig } from '../../training/config';
import type { ResolvedTargets } from '../../training/config-db-checks';
import { PATH_TO_FIELD, readFormValues, type FormValues } from './train-form-fields';

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
  if (!tooMany) { // validate even when some fields could not be read, so every problem shows at once
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
    return { ok: false, problems, experimentIds: [], runIds: [], message: 'Nothing was queued: fix the fields marked below.' };
  }
  let sweepId: number | undefined;
  if (valid.length > 1) {
    const sweep = await db.sweep.create({
      data: { name: String(shared.name ?? `sweep: ${losses.join(', ')} × n=${sampleSizes.join(', ') || 'default'}`), status: 'queued', configJson: JSON.stringify({ shared, losses, sampleSizes }) },
    });
    sweepId = sweep.id;
  }
  const experimentIds: number[] = [];
  const runIds: number[] = [];
  for (const { config, targets } of valid) {
    const named = valid.length > 1 && config.name ? { ...config, name: `${config.name} · ${config.loss} n=${config.samples}` } : config;
    const e = await enqueueValidated(db, named, targets, { sweepId });
    experimentIds.push(e.experimentId);
    runIds.push(...e.runIds);
  }
  return { ok: true, problems: {}, sweepId, experimentIds, runIds, message: `Queued ${runIds.length} run${runIds.length === 1 ? '' : 's'} in ${experimentIds.length} experiment${experimentIds.length === 1 ? '' : 's'}.` };
}
