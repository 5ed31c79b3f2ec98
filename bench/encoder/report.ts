// Printing the encoder bench: product figures against the FMA peak, tokens/s per size and row, the
// peer's figures, and ours / peer at equal thread counts.
import type { ChildFigures, Figures } from './measure';
import type { PeerFigures } from './peer';
import { printProfile } from './profile';
import { PRODUCT_SHAPES } from './products';
import { SEQ, SHAPES, type BenchSize } from './shapes';

export interface Row {
  label: string;
  /** Native rows: the thread count they are compared with the peer at. */
  nativeThreads?: number;
  figures: ChildFigures;
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US').padStart(8);

function printRow(label: string, f: Figures, flops: number, train = f.train, infer = f.infer): void {
  const gf = (tokensPerS: number, factor: number) => ((tokensPerS * flops * factor) / 1e9).toFixed(1);
  console.log(
    `  ${label.padEnd(30)} train ${fmt(train)} tok/s (${gf(train, 3)} GFLOP/s)   infer ${fmt(infer)} tok/s (${gf(infer, 1)} GFLOP/s)`,
  );
}

export function printProducts(rows: Row[]): void {
  for (const r of rows) console.log(`matMul 512x512 (${r.figures.backend}): ${r.figures.matMul.toFixed(1)} GFLOP/s`);
  for (const r of rows) {
    const p = r.figures.products;
    if (!p) continue;
    const pct = (x: number) => `${x.toFixed(1)} GFLOP/s = ${((100 * x) / p.peak).toFixed(0)} % of peak`;
    const shapes = PRODUCT_SHAPES.map(([M, N, K], i) => `[${M}x${K}]@[${K}x${N}] ${pct(p.ownByShape[i])}`);
    console.log(`products (${r.label.replace('ours, ', '')}): FMA peak ${p.peak.toFixed(1)} GFLOP/s (${p.simd})`);
    console.log(`  ours, all three ${pct(p.own)}${p.blas !== undefined ? `; ${p.blasName} ${pct(p.blas)}` : ''}`);
    for (const s of shapes) console.log(`    ${s}`);
  }
  for (const r of rows) if (r.figures.profile) printProfile(`small (${r.label.replace('ours, ', '')})`, r.figures.profile, 10);
}

/** One size: every row, then the peer at 1 and 2 threads and our native rows over it at the same thread count. */
export function printSize(size: BenchSize, rows: Row[], peers?: Map<number, PeerFigures | string>): void {
  const measured = rows.filter((r) => r.figures.sizes[size]);
  if (!measured.length) return;
  const flops = measured[0].figures.sizes[size]!.flops;
  console.log(`\n${size}: ${(flops / 1e6).toFixed(2)} MFLOP/token forward (training counted as 3x), batch ${SHAPES[size].batch} x ${SEQ}`);
  for (const r of measured) {
    const f = r.figures.sizes[size]!;
    printRow(r.label, f, flops);
    if (f.trainDp !== undefined) printRow('ours, 2 x 1 thread (data par.)', f, flops, f.trainDp, f.inferDp);
  }
  if (!peers) return;
  for (const [threads, p] of peers) {
    if (typeof p === 'string') {
      console.log(`  ${p}`);
      continue;
    }
    console.log(
      `  ${`torch, set_num_threads(${threads})`.padEnd(30)} train ${fmt(p.train)} tok/s                 infer ${fmt(p.infer)} tok/s`,
    );
    const ours = measured.find((r) => r.nativeThreads === threads) ?? measured[measured.length - 1];
    const f = ours.figures.sizes[size]!;
    console.log(
      `    RATIO ${size} ${ours.label.replace('ours, ', '')} / torch ${threads} thread${threads === 1 ? '' : 's'}: train ${(f.train / p.train).toFixed(2)}x, infer ${(f.infer / p.infer).toFixed(2)}x`,
    );
  }
}
