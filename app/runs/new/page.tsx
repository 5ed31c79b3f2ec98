import { getDb } from '../../../lib/db/client';
import { TrainConfigSchema } from '../../../lib/training/config';
import { TRAIN_LOSS_NAMES } from '../../../lib/training/loss-catalog';
import { datasetNames } from '../../../lib/store/datasets';
import { listRegisteredModels } from '../../../lib/store/models';
import { liveWorkerCount } from '../../../lib/store/views/workers';
import { CPU_DEFAULT_MODEL, PRESETS, PRESET_NAMES, type PresetName } from '../../../lib/training/presets';
import { NewRunForm } from './new-run-form';

export const metadata = { title: 'New run' };

export default async function NewRunPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const db = getDb();
  const [datasets, registered, liveWorkers] = await Promise.all([datasetNames(db), listRegisteredModels(db), liveWorkerCount(db)]);
  const models = registered.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const sp = await searchParams;
  const initial = Object.fromEntries(Object.entries(sp).flatMap(([k, v]) => (v === undefined ? [] : [[k, v]]))) as Record<
    string,
    string | string[]
  >;
  if (!initial.losses) initial.losses = ['ce'];
  // A first visit starts from the `cpu` preset and the registered default model (what the demo trains);
  // the paper's settings are one link away.
  if (initial.preset === undefined) initial.preset = 'cpu';
  const preset = (PRESET_NAMES as readonly string[]).includes(String(initial.preset)) ? (initial.preset as PresetName) : undefined;
  if (initial.model === undefined && preset === 'cpu') {
    const registered = models.find((m) => m.path.replace(/\/+$/, '').endsWith(CPU_DEFAULT_MODEL));
    initial.model = registered?.name ?? CPU_DEFAULT_MODEL;
  }
  // The preset's values over the schema's defaults, shown as placeholders (an empty field takes them).
  const {
    dataset: _d,
    model: _m,
    loss: _l,
    ...defaults
  } = TrainConfigSchema.parse({ ...(preset ? PRESETS[preset] : {}), dataset: '-', model: '-', loss: 'ce' }) as Record<string, unknown>;
  return (
    <>
      <h1>New run / sweep</h1>
      <p className="subtitle">
        Pick a data set, a model and one or more losses and sample sizes: one loss and one size make one experiment (its folds and seeds are
        runs); several make a sweep. The server validates everything and lists every problem next to its field before anything is queued.
      </p>
      <p className="small" data-testid="preset-links">
        {preset === 'paper' ? (
          <>
            Starting from the paper&apos;s settings (RoBERTa-large, needs a GPU-sized machine).{' '}
            <a href="/runs/new">
              Back to the <code>cpu</code> preset
            </a>
            .
          </>
        ) : (
          <>
            Starting from the <code>cpu</code> preset (the small default model, about a minute per run).{' '}
            <a href="/runs/new?preset=paper">Use the paper&apos;s settings instead (RoBERTa-large)</a>.
          </>
        )}
      </p>
      <NewRunForm
        choices={{
          datasets,
          models: models.map((m) => m.name),
          losses: [...TRAIN_LOSS_NAMES],
          defaults,
          initial,
          liveWorkers,
        }}
      />
    </>
  );
}
