// Each configuration of the encoder bench runs in a child process of its own (this file with
// DML_WASM_THREADS / DML_NATIVE / DML_BENCH_SIZES set), so one bench compares them; the child
// prints its figures as one BENCH_JSON line.
import { execFileSync } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { measureHere, type ChildFigures } from './measure';
import type { BenchSize } from './shapes';

export interface ChildOptions {
  threads: number;
  native: boolean;
  dataParallel?: boolean;
  profile?: boolean;
}

export function measureInChild(opts: ChildOptions, sizes: BenchSize[]): ChildFigures {
  const out = execFileSync(
    process.execPath,
    ['--import', 'tsx', fileURLToPath(import.meta.url), ...(opts.dataParallel ? ['--dp'] : []), ...(opts.profile ? ['--profile'] : [])],
    {
      encoding: 'utf8',
      env: {
        ...process.env,
        DML_WASM_THREADS: String(opts.threads),
        DML_NATIVE: opts.native ? '1' : '0',
        DML_BENCH_SIZES: sizes.join(','),
      },
      stdio: ['ignore', 'pipe', 'inherit'],
      maxBuffer: 1 << 24,
    },
  );
  const line = out.split('\n').find((l) => l.startsWith('BENCH_JSON '));
  if (!line) throw new Error(`encoder bench child printed no figures:\n${out}`);
  const figures = JSON.parse(line.slice('BENCH_JSON '.length)) as ChildFigures;
  // Printed as it comes, so a long run that is stopped still leaves its figures.
  const brief = Object.entries(figures.sizes).map(
    ([size, f]) => `${size} train ${Math.round(f.train)} / infer ${Math.round(f.infer)} tok/s`,
  );
  console.log(`(measured ${figures.backend}: ${brief.join(', ')})`);
  return figures;
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const sizes = (process.env.DML_BENCH_SIZES || 'tiny,small').split(',') as BenchSize[];
  const figures = await measureHere(process.argv.includes('--dp'), sizes, process.argv.includes('--profile'));
  console.log(`BENCH_JSON ${JSON.stringify(figures)}`);
}
