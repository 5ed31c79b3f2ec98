// The new-run page's estimate, before submitting: the form's configs (losses x sizes), their
// runs and steps (train size from the protocol's numbers), time from this machine's cached
// calibrations (no tfjs in the web process: shapes never calibrated are extrapolated by FLOPs, or
// reported as unknown) and the memory verdict for the backend the workers use by default.
import fs from 'node:fs';
import path from 'node:path';
import type { Db } from '../db/client';
import { parseEncoderConfig } from '../model/config';
import { readFormValues, type FormValues } from '../store/views/train-form-fields';
import { validateTrainConfig, type TrainConfig } from './config';
import { describeCost, estimateCost, formatHours } from './cost-estimate';
import { totalStepsOf } from './schedule';

/** Training examples of one run under the config's protocol (as run-data.ts draws them). */
function trainSize(c: TrainConfig, numClasses: number): number {
  return c.perClass !== undefined && c.protocol !== 'kfold' ? c.perClass * numClasses : c.samples;
}

export async function estimateForm(db: Db, values: FormValues, backend = process.env.DML_BACKEND?.trim() || 'wasm'): Promise<string[]> {
  const { shared, losses, sampleSizes } = readFormValues(values);
  const lines: string[] = [];
  let hours = 0;
  for (const loss of losses.length ? losses : [undefined]) {
    for (const samples of sampleSizes.length ? sampleSizes : [undefined]) {
      const v = await validateTrainConfig(db, { ...shared, ...(loss ? { loss } : {}), ...(samples ? { samples } : {}) });
      if (!v.ok) return [`cannot estimate yet: ${v.problems[0].path}: ${v.problems[0].message}`];
      const file = path.join(v.targets.modelPath, 'config.json');
      const model = parseEncoderConfig(JSON.parse(fs.readFileSync(file, 'utf8')), file);
      const runs = v.config.protocol === 'kfold' ? v.config.folds * v.config.seeds.length : v.config.seeds.length;
      const e = estimateCost(
        backend,
        model,
        v.config,
        runs,
        totalStepsOf(trainSize(v.config, v.targets.numClasses), v.config),
        v.targets.numClasses,
      );
      hours += Number.isFinite(e.hours) ? e.hours : 0;
      lines.push(...describeCost(e, `${v.config.dataset} ${v.config.loss}, ${v.config.samples} samples`, backend));
    }
  }
  if (lines.length > 4) lines.push(`total: ${formatHours(hours)}`);
  return lines;
}
