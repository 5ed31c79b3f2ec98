// Plain-text rendering of training results for the CLI: metrics as percentages, mean +- std,
// small tables, durations and the foreground progress line.
import type { MeanStd } from '../eval/stats';

export const pct = (x: number | null | undefined, digits = 2) =>
  typeof x === 'number' && Number.isFinite(x) ? (100 * x).toFixed(digits) : '-';
export const meanStdPct = (m: MeanStd | undefined) => (m ? `${pct(m.mean)} ± ${pct(m.std)}` : '-');

export function duration(ms: number | null | undefined): string {
  if (typeof ms !== 'number' || !Number.isFinite(ms)) return '-';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  if (s < 90) return `${s.toFixed(1)} s`;
  const m = Math.floor(s / 60);
  return m < 90 ? `${m} min ${Math.round(s - m * 60)} s` : `${Math.floor(m / 60)} h ${m % 60} min`;
}

/** Left-aligned columns separated by two spaces. */
export function table(header: string[], rows: (string | number)[][]): string {
  const cells = [header, ...rows.map((r) => r.map(String))];
  const widths = header.map((_, c) => Math.max(...cells.map((r) => (r[c] ?? '').length)));
  return cells
    .map((r) =>
      r
        .map((cell, c) => cell.padEnd(widths[c]))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/** "[######------] 12/30 loss 0.6931 (ce 0.6931, dml 1.2345) eta 12 s" */
export function progressLine(
  p: { label: string; step: number; totalSteps: number; loss: number; ce?: number; dml?: number | null; etaMs?: number | null },
  width = 24,
): string {
  const filled = Math.round((p.step / Math.max(1, p.totalSteps)) * width);
  const terms = p.ce !== undefined && p.dml !== null && p.dml !== undefined ? ` (ce ${p.ce.toFixed(4)}, dml ${p.dml.toFixed(4)})` : '';
  const eta = p.etaMs !== undefined && p.etaMs !== null ? ` eta ${duration(p.etaMs)}` : '';
  return `${p.label} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${p.step}/${p.totalSteps} loss ${p.loss.toFixed(4)}${terms}${eta}`;
}
