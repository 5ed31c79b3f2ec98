// `dml-lens worker`: run queued jobs until stopped. Several workers may run at once; Ctrl-C (or
// SIGTERM) drains: no new job is taken and the current one goes back to the queue (its run becomes
// interrupted; not counted as an attempt), then the worker exits 0. `--once` drains the queue.
// `--tags a,b` / `--gpu` (the tag "gpu", after checking a GPU backend loads): the worker takes
// untagged jobs and jobs whose required tags it all holds (`sweep --tags`, `--gpu`).
import type { CommandSpec } from '../../../lib/cli/command';
import { UsageError } from '../../../lib/cli/command';
import { UserError } from '../../../lib/errors';

export const commands: CommandSpec[] = [
  {
    name: 'worker',
    summary: 'Run queued jobs (training runs, ...) until stopped; several may run at once',
    flags: [
      { name: 'once', type: 'boolean', description: 'Exit when the queue is drained (waits for live leases of jobs it could take)' },
      { name: 'max-jobs', type: 'number', description: 'Exit after this many jobs' },
      {
        name: 'lease-seconds',
        type: 'number',
        description: 'Lease length; a job whose worker stops heartbeating this long is queued again',
        default: 120,
      },
      { name: 'poll-seconds', type: 'number', description: 'Wait between looks at an empty queue', default: 2 },
      {
        name: 'max-attempts',
        type: 'number',
        description: 'Lost leases (dead or frozen workers) after which a job ends failed',
        default: 3,
      },
      { name: 'id', type: 'string', description: 'Worker id (default host:pid:random)' },
      { name: 'sweep', type: 'number', description: "Only this sweep's jobs (e.g. the demo's)" },
      { name: 'tags', type: 'string', description: 'Tags this worker holds (comma-separated): it also takes jobs that require them' },
      {
        name: 'gpu',
        type: 'boolean',
        description: 'Train on the GPU (tfjs-node-gpu) and hold the tag "gpu"; refuses to start when no GPU backend is usable',
      },
      {
        name: 'queue',
        type: 'string',
        description: 'auto (pg-boss on PostgreSQL, embedded on SQLite), embedded or pg-boss (default DML_LENS_QUEUE, else auto)',
      },
    ],
    examples: [
      'dml-lens worker',
      'dml-lens worker --once',
      'dml-lens worker --lease-seconds 600   # very slow steps (roberta-large on CPU)',
      'dml-lens worker --gpu --tags big     # takes untagged jobs and those queued with --gpu and/or --tags big',
    ],
    async run(args) {
      const f = args.flags;
      const lease = f['lease-seconds'] as number;
      if (!(lease >= 1)) throw new UsageError('--lease-seconds must be at least 1');
      const maxAttempts = f['max-attempts'] as number;
      if (!(Number.isInteger(maxAttempts) && maxAttempts >= 1)) throw new UsageError('--max-attempts must be a whole number of at least 1');
      const { parseTags } = await import('../../../lib/store/job-tags');
      const tags = parseTags(f.tags as string | undefined);
      if (f.gpu) {
        const { gpuBackendProblem } = await import('../../../lib/backend/gpu-check');
        const problem = gpuBackendProblem();
        if (problem) throw new UserError(`worker --gpu: no GPU backend is usable: ${problem}`);
        process.env.DML_BACKEND = 'node-gpu'; // its job processes train on the GPU
        if (!tags.includes('gpu')) tags.push('gpu');
      }
      const { getDb } = await import('../../../lib/db/client');
      const { runWorker, defaultWorkerId } = await import('../../../lib/jobs/worker');
      const { openJobQueue } = await import('../../../lib/jobs/queue-choice');
      const { JOB_KINDS } = await import('../../../lib/jobs/handlers');
      const controller = new AbortController();
      const stop = () => {
        if (controller.signal.aborted) process.exit(130);
        console.error('stopping: the current job goes back to the queue (again to quit at once)');
        controller.abort();
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
      const id = (f.id as string | undefined) ?? defaultWorkerId();
      const db = getDb();
      let jobIds: number[] | undefined;
      if (f.sweep !== undefined) {
        const { sweepJobIds } = await import('../../../lib/store/sweeps');
        jobIds = await sweepJobIds(db, f.sweep as number);
        if (!jobIds) throw new UsageError(`sweep ${String(f.sweep)} does not exist (see \`dml-lens sweep status\`)`);
      }
      const log = (line: string) => console.log(`${new Date().toISOString()} worker ${id}: ${line}`);
      const queue = await openJobQueue(db, JOB_KINDS, f.queue as string | undefined);
      log(
        `started (${queue.name} queue, lease ${lease} s${tags.length ? `, tags ${tags.sort().join(',')}` : ''}); removed ${(await import('../../../lib/store/artifacts/run-artifacts')).cleanStaleArtifactTemps()} stale temp file(s) of dead workers`,
      );
      let n: number;
      try {
        n = await runWorker(db, {
          jobIds,
          tags,
          queue,
          workerId: id,
          leaseMs: lease * 1000,
          pollMs: (f['poll-seconds'] as number) * 1000,
          exitWhenIdle: Boolean(f.once),
          maxJobs: f['max-jobs'] as number | undefined,
          maxAttempts,
          signal: controller.signal,
          log,
        });
      } finally {
        await queue.close();
      }
      log(`stopped after ${n} job(s)`);
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
    },
  },
];
