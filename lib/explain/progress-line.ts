// A one-line progress indicator on stderr for the long explain / project / analyze commands
// (rewritten in place on a terminal, one line every ~10 % otherwise).
export function progressLine(label: string, opts: { quiet?: boolean } = {}) {
  const tty = process.stderr.isTTY;
  const t0 = Date.now();
  let lastPct = -1;
  return {
    update(done: number, total: number): void {
      if (opts.quiet || total <= 0) return;
      const pct = Math.floor((100 * done) / total);
      const elapsed = (Date.now() - t0) / 1000;
      const eta = done > 0 ? (elapsed * (total - done)) / done : 0;
      const text = `${label}: ${done}/${total} (${pct}%) ${elapsed.toFixed(0)} s elapsed${done < total ? `, ~${eta.toFixed(0)} s left` : ''}`;
      if (tty) process.stderr.write(`\r${text}\x1b[K`);
      else if (Math.floor(pct / 10) !== Math.floor(lastPct / 10) || done === total) process.stderr.write(`${text}\n`);
      lastPct = pct;
    },
    end(): void {
      if (!opts.quiet && tty && lastPct >= 0) process.stderr.write('\n');
    },
  };
}
