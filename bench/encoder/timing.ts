// Timing for the benches: the median of timed calls after untimed warm-ups.

/** Median seconds of `runs` timed calls after `warmup` untimed ones. */
export async function timeIt(fn: () => unknown, runs: number, warmup = 1): Promise<number> {
  for (let i = 0; i < warmup; i++) await fn();
  const s: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    s.push((performance.now() - t0) / 1000);
  }
  return s.sort((a, b) => a - b)[Math.floor(s.length / 2)];
}

/** Seconds of the fastest of `runs` calls after a warm-up (on a shared machine, other work only ever slows a run down). */
export async function fastest(fn: () => unknown, runs: number): Promise<number> {
  await fn();
  let best = Infinity;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    best = Math.min(best, (performance.now() - t0) / 1000);
  }
  return best;
}
