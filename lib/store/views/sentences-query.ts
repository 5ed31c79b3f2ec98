// The Sentences page's query string (runs, filter, label, text search, page, focused sentence).
import { z } from 'zod';

export const SENTENCE_FILTERS = [
  'all',
  'explained',
  'wrong-a',
  'wrong-a-right-b',
  'right-a-wrong-b',
  'both-wrong',
  'low-confidence',
] as const;
export type SentenceFilter = (typeof SENTENCE_FILTERS)[number];
export const FILTER_LABELS: Record<SentenceFilter, string> = {
  all: 'All',
  explained: 'Explained in A',
  'wrong-a': 'Wrong in A',
  'wrong-a-right-b': 'Wrong in A, right in B',
  'right-a-wrong-b': 'Right in A, wrong in B',
  'both-wrong': 'Wrong in both',
  'low-confidence': 'Low confidence in A',
};
export const SENTENCES_PER_PAGE = 20;

const optionalInt = z
  .preprocess((v) => (v === '' || v === undefined ? undefined : Number(v)), z.number().int().optional())
  .catch(undefined);

export const SentencesQuerySchema = z.object({
  runA: optionalInt,
  runB: optionalInt,
  filter: z.enum(SENTENCE_FILTERS).catch('all'),
  label: optionalInt,
  q: z.preprocess((v) => (v === '' ? undefined : v), z.string().max(200).optional()).catch(undefined),
  maxConfidence: z.coerce.number().min(0).max(1).catch(0.6),
  page: z.coerce.number().int().min(1).catch(1),
  focus: optionalInt,
});
export type SentencesQuery = z.infer<typeof SentencesQuerySchema>;

export function parseSentencesQuery(params: Record<string, string | string[] | undefined>): SentencesQuery {
  return SentencesQuerySchema.parse(Object.fromEntries(Object.entries(params).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v])));
}

export function sentencesQueryString(q: SentencesQuery, changes: Partial<SentencesQuery> = {}): string {
  const merged = { ...q, ...changes } as Record<string, string | number | boolean | null | undefined>;
  const defaults = SentencesQuerySchema.parse({}) as Record<string, unknown>;
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(merged)) if (v !== undefined && v !== '' && v !== defaults[k]) params.set(k, String(v));
  const s = params.toString();
  return s ? `?${s}` : '';
}
