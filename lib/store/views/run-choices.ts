// Finished runs offered by a searchable run picker (Sentences and Embeddings, run A and run B): one line each
// with what tells runs apart, and how many attributions each has stored (explained runs first).
import type { Db } from '../../db/client';

export interface RunChoice {
  id: number;
  label: string;
  explained: number;
  sameSentences: boolean;
}

export interface RunChoiceFilter {
  /** Only runs on this data set (run B must share run A's sentences). */
  datasetId?: number;
  /** Runs evaluated on the same sentences as this one (same data set, size, fold, seed) are marked and listed first. */
  like?: { datasetId: number; sampleSize: number | null; fold: number; seed: number };
  exclude?: number;
  limit?: number;
}

export async function listRunChoices(db: Db, f: RunChoiceFilter = {}): Promise<RunChoice[]> {
  const runs = await db.run.findMany({
    where: {
      status: 'done',
      ...(f.datasetId !== undefined ? { datasetId: f.datasetId } : {}),
      ...(f.exclude !== undefined ? { id: { not: f.exclude } } : {}),
    },
    select: {
      id: true,
      loss: true,
      sampleSize: true,
      fold: true,
      seed: true,
      datasetId: true,
      dataset: { select: { name: true } },
      _count: { select: { attributions: true } },
    },
    orderBy: { id: 'desc' },
    take: f.limit ?? 500,
  });
  const same = (r: (typeof runs)[number]) =>
    Boolean(
      f.like && r.datasetId === f.like.datasetId && r.sampleSize === f.like.sampleSize && r.fold === f.like.fold && r.seed === f.like.seed,
    );
  return runs
    .map((r) => ({
      id: r.id,
      label: `run ${r.id} · ${r.dataset.name} · ${r.loss} · n=${r.sampleSize ?? '–'} · fold ${r.fold} · seed ${r.seed}${r._count.attributions ? ' · explained' : ''}`,
      explained: r._count.attributions,
      sameSentences: same(r),
    }))
    .sort((a, b) => Number(b.sameSentences) - Number(a.sameSentences) || Number(b.explained > 0) - Number(a.explained > 0) || b.id - a.id);
}
