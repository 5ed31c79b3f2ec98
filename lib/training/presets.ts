// Named starting points of a train config. A preset fills every field the user leaves out; what the
// user gives wins. The schema defaults (lib/training/config.ts) are the authors' hyper-parameters
// (docs/paper.md §1.6), so `paper` only adds what the schema cannot default: the model and the fixed
// 10/120 cosine schedule of their code.

export const PRESET_NAMES = ['paper', 'cpu'] as const;
export type PresetName = (typeof PRESET_NAMES)[number];

/** The default model of the `cpu` preset (a small pretrained model committed by the lead). */
export const CPU_DEFAULT_MODEL = 'models/dml-lens-small';

export const PRESETS: Record<PresetName, Record<string, unknown>> = {
  // RoBERTa-large for a GPU machine: lr 1e-5, batch 64, 120 epochs, cosine 10/120, beta 0.4,
  // max length 64, SoftTriple with the authors' hyper-parameters (its spec's `authors`), AdamW as
  // transformers.AdamW(correct_bias=True), weight decay on every parameter, all tokens feed the DML loss.
  paper: {
    model: 'roberta-large',
    loss: 'soft-triple',
    beta: 0.4,
    lossPreset: 'authors',
    tokens: 'all',
    protocol: 'kfold',
    samples: 20,
    folds: 4,
    seeds: [2048],
    lr: 1e-5,
    batchSize: 64,
    epochs: 120,
    schedule: 'cosine',
    warmupSteps: 10,
    scheduleSteps: 120,
    maxLength: 64,
    optimizer: 'transformers',
    weightDecay: 0.01,
    excludeBiasLayerNorm: false,
  },
  // A small local model sized so one run (20 examples, ~1,000 evaluated sentences) takes about a
  // minute on 2 CPU cores with the wasm backend. Few steps need a larger learning rate, a larger
  // one again for proxies/centres, and a short warm-up.
  cpu: {
    model: CPU_DEFAULT_MODEL,
    loss: 'soft-triple',
    beta: 0.4,
    lossPreset: 'authors',
    tokens: 'all',
    protocol: 'kfold',
    samples: 20,
    folds: 4,
    seeds: [2048],
    lr: 5e-4, // one probe on models/dml-lens-small: 1e-4 leaves 20 MR sentences unfitted after 30 steps
    proxyLr: 1e-2,
    batchSize: 20,
    epochs: 30,
    schedule: 'cosine',
    warmupSteps: 3,
    maxLength: 64,
    evalLimit: 1000,
    optimizer: 'torch',
    weightDecay: 0.01,
    excludeBiasLayerNorm: true,
  },
};
