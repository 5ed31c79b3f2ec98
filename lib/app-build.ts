// The built dashboard: `next build` when the sources changed since the last build (a stamp over
// app/, lib/ and the configs). Used by `npm run demo` and the browser tests.
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

const WATCHED = [
  'app',
  'lib',
  'proxy.ts',
  'instrumentation.ts',
  'next.config.js',
  'tsconfig.json',
  'package-lock.json',
  'prisma/schema.prisma',
];

function listFiles(root: string, p: string, out: string[] = []): string[] {
  const full = path.join(root, p);
  if (!fs.existsSync(full)) return out;
  const st = fs.statSync(full);
  if (st.isFile()) out.push(`${p}:${st.size}:${st.mtimeMs}`);
  else for (const e of fs.readdirSync(full).sort()) listFiles(root, path.join(p, e), out);
  return out;
}

function sourceStamp(root: string): string {
  return crypto
    .createHash('sha256')
    .update(WATCHED.flatMap((p) => listFiles(root, p)).join('\n'))
    .digest('hex');
}

/** Builds the app in `root` unless the last build is of the same sources; returns the seconds spent. */
export function ensureAppBuilt(root: string, opts: { inheritOutput?: boolean } = {}): number {
  const stampFile = path.join(root, '.next', 'build-stamp');
  const stamp = sourceStamp(root);
  if (fs.existsSync(path.join(root, '.next', 'BUILD_ID')) && fs.existsSync(stampFile) && fs.readFileSync(stampFile, 'utf8') === stamp)
    return 0;
  const t0 = performance.now();
  const next = path.join(root, 'node_modules', 'next', 'dist', 'bin', 'next');
  const r = spawnSync(process.execPath, [next, 'build'], {
    cwd: root,
    encoding: 'utf8',
    stdio: opts.inheritOutput ? 'inherit' : 'pipe',
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
  });
  if (r.status !== 0)
    throw new Error(
      `next build failed (exit ${r.status})${opts.inheritOutput ? ' (output above)' : `:\n${(r.stdout + r.stderr).slice(-6000)}`}`,
    );
  fs.writeFileSync(stampFile, stamp);
  return (performance.now() - t0) / 1000;
}
