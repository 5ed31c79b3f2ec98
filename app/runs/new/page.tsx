import { getDb } from '../../../lib/db/client';
import { TrainConfigSchema } from '../../../lib/training/config';
import { TRAIN_LOSS_NAMES } from '../../../lib/training/loss-catalog';
import { liveWorkerCount } from '../../../lib/store/views/workers';
import { NewRunForm } from './new-run-form';

export const metadata = { title: 'New run' };

export default async function NewRunPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const db = getDb();
  const [datasets, models, liveWorkers] = await Promise.all([
    db.dataset.findMany({ select: { name: true }, orderBy: { name: 'asc' } }),
    db.model.findMany({ select: { name: true }, orderBy: { name: 'asc' } }),
    liveWorkerCount(db),
  ]);
  // The schema's defaults, shown as placeholders (an empty field takes the preset's or this value).
  const { dataset: _d, model: _m, loss: _l, ...defaults } = TrainConfigSchema.parse({ dataset: '-', model: '-', loss: 'ce' }) as Record<string, unknown>;
  const sp = await searchParams;
  const initial = Object.fromEntries(Object.entries(sp).flatMap(([k, v]) => (v === undefined ? [] : [[k, v]]))) as Record<string, string | string[]>;
  if (!initial.losses) initial.losses = ['ce'];
  return (
    <>
      <h1>New run / sweep</h1>
      <p className="subtitle">
        Pick a data set, a model and one or more losses and sample sizes: one loss and one size make one experiment (its folds and seeds are runs);
        several make a sweep. The server validates everything and lists every problem next to its field before anything is queued.
      </p>
      <NewRunForm choices={{ datasets: datasets.map((d) => d.name), models: models.map((m) => m.name), losses: [...TRAIN_LOSS_NAMES], defaults, initial, liveWorkers }} />
    </>
  );
}
