// Read model of the Sentences page: the evaluated sentences of run A (and B on the same sentences),
// filtered in SQL, each with its stored attributions per method for both runs.
import type { Prisma } from '@prisma/client';
import type { Db } from '../../db/client';
import { ATTRIBUTION_ROW_FIELDS, readAttribution, type AttributionView } from './attributions';
import { runsWithKeptModel } from './kept-models';
import { getRunSummary, type RunSummary } from './run-detail';
import { SENTENCES_PER_PAGE, type SentencesQuery } from './sentences-query';

export interface PredictionCell {
  predicted: number;
  predictedName: string;
  confidence: number;
  correct: boolean;
}

export interface SentenceRow {
  exampleId: number;
  split: string;
  idx: number;
  text: string;
  textPair: string | null;
  label: number;
  labelName: string;
  a: PredictionCell;
  b?: PredictionCell;
  attributions: { a: Record<string, AttributionView>; b: Record<string, AttributionView> };
}

export interface SentencesView {
  runA: RunSummary;
  runB?: RunSummary;
  total: number;
  page: number;
  pages: number;
  rows: SentenceRow[];
  /** Matching sentences with a stored attribution of run A or B; listed first (except under the "explained" filter). */
  explained: number;
  /** Sentences on this page without a stored attribution, per run and method (for compute-on-demand). */
  unexplained: { runId: number; method: string; exampleIds: number[] }[];
  /** Runs whose fine-tuned weights were kept (only those can be explained on demand). */
  explainable: number[];
  pendingJobs: number;
}

function whereFor(q: SentencesQuery, runA: number): Prisma.PredictionWhereInput {
  const where: Prisma.PredictionWhereInput = { runId: runA };
  const b = q.runB;
  const example: Prisma.ExampleWhereInput = {};
  if (q.filter === 'wrong-a') where.correct = false;
  if (q.filter === 'low-confidence') where.confidence = { lt: q.maxConfidence };
  if (q.filter === 'explained') example.attributions = { some: { runId: runA } };
  const other = (correct: boolean) => (b !== undefined ? { predictions: { some: { runId: b, correct } } } : {});
  if (q.filter === 'wrong-a-right-b') {
    Object.assign(where, { correct: false });
    Object.assign(example, other(true));
  }
  if (q.filter === 'right-a-wrong-b') {
    Object.assign(where, { correct: true });
    Object.assign(example, other(false));
  }
  if (q.filter === 'both-wrong') {
    Object.assign(where, { correct: false });
    Object.assign(example, other(false));
  }
  if (q.q) example.text = { contains: q.q };
  if (Object.keys(example).length) where.example = example;
  if (q.label !== undefined) where.label = q.label;
  return where;
}

/** `methods`: the attribution methods the page shows (lib/explain/method-list's SENTENCES_PAGE_METHODS). */
export async function getSentences(
  db: Db,
  q: SentencesQuery & { runA: number },
  methods: readonly string[],
): Promise<SentencesView | undefined> {
  const runA = await getRunSummary(db, q.runA);
  if (!runA) return undefined;
  const runB = q.runB !== undefined ? await getRunSummary(db, q.runB) : undefined;
  const where = whereFor({ ...q, runB: runB?.id }, runA.id);
  const runIds = runB ? [runA.id, runB.id] : [runA.id];
  // explained sentences first: the page is cut from [explained..., the rest...]
  const hasAttr: Prisma.ExampleWhereInput = { attributions: { some: { runId: { in: runIds } } } };
  const and = (extra: Prisma.ExampleWhereInput): Prisma.PredictionWhereInput => ({ AND: [where, { example: extra }] });
  const [total, explained] = await Promise.all([db.prediction.count({ where }), db.prediction.count({ where: and(hasAttr) })]);
  const select = {
    exampleId: true,
    label: true,
    predicted: true,
    confidence: true,
    correct: true,
    example: { select: { split: true, idx: true, text: true, textPair: true } },
  } as const;
  const orderBy: Prisma.PredictionOrderByWithRelationInput[] =
    q.filter === 'low-confidence' ? [{ confidence: 'asc' }, { exampleId: 'asc' }] : [{ exampleId: 'asc' }];
  const offset = (q.page - 1) * SENTENCES_PER_PAGE;
  const slice = (w: Prisma.PredictionWhereInput, skip: number, take: number) =>
    take > 0 ? db.prediction.findMany({ where: w, skip, take, orderBy, select }) : Promise.resolve([]);
  const predsA =
    q.filter === 'explained' || explained === 0 || explained === total
      ? await slice(where, offset, SENTENCES_PER_PAGE)
      : [
          ...(await slice(and(hasAttr), offset, Math.min(SENTENCES_PER_PAGE, explained - offset))),
          ...(await slice(
            and({ NOT: hasAttr }),
            Math.max(0, offset - explained),
            SENTENCES_PER_PAGE - Math.max(0, Math.min(SENTENCES_PER_PAGE, explained - offset)),
          )),
        ];
  const exampleIds = predsA.map((p) => p.exampleId);
  const [predsB, attributions, pendingJobs, explainable] = await Promise.all([
    runB
      ? db.prediction.findMany({
          where: { runId: runB.id, exampleId: { in: exampleIds } },
          select: { exampleId: true, predicted: true, confidence: true, correct: true },
        })
      : [],
    db.attribution.findMany({
      where: { runId: { in: runIds }, exampleId: { in: exampleIds } },
      select: { runId: true, exampleId: true, ...ATTRIBUTION_ROW_FIELDS },
      orderBy: { id: 'desc' },
    }),
    db.job.count({ where: { kind: 'explain', status: { in: ['queued', 'running'] }, runId: { in: runIds } } }),
    runsWithKeptModel(db, runIds),
  ]);
  const bBy = new Map(predsB.map((p) => [p.exampleId, p]));
  const attr = new Map<string, AttributionView>();
  for (const a of attributions) {
    const key = `${a.runId}:${a.exampleId}:${a.method}`;
    if (!attr.has(key)) attr.set(key, readAttribution(a, { attentionDetail: false })); // newest per method
  }
  const names = runA.dataset.labelNames;
  const cell = (p: { predicted: number; confidence: number; correct: boolean }): PredictionCell => ({
    predicted: p.predicted,
    predictedName: names[p.predicted] ?? String(p.predicted),
    confidence: p.confidence,
    correct: p.correct,
  });
  const methodsOf = (runId: number, exampleId: number) =>
    Object.fromEntries(
      methods.flatMap((m) => {
        const v = attr.get(`${runId}:${exampleId}:${m}`);
        return v ? [[m, v]] : [];
      }),
    );
  const rows = predsA.map((p) => {
    const b = bBy.get(p.exampleId);
    return {
      exampleId: p.exampleId,
      split: p.example.split,
      idx: p.example.idx,
      text: p.example.text,
      textPair: p.example.textPair,
      label: p.label,
      labelName: names[p.label] ?? String(p.label),
      a: cell(p),
      b: b ? cell(b) : undefined,
      attributions: { a: methodsOf(runA.id, p.exampleId), b: runB ? methodsOf(runB.id, p.exampleId) : {} },
    };
  });
  const unexplained = runIds
    .flatMap((runId) =>
      methods.map((method) => ({ runId, method, exampleIds: exampleIds.filter((ex) => !attr.has(`${runId}:${ex}:${method}`)) })),
    )
    .filter((u) => u.exampleIds.length > 0);
  return {
    runA,
    runB,
    total,
    explained,
    page: q.page,
    pages: Math.max(1, Math.ceil(total / SENTENCES_PER_PAGE)),
    rows,
    unexplained,
    explainable,
    pendingJobs,
  };
}

/** One sentence in full (the focused one): both runs' predictions and every stored attribution. */
export async function getSentenceFocus(db: Db, exampleId: number, runIds: number[]) {
  const [example, attributions] = await Promise.all([
    db.example.findUnique({ where: { id: exampleId }, select: { id: true, text: true, textPair: true, label: true } }),
    db.attribution.findMany({
      where: { exampleId, runId: { in: runIds }, method: 'attention' },
      select: { runId: true, ...ATTRIBUTION_ROW_FIELDS },
      orderBy: { id: 'desc' },
    }),
  ]);
  if (!example) return undefined;
  const attention = runIds.map((runId) => {
    const row = attributions.find((a) => a.runId === runId);
    return { runId, view: row ? readAttribution(row) : undefined };
  });
  return { example, attention };
}
