// Options of the dashboard server (scripts/serve.ts): where it listens, whether it needs a token,
// how many pool workers it starts. Loopback by default; any other address needs DML_LENS_TOKEN
// (checked by proxy.ts on every page, route handler and server action).
import os from 'node:os';
import { UserError } from '../errors';

export interface ServeOptions {
  mode: 'dev' | 'start';
  host: string;
  port: number;
  workers: number;
  /** Set when the dashboard is exposed beyond loopback (required then), or when the user set one. */
  token?: string;
  exposed: boolean;
}

/** Minimum token length: long enough that guessing it over the network is hopeless. */
export const MIN_TOKEN_LENGTH = 16;

export function isLoopbackHost(host: string): boolean {
  const h = host
    .trim()
    .toLowerCase()
    .replace(/^\[|\]$/g, '');
  return h === 'localhost' || h === '::1' || /^127(\.\d{1,3}){3}$/.test(h) || h === '::ffff:127.0.0.1';
}

function flagValue(argv: string[], name: string): string | undefined {
  const i = argv.findIndex((a) => a === `--${name}` || a.startsWith(`--${name}=`));
  if (i < 0) return undefined;
  const a = argv[i];
  if (a.includes('=')) return a.slice(a.indexOf('=') + 1);
  const v = argv[i + 1];
  if (v === undefined || v.startsWith('--')) throw new UserError(`--${name} needs a value`);
  return v;
}

function wholeNumber(name: string, raw: string, min: number, max: number): number {
  const n = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || n < min || n > max)
    throw new UserError(`${name} must be a whole number from ${min} to ${max}, got "${raw}"`);
  return n;
}

/** Reads argv (`dev|start [--host H] [--port P] [--workers N]`) and the environment (HOST, PORT, DML_LENS_WORKERS, DML_LENS_TOKEN). */
export function readServeOptions(argv: string[], env: Record<string, string | undefined> = process.env): ServeOptions {
  const mode = argv[0];
  if (mode !== 'dev' && mode !== 'start')
    throw new UserError(`usage: serve.ts dev|start [--host 127.0.0.1] [--port 3000] [--workers N]; got "${mode ?? ''}"`);
  const known = new Set(['--host', '--port', '--workers', '-H', '-p']);
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i];
    if (!known.has(a.split('=')[0]))
      throw new UserError(`unknown ${a.startsWith('-') ? 'option' : 'argument'} ${a}; serve.ts takes --host, --port and --workers`);
    if (!a.includes('=')) i++; // its value
  }
  const alias = argv.map((a) => (a === '-H' ? '--host' : a === '-p' ? '--port' : a));
  const host = (flagValue(alias, 'host') ?? env.HOST ?? '127.0.0.1').trim();
  if (!host) throw new UserError('--host (or HOST) is empty; use 127.0.0.1, or an address to expose the dashboard on');
  const port = wholeNumber('--port (or PORT)', flagValue(alias, 'port') ?? env.PORT ?? '3000', 1, 65535);
  const workers = wholeNumber('--workers (or DML_LENS_WORKERS)', flagValue(alias, 'workers') ?? env.DML_LENS_WORKERS ?? '1', 0, 64);
  const token = env.DML_LENS_TOKEN?.trim() || undefined;
  const exposed = !isLoopbackHost(host);
  if (token !== undefined && token.length < MIN_TOKEN_LENGTH) {
    throw new UserError(
      `DML_LENS_TOKEN is ${token.length} characters; use at least ${MIN_TOKEN_LENGTH} (e.g. DML_LENS_TOKEN=$(openssl rand -hex 24))`,
    );
  }
  if (exposed && !token) {
    throw new UserError(
      `refusing to serve on ${host} without a token: anyone who can reach it could read every run and queue work. ` +
        `Set DML_LENS_TOKEN (at least ${MIN_TOKEN_LENGTH} characters, e.g. DML_LENS_TOKEN=$(openssl rand -hex 24)), or listen on 127.0.0.1`,
    );
  }
  return { mode, host, port, workers, token, exposed };
}

/** The addresses of this machine other than loopback (what "exposed" would reach). */
export function nonLoopbackAddresses(): string[] {
  return Object.values(os.networkInterfaces()).flatMap((list) => (list ?? []).filter((a) => !a.internal).map((a) => a.address));
}
