// The Runs page's query string: filter, sort and page, parsed leniently (a bad value falls back to
// its default instead of an error page) and written back into links.
import { z } from 'zod';

export const RUN_SORT_KEYS = ['id', 'createdAt', 'dataset', 'model', 'loss', 'beta', 'sampleSize', 'status', 'fold', 'durationMs'] as const;
export type RunSortKey = (typeof RUN_SORT_KEYS)[number];
export const PAGE_SIZES = [25, 50, 100] as const;

const optionalNumber = z
  .preprocess((v) => (v === '' || v === undefined ? undefined : Number(v)), z.number().finite().optional())
  .catch(undefined);
const optionalString = z.preprocess((v) => (v === '' ? undefined : v), z.string().max(100).optional()).catch(undefined);

export const RunsQuerySchema = z.object({
  view: z.enum(['runs', 'experiments']).catch('runs'),
  dataset: optionalString,
  model: optionalString,
  loss: optionalString,
  beta: optionalNumber,
  sampleSize: optionalNumber,
  status: optionalString,
  experiment: optionalNumber,
  sweep: optionalNumber,
  sort: z.enum(RUN_SORT_KEYS).catch('id'),
  dir: z.enum(['asc', 'desc']).catch('desc'),
  page: z.coerce.number().int().min(1).catch(1),
  size: z.coerce
    .number()
    .int()
    .refine((n) => (PAGE_SIZES as readonly number[]).includes(n))
    .catch(25),
});

export type RunsQuery = z.infer<typeof RunsQuerySchema>;

type SearchParams = Record<string, string | string[] | undefined>;

export function parseRunsQuery(params: SearchParams): RunsQuery {
  const flat = Object.fromEntries(Object.entries(params).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]));
  return RunsQuerySchema.parse(flat);
}

/** The query string for `q` with `changes` applied; defaults are left out to keep links short. */
export function runsQueryString(q: RunsQuery, changes: Partial<RunsQuery> = {}): string {
  const merged = { ...q, ...changes } as Record<string, string | number | boolean | null | undefined>;
  const defaults = RunsQuerySchema.parse({}) as Record<string, unknown>;
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(merged)) {
    if (v === undefined || v === null || v === '' || v === defaults[k]) continue;
    params.set(k, String(v));
  }
  const s = params.toString();
  return s ? `?${s}` : '';
}
