// `dml-lens train`: validate a train config, queue its runs, and (unless --queue) run them here in
// the foreground with a progress bar, then print the experiment's summary (JSON with --json).
import type { CommandSpec, ParsedArgs } from '../../../lib/cli/command';
import { UsageError } from '../../../lib/cli/command';
import { JOB_TAG_FLAGS, requiredTagsOf, workerCommandFor } from '../../../lib/jobs/job-tag-flags';
import { CONFIG_FLAG, LOSS_PARAM_FLAG, LOSSES_HELP, trainFlagSpecs } from '../../../lib/training/cli-flags';

async function run(args: ParsedArgs): Promise<number> {
  const f = args.flags;
  const { configFromFlags } = await import('../../../lib/training/cli-flags');
  const input = configFromFlags(f);
  const { getDb } = await import('../../../lib/db/client');
  const { enqueueTrain } = await import('../../../lib/jobs/queue');
  const db = getDb();
  if (f.estimate) {
    const { estimateExperiment } = await import('../../../lib/training/estimate');
    const e = await estimateExperiment(db, input, { calibrate: f.calibrate !== false, log: (l) => process.stderr.write(`${l}\n`) });
    if (f.json) console.log(JSON.stringify({ label: e.label, ...e.estimate }, null, 2));
    else for (const line of e.lines) console.log(line);
    return 0;
  }
  const { refuseIfTooBig } = await import('../../../lib/training/estimate');
  await refuseIfTooBig(db, input); // full fine-tuning beyond the backend's memory: refused with the numbers
  const tags = requiredTagsOf(f);
  if (tags.length && !f.queue)
    throw new UsageError('--tags and --gpu choose the workers of queued runs: add --queue (a foreground train runs here)');
  const queued = await enqueueTrain(db, input, { tags }); // ConfigError (every problem) before any work
  if (f.queue) {
    if (f.json) console.log(JSON.stringify(queued, null, 2));
    else
      console.log(
        `queued experiment ${queued.experimentId}: runs ${queued.runIds.join(', ')} (jobs ${queued.jobIds.join(', ')}); start a worker with \`${workerCommandFor(tags)}\``,
      );
    return 0;
  }
  const { runForeground } = await import('../../../lib/jobs/foreground');
  const result = await runForeground(db, queued, { quiet: Boolean(f.quiet) });
  const { printExperimentResult } = await import('../../../lib/training/experiment-result');
  if (f.json) console.log(JSON.stringify(result, null, 2));
  else printExperimentResult(result);
  return result.runs.every((r) => r.status === 'done') ? 0 : 1;
}

export const commands: CommandSpec[] = [
  {
    name: 'train',
    summary: 'Fine-tune with CE or CE + a DML loss under a few-shot protocol (one run per fold/seed)',
    usage: 'dml-lens train --dataset <name> --model <dir|name> --loss <loss> [flags]',
    flags: [
      ...trainFlagSpecs(false),
      LOSS_PARAM_FLAG,
      CONFIG_FLAG,
      { name: 'queue', type: 'boolean', description: 'Only queue the runs (a `dml-lens worker` runs them)' },
      ...JOB_TAG_FLAGS,
      {
        name: 'estimate',
        type: 'boolean',
        description: 'Print the estimated time and whether it fits in memory, then exit (calibrates this shape once)',
      },
      {
        name: 'calibrate',
        type: 'boolean',
        default: true,
        description: 'With --estimate: calibrate a shape not measured yet (--no-calibrate: cached calibrations only)',
      },
      { name: 'json', type: 'boolean', description: 'Print the result as JSON' },
      { name: 'quiet', type: 'boolean', description: 'No progress bar' },
    ],
    sections: [LOSSES_HELP],
    examples: [
      'dml-lens train --dataset MR --model models/tiny-bert --loss soft-triple --beta 0.4 --samples 20 --folds 4 --seed 2048 --preset cpu',
      'dml-lens train --preset paper --dataset MR --loss soft-triple --queue',
      'dml-lens train --preset paper --dataset MR --loss soft-triple --estimate',
      'dml-lens train --dataset MR --model models/roberta-large --loss soft-triple --lora-rank 8 --lora-targets query,value --micro-batch 4 --recompute',
      'dml-lens train --dataset TREC --model models/tiny-bert --loss ce --protocol per-class --per-class 8 --seed 1,2,3,4,5 --json',
    ],
    run,
  },
];
