// Axis scales and "nice" ticks for the SVG renderer (linear and log2 for sample sizes).

export interface Scale {
  (v: number): number;
  ticks: number[];
  format(v: number): string;
}

/** Round step (1, 2, 2.5 or 5 x 10^k) so that about `count` ticks cover [lo, hi]. */
export function niceStep(lo: number, hi: number, count = 5): number {
  const span = Math.abs(hi - lo) || Math.abs(hi) || 1;
  const raw = span / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const f = raw / mag;
  return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 2.5 ? 2.5 : f <= 5 ? 5 : 10) * mag;
}

/** Drops floating-point noise (0.6000000000000001 -> 0.6). */
function clean(v: number): number {
  return Number(v.toPrecision(12));
}

export function niceDomain(lo: number, hi: number, count = 5): [number, number] {
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return [0, 1];
  if (lo === hi) return [lo - 1, hi + 1];
  const step = niceStep(lo, hi, count);
  return [clean(Math.floor(lo / step) * step), clean(Math.ceil(hi / step) * step)];
}

function formatter(step: number, pct: boolean): (v: number) => string {
  const s = pct ? step * 100 : step;
  if (s < 1e-3) return (v) => (v === 0 ? '0' : (pct ? v * 100 : v).toExponential(1)); // learning rates
  let digits = 0; // decimals that write the step exactly: 0.25 -> 2, 2.5 -> 1, 5 -> 0
  while (digits < 6 && Math.abs(Math.round(s * 10 ** digits) - s * 10 ** digits) > 1e-6) digits++;
  return (v) => (pct ? v * 100 : v).toFixed(digits);
}

/** Ticks and their labels for an axis over `domain` (shared by the SVG export and the recharts view). */
export function axisTicks(domain: [number, number], pct = false, count = 5): { ticks: number[]; format: (v: number) => string } {
  const s = linearScale(domain, [0, 1], { pct, count });
  return { ticks: s.ticks, format: (v) => s.format(v) };
}

export function linearScale(domain: [number, number], range: [number, number], opts: { pct?: boolean; count?: number } = {}): Scale {
  const [d0, d1] = domain;
  const [r0, r1] = range;
  const f = ((v: number) => r0 + ((v - d0) / (d1 - d0 || 1)) * (r1 - r0)) as Scale;
  const step = niceStep(d0, d1, opts.count ?? 5);
  const ticks: number[] = [];
  for (let t = Math.ceil(d0 / step - 1e-9) * step; t <= d1 + step * 1e-9; t += step) ticks.push(Math.abs(t) < step * 1e-9 ? 0 : clean(t));
  f.ticks = ticks;
  f.format = formatter(step, opts.pct ?? false);
  return f;
}

/** log2 scale with ticks at the data's own x values (sample sizes 10, 20, 40, ...). */
export function log2Scale(domain: [number, number], range: [number, number], ticks: number[]): Scale {
  const [d0, d1] = domain.map((v) => Math.log2(Math.max(v, 1e-9)));
  const [r0, r1] = range;
  const f = ((v: number) => r0 + ((Math.log2(Math.max(v, 1e-9)) - d0) / (d1 - d0 || 1)) * (r1 - r0)) as Scale;
  f.ticks = ticks;
  f.format = (v) => String(v);
  return f;
}
