// Stored JSON columns are parsed in one place; a malformed value becomes the fallback instead of a
// page crash (the value came from another process and is shown, not trusted).

export function parseJson<T>(text: string | null | undefined, fallback: T): T {
  if (text === null || text === undefined || text === '') return fallback;
  try {
    const value = JSON.parse(text) as T;
    return value ?? fallback;
  } catch {
    return fallback;
  }
}

export function asNumber(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** Keep at most `max` evenly spaced items, always including the last one. */
export function downsample<T>(items: T[], max: number): T[] {
  if (items.length <= max) return items;
  const stride = items.length / max;
  const out: T[] = [];
  for (let i = 0; i < max - 1; i++) out.push(items[Math.floor(i * stride)]);
  out.push(items[items.length - 1]);
  return out;
}
