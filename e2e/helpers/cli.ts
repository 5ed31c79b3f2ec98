// Runs the project's CLI (`node scripts/dml-lens.mjs ...`) against a test database.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const CLI = path.join(ROOT, 'scripts', 'dml-lens.mjs');

export interface CliEnv {
  DATABASE_URL: string;
  DML_LENS_HOME: string;
}

export function spawnCli(args: string[], env: CliEnv): { child: ChildProcess; output: () => string; exited: Promise<number> } {
  const child = spawn(process.execPath, [CLI, ...args], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  const exited = new Promise<number>((resolve) => child.on('exit', (code) => resolve(code ?? 1)));
  return { child, output: () => out, exited };
}

export async function runCli(args: string[], env: CliEnv): Promise<string> {
  const p = spawnCli(args, env);
  const code = await p.exited;
  if (code !== 0) throw new Error(`dml-lens ${args.join(' ')} exited ${code}:\n${p.output()}`);
  return p.output();
}
