// `dml-lens runs list|show|cancel|experiment`: stored runs and experiments.
import type { CommandSpec, ParsedArgs } from '../../../lib/cli/command';
import { UsageError } from '../../../lib/cli/command';
import { UserError } from '../../../lib/errors';

function idArg(args: ParsedArgs, what: string): number {
  const id = Number(args.positionals[0]);
  if (!Number.isInteger(id) || id < 1) throw new UsageError(`expected a ${what} id, got "${args.positionals[0] ?? ''}"`);
  return id;
}

async function db() {
  const { getDb } = await import('../../../lib/db/client');
  return getDb();
}

const list: CommandSpec = {
  name: 'runs list',
  summary: 'List runs (newest first) with status, accuracy and progress',
  flags: [
    { name: 'experiment', type: 'number', description: 'Only runs of this experiment' },
    { name: 'status', type: 'string', description: 'queued, running, done, failed, interrupted or cancelled' },
    { name: 'dataset', type: 'string', description: 'Only runs on this data set' },
    { name: 'loss', type: 'string', description: 'Only runs with this loss' },
    { name: 'limit', type: 'number', description: 'At most this many runs', default: 50 },
    { name: 'json', type: 'boolean', description: 'Print JSON' },
  ],
  async run(args) {
    const f = args.flags;
    const { listRuns } = await import('../../../lib/store/runs');
    const runs = await listRuns(await db(), {
      experimentId: f.experiment as number | undefined,
      status: f.status as string | undefined,
      dataset: f.dataset as string | undefined,
      loss: f.loss as string | undefined,
      limit: f.limit as number,
    });
    if (f.json) return void console.log(JSON.stringify(runs, null, 2));
    if (!runs.length) return void console.log('no runs yet: start one with `dml-lens train`');
    const { duration, pct, table } = await import('../../../lib/training/format');
    console.log(
      table(
        ['run', 'exp', 'dataset', 'loss', 'beta', 'n', 'fold', 'seed', 'status', 'acc %', 'progress', 'time'],
        runs.map((r) => [
          r.id,
          r.experimentId ?? '-',
          r.dataset,
          r.loss,
          r.beta,
          r.sampleSize ?? '-',
          r.fold,
          r.seed,
          r.status,
          pct(r.accuracy),
          r.status === 'running' && r.progress ? `${r.progress.phase} ${r.progress.step}/${r.progress.totalSteps}` : '',
          duration(r.durationMs),
        ]),
      ),
    );
  },
};

const show: CommandSpec = {
  name: 'runs show',
  summary: 'One run: config, metrics, per-class scores, confusion matrix, artifacts',
  positionals: [{ name: 'id', description: 'Run id', required: true }],
  flags: [{ name: 'json', type: 'boolean', description: 'Print JSON' }],
  async run(args) {
    const { getRunDetail } = await import('../../../lib/store/runs');
    const r = await getRunDetail(await db(), idArg(args, 'run'));
    if (!r) throw new UserError(`no run ${args.positionals[0]} (see \`dml-lens runs list\`)`);
    if (args.flags.json) return void console.log(JSON.stringify(r, null, 2));
    const { printRunDetail } = await import('../../../lib/training/run-detail-text');
    printRunDetail(r);
  },
};

const cancel: CommandSpec = {
  name: 'runs cancel',
  summary: 'Cancel a queued or running run (a running one stops at its next step)',
  positionals: [{ name: 'id', description: 'Run id', required: true }],
  flags: [{ name: 'experiment', type: 'boolean', description: 'The id is an experiment: cancel all its runs' }],
  async run(args) {
    const id = idArg(args, args.flags.experiment ? 'experiment' : 'run');
    const { cancelRun } = await import('../../../lib/jobs/queue');
    const d = await db();
    const { experimentRunIds } = await import('../../../lib/store/experiment-runs');
    const runIds = args.flags.experiment ? await experimentRunIds(d, id) : [id];
    if (!runIds.length) throw new UserError(`no runs in experiment ${id}`);
    for (const runId of runIds) console.log(`run ${runId}: ${await cancelRun(d, runId)}`);
  },
};

const experiment: CommandSpec = {
  name: 'runs experiment',
  summary: 'An experiment: its runs and mean ± std (population) of their metrics',
  positionals: [{ name: 'id', description: 'Experiment id', required: true }],
  flags: [{ name: 'json', type: 'boolean', description: 'Print JSON' }],
  async run(args) {
    const id = idArg(args, 'experiment');
    const d = await db();
    const { experimentExists } = await import('../../../lib/store/experiment-runs');
    if (!(await experimentExists(d, id))) throw new UserError(`no experiment ${id}`);
    const { experimentResult, printExperimentResult } = await import('../../../lib/training/experiment-result');
    const r = await experimentResult(d, id);
    if (args.flags.json) console.log(JSON.stringify(r, null, 2));
    else printExperimentResult(r);
  },
};

export const commands: CommandSpec[] = [list, show, cancel, experiment];
