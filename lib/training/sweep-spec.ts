// A sweep: a grid of train configs. The file (or the CLI flags) gives a base config and, per key,
// a list of values; every combination is one experiment (its folds and seeds are its runs).
//   { "name": "MR: CE vs SoftTriple",
//     "base": { "preset": "cpu", "model": "models/tiny", "folds": 4, "seeds": [2048] },
//     "grid": { "dataset": ["MR", "CR"], "loss": ["ce", "soft-triple"], "beta": [0.4, 0.7],
//               "samples": [20, 50], "lossParams.la": [8, 9] } }
// "lossParams.<name>" varies one loss hyper-parameter. CE ignores beta and loss parameters, so
// combinations that only differ there collapse into one CE experiment.
import { z } from 'zod';
import { configHash } from '../store/experiments';
import { parseTrainConfig, type ConfigProblem, type TrainConfig } from './config';

export const SweepSpecSchema = z.strictObject({
  name: z.string().min(1).max(200).optional(),
  base: z.record(z.string(), z.unknown()).default({}),
  grid: z.record(z.string(), z.array(z.unknown()).min(1, 'needs at least one value')).default({}),
});

export type SweepSpec = z.infer<typeof SweepSpecSchema>;

const MAX_EXPERIMENTS = 2000;

/** Every combination of the grid, in key order, the last key varying fastest. */
export function gridCombinations(grid: Record<string, unknown[]>): Record<string, unknown>[] {
  return Object.entries(grid).reduce<Record<string, unknown>[]>(
    (acc, [key, values]) => acc.flatMap((combo) => values.map((v) => ({ ...combo, [key]: v }))),
    [{}],
  );
}

function applyCombo(base: Record<string, unknown>, combo: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(combo)) {
    if (key.startsWith('lossParams.')) {
      const prev = typeof out.lossParams === 'object' && out.lossParams ? (out.lossParams as Record<string, unknown>) : {};
      out.lossParams = { ...prev, [key.slice('lossParams.'.length)]: value };
    } else out[key] = value;
  }
  return out;
}

/** CE ignores the DML settings: drop loss parameters a combination set for it. */
function forLoss(input: Record<string, unknown>): Record<string, unknown> {
  return input.loss === 'ce' ? { ...input, lossParams: {}, proxyLr: undefined, beta: 1 } : input;
}

export interface ExpandedSweep {
  configs: TrainConfig[];
  problems: ConfigProblem[];
}

/** The distinct experiment configs of a sweep (validated without the database). */
export function expandSweep(input: unknown): ExpandedSweep {
  const spec = SweepSpecSchema.safeParse(input);
  if (!spec.success)
    return {
      configs: [],
      problems: spec.error.issues.map((i) => ({
        path: i.path.map(String).join('.') || '(sweep)',
        message: i.code === 'unrecognized_keys' ? `unknown key(s) ${i.keys.join(', ')} (a sweep has name, base, grid)` : i.message,
      })),
    };
  const combos = gridCombinations(spec.data.grid);
  if (combos.length > MAX_EXPERIMENTS)
    return { configs: [], problems: [{ path: 'grid', message: `${combos.length} combinations; at most ${MAX_EXPERIMENTS}` }] };
  const configs: TrainConfig[] = [];
  const problems: ConfigProblem[] = [];
  const seen = new Set<string>();
  for (const combo of combos) {
    const parsed = parseTrainConfig(forLoss(applyCombo(spec.data.base, combo)));
    const where = Object.entries(combo)
      .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
      .join(' ');
    if (!parsed.ok) {
      for (const p of parsed.problems) problems.push({ path: where ? `[${where}] ${p.path}` : p.path, message: p.message });
      continue;
    }
    const hash = configHash(parsed.config);
    if (!seen.has(hash)) {
      seen.add(hash);
      configs.push(parsed.config);
    }
  }
  // a problem repeated by every combination is reported once
  const unique = [...new Map(problems.map((p) => [`${p.path.replace(/^\[.*?\] /, '')}|${p.message}`, p])).values()];
  return { configs, problems: unique };
}
