// Encoder bench (bench/encoder/*): matMul GFLOP/s of the backend; for tiny and small at batch
// 32 x 64 tokens and a RoBERTa-base shape at batch 8 x 64, training tokens/s (forward + backward +
// AdamW) and inference tokens/s, with achieved GFLOP/s. On wasm: tfjs' kernels on one thread,
// every core (threaded XNNPACK) and data-parallel on two single-thread processes; then the native
// kernels on one thread and every core; each measured in a child process. The FMA peak probe and the
// GEMM at the base layer's product shapes (ours and, where found, the system BLAS) give % of peak.
//   --peer         also runs ../shared/bench/torch_bert_bench.py (PyTorch, same shapes) with 1 and 2
//                  threads and prints ours / peer at the same thread count (RATIO lines)
//   --native-only  skips the rows of tfjs' own wasm kernels (a shorter run)
//   --profile      adds the kernel profile of one small training step per native row
//   --sizes a,b    only these of tiny, small, base (each run keeps its own peer figures)
// The machine is shared: compare ratios within one run.
import os from 'node:os';
import { pathToFileURL } from 'node:url';
import { initBackend } from '../lib/backend/backend';
import { nativeStatus } from '../lib/backend/native-addon';
import { measureInChild } from './encoder/child';
import { measureHere } from './encoder/measure';
import { peer, type PeerFigures } from './encoder/peer';
import { printProducts, printSize, type Row } from './encoder/report';
import type { ChildFigures } from './encoder/measure';
import { BENCH_SIZES, SEQ, type BenchSize } from './encoder/shapes';

export async function run(opts: { peer?: boolean; nativeOnly?: boolean; profile?: boolean; sizes?: BenchSize[] }): Promise<void> {
  const sizes = opts.sizes ?? BENCH_SIZES;
  const small = sizes.filter((s) => s !== 'base');
  const backend = await initBackend({ quiet: true });
  const cores = os.availableParallelism?.() ?? os.cpus().length;
  const all = Math.min(cores, 8);
  const native = backend === 'wasm' && process.env.DML_NATIVE !== '0' && nativeStatus().addon !== undefined;
  const rows: Row[] = [];
  if (backend === 'wasm') {
    if ((!opts.nativeOnly || !native) && small.length) {
      rows.push({
        label: 'ours, wasm 1 thread',
        figures: measureInChild({ threads: 1, native: false, dataParallel: cores > 1 }, small),
      });
      if (cores > 1) rows.push({ label: `ours, wasm ${all} threads`, figures: measureInChild({ threads: all, native: false }, small) });
    }
    if (native) {
      for (const threads of cores > 1 ? [1, all] : [1]) {
        const figures = small.length
          ? measureInChild({ threads, native: true, profile: opts.profile }, small)
          : { backend: '', matMul: 0, sizes: {} as ChildFigures['sizes'] };
        // base in a child of its own: near the wasm heap's 4 GiB, a failure loses only this row
        try {
          if (sizes.includes('base')) {
            const base = measureInChild({ threads, native: true }, ['base']);
            figures.sizes.base = base.sizes.base;
            if (!small.length) Object.assign(figures, { ...base, sizes: figures.sizes });
          }
        } catch (err) {
          console.log(`base on native ${threads} thread(s) failed: ${(err as Error).message.split('\n')[0]}`);
        }
        rows.push({ label: `ours, native ${threads} thread${threads === 1 ? '' : 's'}`, nativeThreads: threads, figures });
      }
    } else console.log(`native kernels not measured: ${process.env.DML_NATIVE === '0' ? 'DML_NATIVE=0' : nativeStatus().reason}`);
  } else {
    rows.push({ label: `ours, ${backend}`, figures: await measureHere(false, small) });
  }
  console.log(
    `encoder: backend ${backend}, batch x ${SEQ} tokens (tiny, small: 32, vocab 8000; base: 8, vocab 50265); tokens/s, median of timed steps after a warm-up`,
  );
  printProducts(rows);
  for (const size of sizes) {
    const peers = opts.peer ? new Map<number, PeerFigures | string>([1, 2].map((t) => [t, peer(size, t)])) : undefined;
    printSize(size, rows, peers);
  }
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const i = process.argv.indexOf('--sizes');
  const sizes = i > 0 ? (process.argv[i + 1] ?? '').split(',') : undefined;
  const bad = sizes?.find((s) => !BENCH_SIZES.includes(s as BenchSize));
  if (bad !== undefined) throw new Error(`--sizes: "${bad}" is not one of ${BENCH_SIZES.join(', ')}`);
  await run({
    sizes: sizes as BenchSize[] | undefined,
    peer: process.argv.includes('--peer'),
    nativeOnly: process.argv.includes('--native-only'),
    profile: process.argv.includes('--profile'),
  });
}
