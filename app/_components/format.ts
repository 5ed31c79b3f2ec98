// Number and time formats shared by the pages.
export { formatMeanStd, formatP, formatPct } from '../../lib/store/views/stats';

export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '–';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  if (s < 90) return `${s.toFixed(1)} s`;
  const m = Math.floor(s / 60);
  return m < 90 ? `${m} min ${Math.round(s % 60)} s` : `${Math.floor(m / 60)} h ${m % 60} min`;
}

export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '–';
  return iso.slice(0, 16).replace('T', ' ');
}

export function formatInt(n: number): string {
  return n.toLocaleString('en-US');
}
