// The dashboard server with its worker pool: `next dev|start` on the chosen host (127.0.0.1 by
// default) and, unless --workers 0, a supervised pool of `dml-lens worker` processes using the same
// database. SIGINT/SIGTERM drain the pool (each worker gives its job back), then stop Next; every
// child runs in its own process group, so nothing is left behind.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { getDb } from '../db/client';
import type { ServeOptions } from './serve-options';
import { WorkerPool } from './worker-pool';
import { killGroup, waitExit } from './process-group';

export interface RunningServer {
  next: ChildProcess;
  pool?: WorkerPool;
  /** Resolves with the exit code once everything has stopped. */
  done: Promise<number>;
  stop(): Promise<number>;
}

export function serve(o: ServeOptions, opts: { root: string; log?: (line: string) => void; workerArgs?: string[] }): RunningServer {
  const log = opts.log ?? ((line: string) => console.error(line));
  const nextBin = path.join(opts.root, 'node_modules', 'next', 'dist', 'bin', 'next');
  const env: NodeJS.ProcessEnv = { ...process.env, NEXT_TELEMETRY_DISABLED: '1', DML_LENS_EXPOSED: o.exposed ? '1' : '0' };
  if (o.token) env.DML_LENS_TOKEN = o.token;
  else delete env.DML_LENS_TOKEN;
  const next = spawn(process.execPath, [nextBin, o.mode, '-H', o.host, '-p', String(o.port)], {
    cwd: opts.root,
    env,
    stdio: 'inherit',
    detached: true,
  });
  const shown = o.host.includes(':') ? `[${o.host}]` : o.host;
  log(
    `dashboard: http://${shown}:${o.port}/ ${o.exposed ? '(exposed: requests need the token, see docs/serving.md)' : '(this machine only; --host to expose)'}`,
  );
  let pool: WorkerPool | undefined;
  if (o.workers > 0) {
    pool = new WorkerPool({ size: o.workers, root: opts.root, db: getDb(), log, workerArgs: opts.workerArgs });
    pool.start();
    log(`worker pool: ${o.workers} worker(s) (DML_LENS_WORKERS / --workers; 0 disables)`);
  } else log('worker pool: disabled (--workers 0): run `dml-lens worker` somewhere to train what is queued');

  let stopping: Promise<number> | undefined;
  let resolveDone!: (code: number) => void;
  const done = new Promise<number>((r) => (resolveDone = r));
  const stop = (code = 0): Promise<number> => {
    stopping ??= (async () => {
      // Next and the pool stop side by side: the dashboard goes at once (nothing of it needs the
      // workers), while each worker gives its job back, however long that takes.
      const stopNext = async () => {
        if (next.exitCode === null && next.signalCode === null) {
          killGroup(next.pid, 'SIGTERM');
          await waitExit(next, 10_000);
        }
        killGroup(next.pid, 'SIGKILL');
      };
      if (pool) log('stopping: the pool workers give their jobs back...');
      await Promise.all([stopNext(), pool?.stop()]);
      resolveDone(code);
      return code;
    })();
    return stopping;
  };
  // However this process ends, Next and the workers must not outlive it (they run in their own groups).
  process.once('exit', () => {
    killGroup(next.pid, 'SIGKILL');
    for (const pid of pool?.pids() ?? []) killGroup(pid, 'SIGTERM'); // a worker drains: its job goes back to the queue
  });
  next.on('exit', (code, signal) => {
    if (!stopping) log(`next ${o.mode} ${signal ? `was killed by ${signal}` : `exited with code ${code}`}; stopping the pool`);
    void stop(code ?? (signal ? 1 : 0));
  });
  return { next, pool, done, stop: () => stop(0) };
}
