// `dml-lens sweep <file>` / `dml-lens sweep --dataset MR,CR --loss ce,soft-triple ...` queues a grid
// of experiments; `dml-lens sweep status <id>` reports each configuration (mean ± std) and each DML
// configuration against CE on the same folds (mean difference, paired t-test and Wilcoxon p).
import type { CommandSpec, ParsedArgs } from '../../../lib/cli/command';
import { UsageError } from '../../../lib/cli/command';
import { UserError } from '../../../lib/errors';
import { JOB_TAG_FLAGS, requiredTagsOf, workerCommandFor } from '../../../lib/jobs/job-tag-flags';
import { LOSS_PARAM_FLAG, LOSSES_HELP, trainFlagSpecs } from '../../../lib/training/cli-flags';

async function queue(args: ParsedArgs): Promise<void> {
  const f = args.flags;
  const { readConfigFile, sweepFromFlags } = await import('../../../lib/training/cli-flags');
  const fromFlags = sweepFromFlags(f);
  let spec: Record<string, unknown>;
  if (args.positionals[0]) {
    const file = readConfigFile(args.positionals[0]);
    spec = { ...file, base: { ...(file.base ?? {}), ...fromFlags.base }, grid: { ...(file.grid ?? {}), ...fromFlags.grid } };
    if (fromFlags.name) spec.name = fromFlags.name;
  } else {
    if (!Object.keys(fromFlags.base).length && !Object.keys(fromFlags.grid).length)
      throw new UsageError('give a sweep file or flags (e.g. --dataset MR,CR --loss ce,soft-triple --model <dir>)');
    spec = { ...fromFlags, ...(fromFlags.name ? {} : { name: undefined }) };
    if (spec.name === undefined) delete spec.name;
  }
  const { getDb } = await import('../../../lib/db/client');
  if (f.estimate) {
    const { expandSweep } = await import('../../../lib/training/sweep-spec');
    const { estimateExperiment, sweepTotal } = await import('../../../lib/training/estimate');
    const { formatProblems } = await import('../../../lib/training/config');
    const { ConfigError } = await import('../../../lib/errors');
    const expanded = expandSweep(spec);
    if (expanded.problems.length) throw new ConfigError(formatProblems(expanded.problems), 'sweep');
    const parts = [];
    for (const config of expanded.configs)
      parts.push(
        await estimateExperiment(getDb(), config, { calibrate: f.calibrate !== false, log: (l) => process.stderr.write(`${l}\n`) }),
      );
    if (f.json)
      return void console.log(
        JSON.stringify(
          parts.map((p) => ({ label: p.label, ...p.estimate })),
          null,
          2,
        ),
      );
    for (const p of parts) console.log(p.lines.join('\n  '));
    console.log(sweepTotal(parts));
    return;
  }
  const { queueSweep } = await import('../../../lib/jobs/queue-sweep');
  const tags = requiredTagsOf(f);
  const q = await queueSweep(getDb(), spec, { tags });
  if (f.json) return void console.log(JSON.stringify(q, null, 2));
  console.log(
    `queued sweep ${q.sweepId}: ${q.experimentIds.length} configuration(s), ${q.runs} run(s); run them with \`${workerCommandFor(tags)}\`, follow with \`dml-lens sweep status ${q.sweepId}\``,
  );
}

async function status(args: ParsedArgs): Promise<void> {
  const id = Number(args.positionals[0]);
  if (!Number.isInteger(id) || id < 1) throw new UsageError(`expected a sweep id, got "${args.positionals[0] ?? ''}"`);
  const { getDb } = await import('../../../lib/db/client');
  const { sweepReport } = await import('../../../lib/store/sweeps');
  const metric = (args.flags.metric as string) ?? 'accuracy';
  const r = await sweepReport(getDb(), id, metric);
  if (!r) throw new UserError(`no sweep ${id}`);
  if (args.flags.json) return void console.log(JSON.stringify(r, null, 2));
  const { printSweepReport } = await import('../../../lib/training/sweep-report-text');
  printSweepReport(r, metric);
}

export const commands: CommandSpec[] = [
  {
    name: 'sweep',
    summary: 'Queue a grid of experiments (datasets x losses x hyper-parameters x sizes) from a JSON file or flags',
    usage: 'dml-lens sweep <file.json> | dml-lens sweep --dataset MR,CR --loss ce,soft-triple --beta 0.4,0.7 --model <dir> [flags]',
    positionals: [{ name: 'file', description: 'Sweep JSON: {"name", "base": {train config}, "grid": {"key": [values...]}}' }],
    flags: [
      ...trainFlagSpecs(true),
      LOSS_PARAM_FLAG,
      ...JOB_TAG_FLAGS,
      { name: 'json', type: 'boolean', description: 'Print JSON' },
      {
        name: 'estimate',
        type: 'boolean',
        description: 'Print the estimated time and memory of every experiment, then exit (queues nothing)',
      },
      {
        name: 'calibrate',
        type: 'boolean',
        default: true,
        description: 'With --estimate: calibrate a shape not measured yet (--no-calibrate: cached calibrations only)',
      },
    ],
    sections: [LOSSES_HELP],
    examples: [
      'dml-lens sweep sweeps/mr-cpu.json',
      'dml-lens sweep sweeps/mr-large.json --gpu   # only GPU workers (dml-lens worker --gpu) take its runs',
      'dml-lens sweep --preset cpu --model models/tiny-bert --dataset MR,CR --loss ce,soft-triple,proxy-anchor --samples 20,50 --seed 1,2',
    ],
    run: queue,
  },
  {
    name: 'sweep status',
    summary: 'A sweep: each configuration as mean ± std, DML vs CE paired on the same folds',
    positionals: [{ name: 'id', description: 'Sweep id', required: true }],
    flags: [
      {
        name: 'metric',
        type: 'string',
        description: 'Metric compared with CE: accuracy, macroF1, weightedF1, ece, proxyAccuracy',
        default: 'accuracy',
      },
      { name: 'json', type: 'boolean', description: 'Print JSON' },
    ],
    run: status,
  },
];
