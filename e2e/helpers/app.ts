// The built dashboard for browser tests: `next build` when the sources changed since the last
// build (a stamp over app/, lib/ and the configs), then `next start` on a free port against a
// given database. One build serves every e2e file; each file starts its own server.
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { ensureAppBuilt } from '../../lib/app-build';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
/** E2E_APP_DIR: serve an app already built elsewhere (e.g. a scratch copy); no build then. */
const APP_DIR = process.env.E2E_APP_DIR ?? ROOT;
const NEXT_BIN = path.join(ROOT, 'node_modules', 'next', 'dist', 'bin', 'next');

/** Builds the app unless the last build is of the same sources; returns the seconds spent. */
export function ensureBuilt(): number {
  return APP_DIR === ROOT ? ensureAppBuilt(ROOT) : 0;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

export interface RunningApp {
  url: string;
  log(): string;
  stop(): Promise<void>;
}

/** `next start` with DATABASE_URL and DML_LENS_HOME pointing at a test database (and any other settings, e.g. DML_LENS_ARTIFACTS). */
export async function startApp(env: { DATABASE_URL: string; DML_LENS_HOME: string; [name: string]: string }): Promise<RunningApp> {
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, [NEXT_BIN, 'start', '-p', String(port), '-H', '127.0.0.1'], {
    cwd: APP_DIR,
    env: { ...process.env, ...env, NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`next start exited with ${child.exitCode}:\n${output}`);
    try {
      const res = await fetch(`${url}/api/health`);
      if (res.status < 500) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) throw new Error(`next start did not answer within 60 s:\n${output}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    url,
    log: () => output,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 5000).unref();
      }),
  };
}
