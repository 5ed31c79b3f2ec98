// The checks of a train config that need the database: the dataset and the model exist, and the
// protocol's sizes fit the data (samples within the pool, enough examples per class, a test split).
import type { Db } from '../db/client';
import { UserError } from '../errors';
import { datasetNames, exampleCounts, findDataset } from '../store/datasets';
import { resolveModelDir } from '../store/models';
import type { ConfigProblem } from './config';
import { CPU_DEFAULT_MODEL } from './presets';

export interface ResolvedTargets {
  datasetId: number;
  numClasses: number;
  labelNames: string[];
  hasPairs: boolean;
  modelId: number | null;
  /** Absolute folder of the model (Hugging Face format). */
  modelPath: string;
}

interface Loose {
  dataset?: unknown;
  model?: unknown;
  protocol?: unknown;
  samples?: unknown;
  folds?: unknown;
  perClass?: unknown;
  preset?: unknown;
}

const asInt = (x: unknown) => (typeof x === 'number' && Number.isInteger(x) ? x : undefined);

/** The folder of a model given as a registered name or a path (lib/store/models.ts); undefined when unknown. */
export async function resolveModel(db: Db, model: string): Promise<{ modelId: number | null; modelPath: string } | undefined> {
  try {
    const { dir, record } = await resolveModelDir(model, db);
    return { modelId: record?.id ?? null, modelPath: dir };
  } catch (err) {
    if (err instanceof UserError) return undefined;
    throw err;
  }
}

async function modelProblems(
  db: Db,
  c: Loose,
): Promise<{ problems: ConfigProblem[]; model?: { modelId: number | null; modelPath: string } }> {
  if (typeof c.model !== 'string' || !c.model) return { problems: [] };
  const model = await resolveModel(db, c.model);
  if (model) return { problems: [], model };
  const hint =
    c.model === CPU_DEFAULT_MODEL
      ? ` (the cpu preset's default model is not installed yet: pass --model <folder or registered name>, e.g. one made by "dml-lens model init")`
      : ' (neither a registered model name, see "dml-lens model list", nor a folder with config.json)';
  return { problems: [{ path: 'model', message: `unknown model "${c.model}"${hint}` }] };
}

type Counts = Map<string, number[]>; // split -> examples per label

async function splitCounts(db: Db, datasetId: number, numClasses: number): Promise<Counts> {
  const counts: Counts = new Map();
  for (const g of await exampleCounts(db, datasetId)) {
    const row = counts.get(g.split) ?? new Array<number>(numClasses).fill(0);
    if (g.label >= 0 && g.label < numClasses) row[g.label] += g.count;
    counts.set(g.split, row);
  }
  return counts;
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

function poolProblems(c: Loose, counts: Counts, labelNames: string[]): ConfigProblem[] {
  const out: ConfigProblem[] = [];
  const train = counts.get('train') ?? [];
  const pool = sum(train);
  const samples = asInt(c.samples) ?? 20;
  const perClass = asInt(c.perClass);
  if (pool === 0) return [{ path: 'dataset', message: 'the dataset has no "train" examples to sample from' }];
  if (c.protocol === 'kfold' || c.protocol === undefined) {
    const folds = asInt(c.folds) ?? 4;
    if (folds > pool) out.push({ path: 'folds', message: `${folds} folds need at least ${folds} examples, the pool has ${pool}` });
    const smallestTrainPart = pool - Math.ceil(pool / folds);
    if (samples > smallestTrainPart)
      out.push({
        path: 'samples',
        message: `samples (${samples}) is larger than the pool outside one fold (${smallestTrainPart} of ${pool} examples with ${folds} folds)`,
      });
  }
  if ((c.protocol === 'per-class' || c.protocol === 'official') && perClass !== undefined) {
    const evalNeeds = c.protocol === 'per-class' ? 1 : 0; // per-class evaluates on the rest of the pool
    train.forEach((n, label) => {
      if (n < perClass + evalNeeds)
        out.push({
          path: 'perClass',
          message: `class "${labelNames[label] ?? label}" has ${n} training examples, fewer than perClass (${perClass})${evalNeeds ? ' plus one to evaluate' : ''}`,
        });
    });
  }
  if (c.protocol === 'official') {
    if (perClass === undefined && samples > pool)
      out.push({ path: 'samples', message: `samples (${samples}) is larger than the train split (${pool})` });
    if (!sum(counts.get('test') ?? []) && !sum(counts.get('dev') ?? []))
      out.push({
        path: 'protocol',
        message: 'protocol "official" needs a test (or dev) split; this dataset has none (use kfold or per-class)',
      });
  }
  return out;
}

/** Database checks of a (possibly invalid) config; targets are set when dataset and model resolve. */
export async function databaseProblems(db: Db, c: Loose): Promise<{ problems: ConfigProblem[]; targets?: ResolvedTargets }> {
  const problems: ConfigProblem[] = [];
  const { problems: mp, model } = await modelProblems(db, c);
  problems.push(...mp);
  if (typeof c.dataset !== 'string' || !c.dataset) return { problems };
  const ds = await findDataset(db, c.dataset);
  if (!ds) {
    const all = await datasetNames(db);
    const near = all.find((name) => name.toLowerCase() === String(c.dataset).toLowerCase());
    const hint = near
      ? `; did you mean "${near}"?`
      : all.length
        ? `; imported: ${all.join(', ')}`
        : '; import one with "dml-lens data import"';
    problems.push({ path: 'dataset', message: `unknown dataset "${c.dataset}"${hint}` });
    return { problems };
  }
  const labelNames = JSON.parse(ds.labelNamesJson) as string[];
  problems.push(...poolProblems(c, await splitCounts(db, ds.id, ds.numClasses), labelNames));
  if (!model) return { problems };
  return { problems, targets: { datasetId: ds.id, numClasses: ds.numClasses, labelNames, hasPairs: ds.hasPairs, ...model } };
}
