// The fields of the New run / sweep form. Names are the train config's keys (lib/training/config.ts)
// so that a validation problem's path lands next to its field; `losses` and `sampleSizes` are the
// sweep axes (one experiment per combination). An empty field is left out, so a preset fills it.
// Choices come from their one source: losses and loss presets from the loss specs, token selections
// from lib/losses/tokens.ts.
import { TOKEN_SELECTIONS } from '../../losses/tokens';
import { LOSS_PRESETS } from '../../losses/hyperparams';
import { WEIGHTS_DTYPES } from '../../model/weights-dtype';

export type FieldKind = 'text' | 'number' | 'select' | 'checkbox' | 'int-list' | 'multi';

export interface FormField {
  name: string;
  label: string;
  kind: FieldKind;
  section: 'Data and model' | 'Loss' | 'Protocol' | 'Optimisation' | 'Outputs';
  options?: string[];
  help?: string;
  step?: string;
}

export const TRAIN_FORM_FIELDS: FormField[] = [
  { name: 'name', label: 'Experiment name', kind: 'text', section: 'Data and model', help: 'generated when empty' },
  {
    name: 'preset',
    label: 'Preset',
    kind: 'select',
    section: 'Data and model',
    options: ['', 'paper', 'cpu'],
    help: 'fills the fields left empty',
  },
  { name: 'dataset', label: 'Dataset', kind: 'select', section: 'Data and model' },
  { name: 'model', label: 'Model', kind: 'text', section: 'Data and model', help: 'registered name or a folder' },
  { name: 'losses', label: 'Losses (several = sweep)', kind: 'multi', section: 'Loss' },
  { name: 'beta', label: 'β (weight of CE)', kind: 'number', section: 'Loss', step: 'any', help: 'L = β·CE + (1−β)·DML' },
  { name: 'lossPreset', label: 'Loss hyper-parameters', kind: 'select', section: 'Loss', options: ['', ...LOSS_PRESETS] },
  { name: 'tokens', label: 'Embeddings fed to the DML loss', kind: 'select', section: 'Loss', options: ['', ...TOKEN_SELECTIONS] },
  { name: 'protocol', label: 'Protocol', kind: 'select', section: 'Protocol', options: ['', 'kfold', 'per-class', 'official'] },
  { name: 'sampleSizes', label: 'Training examples (several = sweep)', kind: 'int-list', section: 'Protocol', help: 'e.g. 10, 20, 40' },
  { name: 'folds', label: 'Folds', kind: 'number', section: 'Protocol' },
  { name: 'perClass', label: 'Examples per class', kind: 'number', section: 'Protocol', help: 'per-class protocol' },
  { name: 'seeds', label: 'Seeds', kind: 'int-list', section: 'Protocol', help: 'e.g. 2048 or 1, 2, 3' },
  { name: 'evalLimit', label: 'Max evaluated sentences', kind: 'number', section: 'Protocol' },
  { name: 'epochs', label: 'Epochs', kind: 'number', section: 'Optimisation' },
  { name: 'steps', label: 'Steps (overrides epochs)', kind: 'number', section: 'Optimisation' },
  { name: 'batchSize', label: 'Batch size', kind: 'number', section: 'Optimisation' },
  { name: 'maxLength', label: 'Max tokens', kind: 'number', section: 'Optimisation' },
  { name: 'lr', label: 'Learning rate', kind: 'number', section: 'Optimisation', step: 'any' },
  { name: 'proxyLr', label: 'Proxy learning rate', kind: 'number', section: 'Optimisation', step: 'any' },
  { name: 'weightDecay', label: 'Weight decay', kind: 'number', section: 'Optimisation', step: 'any' },
  { name: 'schedule', label: 'LR schedule', kind: 'select', section: 'Optimisation', options: ['', 'cosine', 'linear', 'constant'] },
  { name: 'warmupSteps', label: 'Warm-up steps', kind: 'number', section: 'Optimisation' },
  { name: 'dropout', label: 'Dropout', kind: 'number', section: 'Optimisation', step: 'any' },
  {
    name: 'trainLayers',
    label: 'Train only the top k layers',
    kind: 'number',
    section: 'Optimisation',
    help: 'embeddings and lower layers frozen',
  },
  { name: 'loraRank', label: 'LoRA rank', kind: 'number', section: 'Optimisation', help: 'adapters on a frozen encoder, e.g. 8' },
  {
    name: 'loraAlpha',
    label: 'LoRA alpha',
    kind: 'number',
    section: 'Optimisation',
    step: 'any',
    help: 'scale alpha/rank (default = rank)',
  },
  {
    name: 'loraTargets',
    label: 'LoRA targets',
    kind: 'text',
    section: 'Optimisation',
    help: 'query,value (default); also key, dense, intermediate, output',
  },
  { name: 'microBatch', label: 'Micro-batch (gradient accumulation)', kind: 'number', section: 'Optimisation' },
  { name: 'recompute', label: 'Recompute activations per layer', kind: 'checkbox', section: 'Optimisation' },
  {
    name: 'weightsDtype',
    label: 'Frozen weights stored as',
    kind: 'select',
    section: 'Optimisation',
    options: ['', ...WEIGHTS_DTYPES],
    help: '16 bits halve the frozen weights of a LoRA / top-k run',
  },
  { name: 'proxyInference', label: 'Proxy-based inference', kind: 'checkbox', section: 'Outputs' },
  { name: 'saveModel', label: 'Keep the fine-tuned model', kind: 'checkbox', section: 'Outputs' },
];

/** Config paths that are shown under another field of the form. */
export const PATH_TO_FIELD: Record<string, string> = { loss: 'losses', samples: 'sampleSizes' };

export type FormValues = Record<string, string | string[]>;

/** The config fields of the form as typed values; problems for values that are not numbers. */
export function readFormValues(values: FormValues): {
  shared: Record<string, unknown>;
  losses: string[];
  sampleSizes: number[];
  problems: { path: string; message: string }[];
} {
  const shared: Record<string, unknown> = {};
  const problems: { path: string; message: string }[] = [];
  const str = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v)?.trim() ?? '';
  const intList = (name: string) => {
    const raw = str(values[name]);
    if (!raw) return [];
    const parts = raw.split(/[\s,]+/).filter(Boolean);
    const nums = parts.map(Number);
    if (nums.some((n) => !Number.isInteger(n)))
      problems.push({ path: name, message: `expected whole numbers separated by commas, got "${raw}"` });
    return nums.filter(Number.isInteger);
  };
  for (const f of TRAIN_FORM_FIELDS) {
    if (f.name === 'losses' || f.name === 'sampleSizes') continue;
    if (f.kind === 'checkbox') {
      if (values[`${f.name}__present`] !== undefined) shared[f.name] = str(values[f.name]) === 'on';
      continue;
    }
    if (f.kind === 'int-list') {
      const list = intList(f.name);
      if (list.length) shared[f.name] = list;
      continue;
    }
    const raw = str(values[f.name]);
    if (raw === '') continue;
    if (f.kind === 'number') {
      const n = Number(raw);
      if (Number.isFinite(n)) shared[f.name] = n;
      else problems.push({ path: f.name, message: `expected a number, got "${raw}"` });
    } else if (f.name === 'loraTargets') shared[f.name] = raw.split(/[\s,]+/).filter(Boolean);
    else shared[f.name] = raw;
  }
  const lossValue = values.losses;
  const losses = (Array.isArray(lossValue) ? lossValue : lossValue ? [lossValue] : []).filter(Boolean);
  return { shared, losses, sampleSizes: intList('sampleSizes'), problems };
}
