// Checks a web form submission gets on top of the training config's own validation: the model
// field names a registered model or a folder under the checkout's models/ (never any folder on
// the server), and one submission queues at most MAX_RUNS_PER_SUBMISSION runs. Problems come back
// per form field, like the config's; nothing is queued when there is one.
import fs from 'node:fs';
import path from 'node:path';
import type { Db } from '../db/client';
import { isInside } from '../model/model-folders';
import { modelsDir, projectRoot } from '../paths';
import { findModelByName } from '../store/models';
import type { FormValues } from '../store/views/train-form-fields';

export const MAX_RUNS_PER_SUBMISSION = 100;
const DEFAULT_FOLDS = 4;

const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v)?.trim() ?? '';
const listLength = (v: string | string[] | undefined) =>
  first(v)
    .split(/[\s,]+/)
    .filter(Boolean).length;

/** Why the model field is refused from the web, or undefined when it is allowed (or empty: the preset fills it). */
export async function webModelProblem(db: Db, value: string): Promise<string | undefined> {
  if (!value) return undefined;
  if (await findModelByName(value, db)) return undefined;
  const root = modelsDir();
  const candidates = path.isAbsolute(value)
    ? [value]
    : [path.resolve(projectRoot(), value), path.join(root, value), path.join(root, 'cache', value)];
  const inside = candidates.filter((c) => isInside(root, c));
  if (inside.some((c) => fs.existsSync(path.join(c, 'config.json')))) return undefined;
  return inside.length
    ? `no model "${value}" under models/ and no registered model of that name (see "dml-lens model list")`
    : `"${value}" is outside the checkout's models/ folder; the dashboard only trains registered models and folders under models/ (register others with "dml-lens model init" / "model pull", or use the CLI)`;
}

/** Runs one submission would queue: losses x sample sizes x folds (kfold) x seeds. */
export function runsInSubmission(values: FormValues): { runs: number; parts: string } {
  const losses = Math.max(1, (Array.isArray(values.losses) ? values.losses : values.losses ? [values.losses] : []).filter(Boolean).length);
  const sizes = Math.max(1, listLength(values.sampleSizes));
  const protocol = first(values.protocol) || 'kfold';
  const foldsRaw = Number(first(values.folds));
  const folds = protocol === 'kfold' ? (Number.isInteger(foldsRaw) && foldsRaw > 0 ? foldsRaw : DEFAULT_FOLDS) : 1;
  const seeds = Math.max(1, listLength(values.seeds));
  return {
    runs: losses * sizes * folds * seeds,
    parts: `${losses} loss${losses > 1 ? 'es' : ''} × ${sizes} size${sizes > 1 ? 's' : ''} × ${folds} fold${folds > 1 ? 's' : ''} × ${seeds} seed${seeds > 1 ? 's' : ''}`,
  };
}

/** Field problems of a web submission beyond the config's own checks (empty when none). */
export async function webSubmissionProblems(db: Db, values: FormValues): Promise<Record<string, string[]>> {
  const problems: Record<string, string[]> = {};
  const model = await webModelProblem(db, first(values.model));
  if (model) problems.model = [model];
  const { runs, parts } = runsInSubmission(values);
  if (runs > MAX_RUNS_PER_SUBMISSION) {
    problems.folds = [
      `this would queue ${runs} runs (${parts}); one submission may queue at most ${MAX_RUNS_PER_SUBMISSION}: fewer losses, sizes, folds or seeds, or use "dml-lens sweep" for large grids`,
    ];
  }
  return problems;
}
