// The dashboard bench's pages and their timing: each page's full server response (streamed parts
// included), a few warm-up requests, then sequential samples; p50, p95 and max per page.
import type { SeedResult } from '../../scripts/seed-dashboard';

export const WARMUP = 3;
export const SAMPLES = 30;

export interface PageTime {
  name: string;
  p50: number;
  p95: number;
  max: number;
  kb: number;
}

export function benchPages(seed: SeedResult): [string, string][] {
  const { ceRunId, dmlRunId } = seed.pair;
  return [
    ['Overview', '/'],
    ['Runs (page 1)', '/runs'],
    ['Runs (filtered, sorted by dataset, page 3)', '/runs?loss=soft-triple&sort=dataset&dir=asc&size=25&page=3'],
    ['Runs (page 80 of 80)', '/runs?page=80'],
    ['Runs: experiments (100 per page)', '/runs?view=experiments&size=100'],
    ['Run detail (+3 overlaid deciles)', `/runs/${ceRunId}`],
    ['Compare (sweep, 2,000 runs)', `/compare?sweep=${seed.sweepId}`],
    ['Compare (Wilcoxon, n=80)', `/compare?sweep=${seed.sweepId}&sampleSize=80&test=wilcoxon`],
    ['Sentences (A vs B)', `/sentences?runA=${ceRunId}&runB=${dmlRunId}`],
    ['Sentences (wrong in A, right in B)', `/sentences?runA=${ceRunId}&runB=${dmlRunId}&filter=wrong-a-right-b`],
    ['Embeddings (two panels)', `/embeddings?runA=${ceRunId}&runB=${dmlRunId}`],
    ['New run form', '/runs/new'],
    ['Progress stream (finished run)', `/api/runs/${ceRunId}/progress`],
    ['Attributions JSONL', `/api/runs/${ceRunId}/attributions`],
  ];
}

export function percentile(sorted: number[], p: number): number {
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}

async function timeOnce(url: string): Promise<{ ms: number; status: number; bytes: number }> {
  const t0 = performance.now();
  const res = await fetch(url);
  const body = await res.arrayBuffer(); // the whole response, streamed parts included
  return { ms: performance.now() - t0, status: res.status, bytes: body.byteLength };
}

/** Times every page on the app at `base`; fails on the first page that answers an error. */
export async function timePages(base: string, pages: [string, string][]): Promise<PageTime[]> {
  const rows: PageTime[] = [];
  for (const [name, p] of pages) {
    for (let i = 0; i < WARMUP; i++) {
      const w = await timeOnce(base + p);
      if (w.status >= 400) throw new Error(`${p} answered ${w.status}`);
    }
    const times: number[] = [];
    let bytes = 0;
    for (let i = 0; i < SAMPLES; i++) {
      const r = await timeOnce(base + p);
      times.push(r.ms);
      bytes = r.bytes;
    }
    times.sort((a, b) => a - b);
    rows.push({ name, p50: percentile(times, 50), p95: percentile(times, 95), max: times[times.length - 1], kb: bytes / 1024 });
  }
  return rows;
}
