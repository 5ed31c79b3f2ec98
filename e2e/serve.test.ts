// The dashboard's front door with real servers: `npm start` and the demo's server code listen on
// 127.0.0.1 only (nothing answers on the machine's other addresses); exposed with --host 0.0.0.0
// they refuse to start without DML_LENS_TOKEN, and with one every request needs it (401 without,
// 200 with the Bearer header or the ?token= login cookie; oversized bodies 413 before reading).
// `npm start` brings up its worker pool, and SIGTERM stops every process it started (by pid).
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { readServeOptions } from '../lib/server/serve-options';
import { serve, type RunningServer } from '../lib/server/serve';
import { readPoolStatuses } from '../lib/store/pool-status';
import { ensureBuilt, freePort } from './helpers/app';
import { alive, otherAddresses, processTree } from './helpers/processes';
import { createSmallLab, type SeededDb } from './helpers/seeded-db';

const ROOT = path.resolve(import.meta.dirname, '..');
const TOKEN = 'e2e-token-0123456789abcdef';
const OTHER = otherAddresses()[0];
const hostUrl = (host: string, port: number) => `http://${host.includes(':') ? `[${host}]` : host}:${port}`;

/** The HTTP status, or the connection error's code (ECONNREFUSED, ...). */
async function probe(url: string, init: RequestInit = {}): Promise<number | string> {
  try {
    const res = await fetch(url, { ...init, redirect: 'manual', signal: AbortSignal.timeout(20_000) });
    await res.body?.cancel();
    return res.status;
  } catch (err) {
    const e = err as { cause?: { code?: string }; name?: string };
    return e.cause?.code ?? e.name ?? String(err);
  }
}

async function waitUp(url: string, child: { exitCode: number | null }, output: () => string): Promise<void> {
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}:\n${output()}`);
    const s = await probe(`${url}/api/health`, { headers: { authorization: `Bearer ${TOKEN}` } });
    if (typeof s === 'number' && s < 500) return;
    if (Date.now() > deadline) throw new Error(`no answer from ${url} within 120 s:\n${output()}`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

function npmStart(
  args: string[],
  env: Record<string, string | undefined>,
): { child: ChildProcess; output: () => string; exited: Promise<number> } {
  const merged: NodeJS.ProcessEnv = { ...process.env, ...env };
  for (const [k, v] of Object.entries(merged)) if (v === undefined || v === '') delete merged[k];
  const child = spawn('npm', ['start', '--silent', '--', ...args], {
    cwd: ROOT,
    env: merged,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  const exited = new Promise<number>((resolve) => child.on('exit', (code) => resolve(code ?? 1)));
  return { child, output: () => out, exited };
}

describe('serving the dashboard (built app, real servers)', { timeout: 900_000 }, () => {
  let seeded: SeededDb;
  let env: Record<string, string | undefined>;

  before(async () => {
    ensureBuilt();
    seeded = await createSmallLab();
    // HOST and DML_LENS_TOKEN of the caller's shell are dropped (empty values are removed)
    env = { DATABASE_URL: seeded.url, DML_LENS_HOME: seeded.home, HOST: '', DML_LENS_TOKEN: '', PORT: '' };
  });
  after(async () => seeded?.cleanup());

  it('npm start: 127.0.0.1 only, its worker pool runs, SIGTERM stops every process it started', async () => {
    const port = await freePort();
    const app = npmStart(['--port', String(port), '--workers', '1'], env);
    try {
      await waitUp(hostUrl('127.0.0.1', port), app.child, app.output);
      assert.equal(await probe(`${hostUrl('127.0.0.1', port)}/`), 200);
      if (OTHER) assert.equal(await probe(`${hostUrl(OTHER, port)}/`), 'ECONNREFUSED', `nothing answers on ${OTHER}`);
      else console.log('# no non-loopback address on this machine (hostname -I): that check is skipped');
      // the pool: one `dml-lens worker`, registered and shown on the overview
      let pools = readPoolStatuses(seeded.home);
      for (let i = 0; i < 100 && !(pools.length && (await seeded.db.worker.count({ where: { status: 'idle' } }))); i++) {
        await new Promise((r) => setTimeout(r, 300));
        pools = readPoolStatuses(seeded.home);
      }
      assert.equal(pools.length, 1);
      assert.equal(pools[0].size, 1);
      const html = await (await fetch(`${hostUrl('127.0.0.1', port)}/`)).text();
      assert.match(html, /data-testid="pool" data-size="1"/);
      assert.match(html, /data-state="idle"/);
      assert.doesNotMatch(html, /data-testid="worker-hint"/, 'no "start a worker" hint while one is alive');
      const pids = processTree(app.child.pid!);
      const workerPid = pools[0].slots[0].pid!;
      assert.ok(pids.includes(workerPid), 'the pool worker is a child of the server');
      assert.ok(pids.length >= 4, `npm, the launcher, next and a worker: ${pids.join(' ')}`);
      // as Ctrl-C in a terminal: the whole foreground group (npm, sh, tsx, the launcher) gets the signal
      process.kill(-app.child.pid!, 'SIGTERM');
      await app.exited;
      assert.match(app.output(), /stopping: the pool workers give their jobs back/);
      const deadline = Date.now() + 30_000;
      while (pids.some(alive) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
      assert.deepEqual(pids.filter(alive), [], 'every process of the server stopped');
      assert.ok((await seeded.db.worker.findMany()).every((w) => w.status === 'stopped'));
      assert.deepEqual(readPoolStatuses(seeded.home), []);
    } finally {
      try {
        process.kill(-app.child.pid!, 'SIGKILL');
      } catch {
        /* stopped */
      }
    }
  });

  it('exposed without a token: refuses to start, one line', async () => {
    const port = await freePort();
    const app = npmStart(['--host', '0.0.0.0', '--port', String(port), '--workers', '0'], { ...env, DML_LENS_TOKEN: '' });
    assert.equal(await app.exited, 2);
    const lines = app
      .output()
      .trim()
      .split('\n')
      .filter((l) => l.startsWith('dml-lens server:'));
    assert.equal(lines.length, 1, app.output());
    assert.match(lines[0], /refusing to serve on 0\.0\.0\.0 without a token.*DML_LENS_TOKEN/);
    assert.equal(await probe(`${hostUrl('127.0.0.1', port)}/`), 'ECONNREFUSED');
  });

  it('exposed with a token: 401 without it, 200 with the Bearer header or the login cookie, 413 for huge bodies', async () => {
    const port = await freePort();
    const app = npmStart(['--host', '0.0.0.0', '--port', String(port), '--workers', '0'], { ...env, DML_LENS_TOKEN: TOKEN });
    try {
      const url = hostUrl(OTHER ?? '127.0.0.1', port);
      await waitUp(url, app.child, app.output);
      for (const p of ['/', '/runs', '/api/health', '/runs/new', '/sentences']) assert.equal(await probe(`${url}${p}`), 401, p);
      assert.equal(await probe(`${url}/runs`, { headers: { authorization: 'Bearer wrong-token-0000000000' } }), 401);
      for (const p of ['/', '/runs', '/api/health'])
        assert.equal(await probe(`${url}${p}`, { headers: { authorization: `Bearer ${TOKEN}` } }), 200, p);
      // a server action without the token is refused before it runs
      assert.equal(
        await probe(`${url}/runs/new`, { method: 'POST', headers: { 'next-action': 'x', 'content-type': 'text/plain' }, body: 'a' }),
        401,
      );
      const big = await probe(`${url}/runs/new`, {
        method: 'POST',
        headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'text/plain' },
        body: 'x'.repeat(1_100_000),
      });
      assert.equal(big, 413);
      // browser login: ?token= sets an httpOnly cookie and redirects to the page without it
      const login = await fetch(`${url}/runs?x=1&token=${TOKEN}`, { redirect: 'manual' });
      assert.equal(login.status, 303, app.output());
      assert.equal(
        new URL(login.headers.get('location') ?? '', url).pathname + new URL(login.headers.get('location') ?? '', url).search,
        '/runs?x=1',
      );
      const cookie = login.headers.get('set-cookie') ?? '';
      assert.match(cookie, /HttpOnly/);
      assert.equal(await probe(`${url}/runs`, { headers: { cookie: cookie.split(';')[0] } }), 200);
      assert.equal(await probe(`${url}/runs?token=nope`), 401);
    } finally {
      process.kill(-app.child.pid!, 'SIGTERM');
      await app.exited;
    }
  });

  it("the demo's server code (readServeOptions + serve): 127.0.0.1 only, stops cleanly", async () => {
    const port = await freePort();
    const saved = { ...process.env };
    Object.assign(process.env, { DATABASE_URL: seeded.url, DML_LENS_HOME: seeded.home, NODE_ENV: 'production' });
    delete process.env.DML_LENS_TOKEN;
    delete process.env.HOST;
    let server: RunningServer | undefined;
    try {
      // exactly what scripts/demo.ts does after the sweep
      const options = readServeOptions(['start', '--port', String(port), '--workers', '1']);
      server = serve(options, { root: ROOT, log: () => {} });
      await waitUp(
        hostUrl('127.0.0.1', port),
        {
          get exitCode() {
            return server!.next.exitCode;
          },
        },
        () => '',
      );
      assert.equal(await probe(`${hostUrl('127.0.0.1', port)}/runs`), 200);
      if (OTHER) assert.equal(await probe(`${hostUrl(OTHER, port)}/runs`), 'ECONNREFUSED');
      const pids = [server.next.pid!, ...server.pool!.pids()].flatMap(processTree);
      assert.equal(await server.stop(), 0);
      assert.deepEqual(pids.filter(alive), []);
    } finally {
      await server?.stop();
      for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
      Object.assign(process.env, saved);
    }
  });
});
