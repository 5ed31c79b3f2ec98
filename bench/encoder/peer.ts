// The PyTorch peer: ../shared/bench/torch_bert_bench.py (same shapes) with /usr/bin/python3.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../../lib/paths';
import { SHAPES, type BenchSize } from './shapes';

export interface PeerFigures {
  train: number;
  infer: number;
}

/**
 * The peer's tokens/s for a size of its own (tiny, small, minilm, base, large) at torch.set_num_threads(threads),
 * or why it was skipped. `boundBlas`: also OPENBLAS_NUM_THREADS/OMP_NUM_THREADS = threads (set_num_threads alone
 * leaves Debian's OpenBLAS on every core, so the peer's "1 thread" then uses both).
 */
export function runPeer(size: string, threads: number, batch?: number, opts: { boundBlas?: boolean } = {}): PeerFigures | string {
  const script = path.resolve(projectRoot(), '..', 'shared', 'bench', 'torch_bert_bench.py');
  if (!fs.existsSync(script)) return `peer skipped: ${script} not found`;
  try {
    execFileSync('/usr/bin/python3', ['-c', 'import torch'], { stdio: 'ignore' });
  } catch {
    return 'peer skipped: python3 torch is missing (apt-get install -y --no-install-recommends python3-torch libopenblas0-pthread)';
  }
  const env = opts.boundBlas ? { ...process.env, OPENBLAS_NUM_THREADS: String(threads), OMP_NUM_THREADS: String(threads) } : process.env;
  const out = execFileSync('/usr/bin/python3', [script, size, String(threads), ...(batch ? [String(batch)] : [])], {
    encoding: 'utf8',
    env,
  });
  const train = Number(/train_tokens_per_s=(\d+)/.exec(out)?.[1]);
  const infer = Number(/infer_tokens_per_s=(\d+)/.exec(out)?.[1]);
  return Number.isFinite(train) ? { train, infer } : `peer output not understood: ${out.trim()}`;
}

/** The peer at a bench size's batch. */
export function peer(size: BenchSize, threads: number): PeerFigures | string {
  return runPeer(size, threads, SHAPES[size].batch);
}
