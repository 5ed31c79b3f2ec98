// Counting examples per split and label, and comparing with expected (official) counts.
import type { ParsedExample, Split } from './types';

export type SplitCounts = Partial<Record<Split, number[]>>;

export function countLabels(examples: ParsedExample[], numClasses: number): SplitCounts {
  const out: SplitCounts = {};
  for (const e of examples) {
    const c = (out[e.split] ??= new Array<number>(numClasses).fill(0));
    c[e.label]++;
  }
  return out;
}

/** Human-readable differences between found and expected counts (empty when they agree). */
export function compareCounts(found: SplitCounts, expected: SplitCounts, labelNames: string[]): string[] {
  const problems: string[] = [];
  const splits = new Set([...Object.keys(found), ...Object.keys(expected)]) as Set<Split>;
  const fmt = (c: number[] | undefined) =>
    c ? `${c.reduce((a, b) => a + b, 0)} (${c.map((n, i) => `${labelNames[i]} ${n}`).join(', ')})` : 'none';
  for (const s of splits) {
    const f = found[s];
    const e = expected[s];
    if (!f || !e || f.some((n, i) => n !== e[i])) problems.push(`${s}: found ${fmt(f)}, expected ${fmt(e)}`);
  }
  return problems;
}
