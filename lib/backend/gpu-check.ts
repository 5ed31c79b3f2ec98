// Whether this machine can train on a GPU, asked before a `worker --gpu` takes jobs: an NVIDIA GPU
// is visible and @tensorflow/tfjs-node-gpu loads, tried in a short child process so the worker
// itself never loads tfjs (its job processes do, with DML_BACKEND=node-gpu).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

const loadGpuBackend = (url: string) => `
import(${JSON.stringify(url)})
  .then(async (m) => { const tf = m.default ?? m; await tf.ready(); process.stdout.write(tf.getBackend()); })
  .catch((e) => { process.stderr.write(String(e && e.message ? e.message : e).split('\\n')[0]); process.exit(1); });
`;

function gpuVisible(env: Record<string, string | undefined>): boolean {
  try {
    if (
      execFileSync('nvidia-smi', ['-L'], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
        timeout: 15_000,
        env: env as NodeJS.ProcessEnv,
      }).trim()
    )
      return true;
  } catch {
    /* no nvidia-smi: look for the driver */
  }
  return fs.existsSync('/proc/driver/nvidia/version');
}

/** Why no GPU backend is usable here (one line), or undefined when tfjs-node-gpu loads next to a visible GPU. */
export function gpuBackendProblem(env: Record<string, string | undefined> = process.env): string | undefined {
  const forced = env.DML_BACKEND?.trim();
  if (forced && forced !== 'node-gpu') return `DML_BACKEND=${forced} asks for another backend; unset it or set DML_BACKEND=node-gpu`;
  if (!gpuVisible(env)) return 'no NVIDIA GPU is visible (no nvidia-smi output, no /proc/driver/nvidia)';
  let entry: string;
  try {
    entry = createRequire(import.meta.url).resolve('@tensorflow/tfjs-node-gpu');
  } catch {
    return '@tensorflow/tfjs-node-gpu is not installed (npm install @tensorflow/tfjs-node-gpu; it needs the CUDA 11.x runtime and cuDNN 8)';
  }
  try {
    execFileSync(process.execPath, ['--input-type=module', '-e', loadGpuBackend(pathToFileURL(entry).href)], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 120_000,
    });
    return undefined;
  } catch (err) {
    const e = err as { stderr?: string; message: string };
    return `@tensorflow/tfjs-node-gpu does not load: ${(e.stderr || e.message).trim().split('\n')[0]} (see \`dml-lens doctor\`)`;
  }
}
