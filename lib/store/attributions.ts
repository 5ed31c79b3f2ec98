// Repository of Attribution rows: one per (run, example, method, optionsHash) with the tokens,
// per-token scores, word scores, target class and IG delta of one explanation (lib/explain writes
// them). Reading a row for display: ./views/attributions.ts.
import type { Db } from '../db/client';
import { ATTRIBUTION_ROW_FIELDS, type AttributionRow } from './views/attributions';

/** The unique key of an attribution row. */
export interface AttributionKey {
  runId: number;
  exampleId: number;
  method: string;
  optionsHash: string;
}

/** A whole attribution row as lib/explain/service.ts attributionData builds it. */
export interface AttributionData extends AttributionKey, AttributionRow {
  optionsJson: string;
}

/** Writes the row, replacing one with the same key. */
export async function saveAttribution(db: Db, data: AttributionData): Promise<void> {
  const { runId, exampleId, method, optionsHash } = data;
  await db.attribution.upsert({
    where: { runId_exampleId_method_optionsHash: { runId, exampleId, method, optionsHash } },
    create: data,
    update: data,
  });
}

/** The row with this key, or undefined. */
export async function findAttribution(db: Db, key: AttributionKey) {
  return (await db.attribution.findUnique({ where: { runId_exampleId_method_optionsHash: key } })) ?? undefined;
}

/** The stored rows (example id, word scores) of these examples for one run, method and options; examples without one are absent. */
export async function attributionsOfExamples(
  db: Db,
  q: { runId: number; method: string; optionsHash: string; exampleIds: number[] },
): Promise<{ exampleId: number; wordsJson: string | null }[]> {
  return db.attribution.findMany({
    where: { runId: q.runId, method: q.method, optionsHash: q.optionsHash, exampleId: { in: q.exampleIds } },
    select: { exampleId: true, wordsJson: true },
  });
}

/** The first `take` rows (by example id) of one run, method and options, with their sentence. */
export async function firstAttributions(db: Db, q: { runId: number; method: string; optionsHash: string }, take: number) {
  return db.attribution.findMany({
    where: { runId: q.runId, method: q.method, optionsHash: q.optionsHash },
    take,
    orderBy: { exampleId: 'asc' },
    include: { example: { select: { text: true } } },
  });
}

/** How many rows a run has (of one method, when given). */
export async function countAttributions(db: Db, runId: number, method?: string): Promise<number> {
  return db.attribution.count({ where: { runId, ...(method !== undefined ? { method } : {}) } });
}

/** The run of the most recently stored attribution, or undefined when there is none. */
export async function latestAttributedRunId(db: Db): Promise<number | undefined> {
  return (await db.attribution.findFirst({ orderBy: { id: 'desc' }, select: { runId: true } }))?.runId;
}

/** Up to `take` rows of a run with id > `afterId` (ascending id), each with its example: a page of an export. */
export async function attributionPage(db: Db, q: { runId: number; afterId: number; take: number; methods?: string[] }) {
  return db.attribution.findMany({
    where: { runId: q.runId, id: { gt: q.afterId }, ...(q.methods?.length ? { method: { in: q.methods } } : {}) },
    orderBy: { id: 'asc' },
    take: q.take,
    include: { example: { select: { split: true, idx: true, text: true, textPair: true, label: true } } },
  });
}

/** The rows of these runs and methods (of these examples, when given), newest first. */
export async function attributionsOfRuns(db: Db, q: { runIds: number[]; methods: string[]; exampleIds?: number[] }) {
  return db.attribution.findMany({
    where: { runId: { in: q.runIds }, method: { in: q.methods }, ...(q.exampleIds?.length ? { exampleId: { in: q.exampleIds } } : {}) },
    orderBy: { id: 'desc' },
    select: { runId: true, exampleId: true, ...ATTRIBUTION_ROW_FIELDS },
  });
}

/** Every row of one method over the runs of a sweep's experiments. */
export async function attributionsOfSweep(db: Db, sweepId: number, method: string) {
  return db.attribution.findMany({ where: { method, run: { experiment: { sweepId } } }, select: ATTRIBUTION_ROW_FIELDS });
}
