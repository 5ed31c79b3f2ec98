// loadClassifier: a Hugging Face BERT/RoBERTa folder → SequenceClassifier (encoder + head +
// tokenizer). A head missing from the checkpoint, or trained for another label count, is
// created fresh from the seed and announced on stderr (as HF's "newly initialized" warning).
import fs from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { Rng, deriveSeed } from '../util/random';
import { loadCheckpoint, saveCheckpoint } from './checkpoint';
import { classifierArchitecture } from './config';
import { DropoutContext } from './dropout';
import { Encoder, type EncoderForwardOptions } from './encoder';
import { ClassificationHead } from './heads';
import { ParamStore } from './params';
import type { HalfDtype } from './weights-dtype';
import { initParams } from './random-init';
import { missingTokenizer, readTokenizer, TOKENIZER_FILES } from './tokenizer-loading';
import type { ClassifierOutput, EncodedBatch, EncoderConfig, SequenceClassifier, TextTokenizer } from './types';
import { encoderParamSpecs, headLabelCount, headParamSpecs, type ParamSpec } from './weight-names';

export interface LoadClassifierOptions {
  /** Label count of the head; default: config.json's num_labels, else the checkpoint head's, else 2. */
  numLabels?: number;
  id2label?: Record<string, string>;
  /** Seed of a fresh head and of the dropout stream. Default 0. */
  seed?: number;
  /** Overrides every dropout rate (hidden, attention, classifier). */
  dropout?: number;
  /** Use this tokenizer instead of loading the folder's. */
  tokenizer?: TextTokenizer;
  /** No log lines. */
  quiet?: boolean;
  /**
   * Frozen parameters to hold in 16 bits (--weights-dtype): read from the checkpoint straight into
   * 16-bit storage, never as float32 tensors (so the backend's memory never holds them).
   */
  halfWeights?: { dtype: HalfDtype; names: (config: EncoderConfig) => Set<string> };
}

/** Splits head specs into those the checkpoint provides with the right shape and those made fresh. */
function resolveHead(specs: ParamSpec[], tensors: Record<string, tf.Tensor>): { fresh: ParamSpec[]; replaced: string[] } {
  const fresh: ParamSpec[] = [];
  const replaced: string[] = [];
  for (const s of specs) {
    const t = tensors[s.name];
    if (t && t.shape.every((d, i) => d === s.shape[i]) && t.rank === s.shape.length) continue;
    if (t) replaced.push(`${s.name} [${t.shape.join(',')}] → [${s.shape.join(',')}]`);
    fresh.push(s);
  }
  return { fresh, replaced };
}

function labelMaps(
  numLabels: number,
  given?: Record<string, string>,
): { id2label: Record<string, string>; label2id: Record<string, number> } {
  const id2label: Record<string, string> = {};
  for (let i = 0; i < numLabels; i++) id2label[String(i)] = given?.[String(i)] ?? `LABEL_${i}`;
  return { id2label, label2id: Object.fromEntries(Object.entries(id2label).map(([i, l]) => [l, Number(i)])) };
}

class ClassifierImpl implements SequenceClassifier {
  readonly params = new ParamStore();
  private readonly encoder: Encoder;
  private readonly head: ClassificationHead;
  private readonly dropoutSeeds: Rng;

  constructor(
    readonly config: EncoderConfig,
    readonly numLabels: number,
    readonly tokenizer: TextTokenizer,
    private readonly sourceDir: string,
    seed: number,
  ) {
    this.encoder = new Encoder(config, this.params);
    this.head = new ClassificationHead(config, this.params, numLabels);
    this.dropoutSeeds = new Rng(deriveSeed(seed, 'dropout'));
  }

  forward(batch: EncodedBatch, opts: EncoderForwardOptions = {}): ClassifierOutput {
    const dropout = opts.training ? new DropoutContext(opts.dropoutSeed ?? this.dropoutSeeds.nextUint32(), opts.rowOffset ?? 0) : undefined;
    const out = this.encoder.forward(batch, { ...opts, dropout });
    const [B, , D] = out.lastHiddenState.shape;
    const cls = tf.slice(out.lastHiddenState, [0, 0, 0], [B, 1, D]).reshape<tf.Tensor2D>([B, D]);
    return { ...out, cls, logits: this.head.forward(cls, dropout) };
  }

  /** Draws the next dropout seed (what forward uses when none is given): data-parallel callers share it. */
  nextDropoutSeed(): number {
    return this.dropoutSeeds.nextUint32();
  }

  wordEmbeddingTable(): tf.Variable {
    return this.encoder.embeddings.wordTable();
  }

  trainableVariables(): tf.Variable[] {
    return this.params.trainable();
  }

  async save(dir: string): Promise<void> {
    const tensors = this.params.exportHf();
    try {
      const config = { ...this.config, architectures: [classifierArchitecture(this.config.model_type)] };
      await saveCheckpoint(dir, config, tensors);
    } finally {
      for (const t of Object.values(tensors)) t.dispose();
    }
    if (path.resolve(dir) === path.resolve(this.sourceDir)) return;
    for (const f of TOKENIZER_FILES) {
      const src = path.join(this.sourceDir, f);
      if (fs.existsSync(src)) fs.copyFileSync(src, path.join(dir, f));
    }
  }

  dispose(): void {
    this.params.dispose();
  }
}

/**
 * Loads encoder + classification head from a HF folder (config.json, model.safetensors and the
 * tokenizer files). Example: `const m = await loadClassifier('models/tiny-bert', { numLabels: 2, seed: 7 })`.
 */
export async function loadClassifier(dir: string, opts: LoadClassifierOptions = {}): Promise<SequenceClassifier & ClassifierImpl> {
  const { config: stored, tensors, raw } = await loadCheckpoint(dir, opts.halfWeights?.names);
  const seed = opts.seed ?? 0;
  try {
    const shapes = new Map(Object.entries(tensors).map(([n, t]) => [n, t.shape]));
    const numLabels = opts.numLabels ?? stored.num_labels ?? headLabelCount(shapes, stored) ?? 2;
    const rate = opts.dropout;
    const config: EncoderConfig = {
      ...stored,
      num_labels: numLabels,
      ...labelMaps(numLabels, opts.id2label ?? (stored.num_labels === numLabels ? stored.id2label : undefined)),
      ...(rate !== undefined ? { hidden_dropout_prob: rate, attention_probs_dropout_prob: rate, classifier_dropout: rate } : {}),
    };
    const headSpecs = headParamSpecs(config, numLabels);
    const { fresh, replaced } = resolveHead(headSpecs, tensors);
    if (fresh.length && !opts.quiet) {
      const why = replaced.length
        ? `its head was trained for another label count (${replaced.join('; ')})`
        : 'it has no classification head';
      process.stderr.write(
        `dml-lens: ${dir}: ${why}; new head for ${numLabels} labels from seed ${seed}: ${fresh.map((s) => s.name).join(', ')}\n`,
      );
    }
    const freshTensors = initParams(fresh, config, deriveSeed(seed, 'head'));
    const tokenizer = opts.tokenizer ?? ((await readTokenizer(dir)) || missingTokenizer(dir));
    const model = new ClassifierImpl(config, numLabels, tokenizer, dir, seed);
    const specs = new Map(encoderParamSpecs(config).map((s) => [s.name, s]));
    for (const [name, r] of Object.entries(raw)) model.params.addHalf(specs.get(name)!, r.values, r.shape, opts.halfWeights!.dtype);
    model.params.addAll([...encoderParamSpecs(config), ...headSpecs], { ...tensors, ...freshTensors }, { consume: true });
    for (const t of Object.values(freshTensors)) t.dispose();
    return model;
  } finally {
    for (const t of Object.values(tensors)) t.dispose();
  }
}

export type Classifier = ClassifierImpl;
