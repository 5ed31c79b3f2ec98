// The training objective of the paper (docs/paper.md §4.2): L = β·CE + (1 − β)·DML, with CE on the
// classification head's logits and the DML loss on the token embeddings of the last layer that
// `tokens` selects (tokens.ts; docs/paper.md §1.8).
// loss 'ce' is the plain cross-entropy baseline (total = CE, dml = null). Proxy losses also give
// the proxy-based inference of docs/paper.md §4.3: β·softmax(logits) + (1 − β)·softmax(proxy scores
// of the first-token embedding), distances negated (ProxyNCA).
import * as tf from '@tensorflow/tfjs';
import { ConfigError } from '../errors';
import { resolveLossParams, type LossPreset } from './hyperparams';
import { createLoss } from './index';
import { crossEntropyPerRow, gatherRows, readLabels } from './ops';
import { meanReduce } from './reducers';
import { TOKEN_SELECTIONS, type TokenSelection } from './tokens';
import { LOSS_NAMES, isLossName, type LossName, type MetricLoss } from './types';

export { TOKEN_SELECTIONS, type TokenSelection } from './tokens';

/** The authors' combination (docs/paper.md §1.6, §1.8): β = 0.4, DML on all tokens with padding. */
export const AUTHORS_COMBINATION = { beta: 0.4, tokens: 'all' } as const satisfies { beta: number; tokens: TokenSelection };

export interface CombinedLossOptions {
  loss: LossName | 'ce';
  /** Weight of CE, in [0, 1]. */
  beta: number;
  tokens: TokenSelection;
  numClasses: number;
  embeddingSize: number;
  seed?: number;
  /** Hyper-parameters of the DML loss, over the preset's values (default preset 'pml'). */
  params?: Record<string, unknown>;
  preset?: LossPreset;
  blockEntries?: number;
  /** Pair losses: anchor rows evaluated per batch (default all; see createLoss). */
  maxAnchors?: number;
}

export interface CombinedInputs {
  logits: tf.Tensor2D; // [B, C]
  hidden: tf.Tensor3D; // [B, L, D] last hidden state
  attentionMask: tf.Tensor2D; // [B, L], 1 = real token
  labels: tf.Tensor1D; // [B] int32
}

export interface CombinedTerms {
  total: tf.Scalar;
  ce: tf.Scalar;
  dml: tf.Scalar | null;
}

export interface CombinedLoss {
  readonly loss: LossName | 'ce';
  readonly beta: number;
  readonly tokens: TokenSelection;
  /** The DML loss (null for 'ce'). */
  readonly metric: MetricLoss | null;
  compute(inputs: CombinedInputs): CombinedTerms;
  /** The DML loss's proxies/centers/weights (empty for 'ce' and pair losses). */
  trainableWeights(): tf.Variable[];
  /** Proxy losses: class scores [B, C] of first-token embeddings [B, D]. */
  proxyLogits?(cls: tf.Tensor2D): tf.Tensor2D;
  /** Proxy losses: β·softmax(logits) + (1 − β)·softmax(proxyLogits(cls)), [B, C]. */
  proxyProbs?(logits: tf.Tensor2D, cls: tf.Tensor2D): tf.Tensor2D;
  dispose(): void;
}

/** DML inputs: the selected token embeddings [M, D] and their labels [M] (int32). */
export function selectTokens(
  hidden: tf.Tensor3D,
  attentionMask: tf.Tensor2D,
  labels: Int32Array,
  tokens: TokenSelection,
): { embeddings: tf.Tensor2D; labels: tf.Tensor1D } {
  const [b, l, d] = hidden.shape;
  if (tokens === 'cls') {
    return { embeddings: tf.reshape(tf.slice(hidden, [0, 0, 0], [b, 1, d]), [b, d]), labels: tf.tensor1d(labels, 'int32') };
  }
  const flat = tf.reshape<tf.Rank.R2>(hidden, [b * l, d]);
  if (tokens === 'all') {
    const tokenLabels = new Int32Array(b * l);
    for (let i = 0; i < b; i++) tokenLabels.fill(labels[i], i * l, (i + 1) * l);
    return { embeddings: flat, labels: tf.tensor1d(tokenLabels, 'int32') };
  }
  const mask = attentionMask.dataSync();
  const kept: number[] = [];
  for (let t = 0; t < b * l; t++) if (mask[t] !== 0) kept.push(t);
  const rows = Int32Array.from(kept);
  return {
    embeddings: gatherRows(flat, rows),
    labels: tf.tensor1d(
      rows.map((t) => labels[Math.floor(t / l)]),
      'int32',
    ),
  };
}

export function createCombinedLoss(opts: CombinedLossOptions): CombinedLoss {
  const problems: string[] = [];
  if (opts.loss !== 'ce' && !isLossName(opts.loss))
    problems.push(`unknown loss "${opts.loss as string}"; valid: ce, ${LOSS_NAMES.join(', ')}`);
  if (typeof opts.beta !== 'number' || !(opts.beta >= 0 && opts.beta <= 1))
    problems.push(`beta must be in [0, 1], got ${JSON.stringify(opts.beta)}`);
  if (!TOKEN_SELECTIONS.includes(opts.tokens))
    problems.push(`tokens must be one of ${TOKEN_SELECTIONS.join(', ')}, got ${JSON.stringify(opts.tokens)}`);
  if (opts.loss === 'ce' && opts.params && Object.keys(opts.params).length) problems.push('loss "ce" takes no hyper-parameters');
  if (problems.length) throw new ConfigError(problems, 'combined loss');
  const { beta, tokens, numClasses } = opts;
  const metric =
    opts.loss === 'ce'
      ? null
      : createLoss(opts.loss, {
          numClasses,
          embeddingSize: opts.embeddingSize,
          seed: opts.seed ?? 0,
          blockEntries: opts.blockEntries,
          maxAnchors: opts.maxAnchors,
          ...resolveLossParams(opts.loss, opts.preset ?? 'pml', opts.params ?? {}),
        });

  const compute = ({ logits, hidden, attentionMask, labels }: CombinedInputs): CombinedTerms => {
    const y = readLabels(labels, numClasses);
    if (logits.shape[0] !== y.length || hidden.shape[0] !== y.length) {
      throw new Error(`combined loss: batch sizes differ (logits ${logits.shape[0]}, hidden ${hidden.shape[0]}, labels ${y.length})`);
    }
    const [total, ce, dml] = tf.tidy<tf.Scalar[]>(() => {
      const ceTerm = meanReduce(crossEntropyPerRow(logits, labels));
      if (!metric) return [tf.clone(ceTerm), ceTerm];
      const selected = selectTokens(hidden, attentionMask, y, tokens);
      const dmlTerm = metric.compute(selected.embeddings, selected.labels);
      return [tf.add(tf.mul(ceTerm, beta), tf.mul(dmlTerm, 1 - beta)), ceTerm, dmlTerm];
    });
    return { total, ce, dml: dml ?? null };
  };

  const combined: CombinedLoss = {
    loss: opts.loss,
    beta,
    tokens,
    metric,
    compute,
    trainableWeights: () => metric?.trainableWeights() ?? [],
    dispose: () => metric?.dispose(),
  };
  if (metric?.getLogits) {
    const scores = metric.getLogits.bind(metric);
    combined.proxyLogits = (cls) => scores(cls);
    combined.proxyProbs = (logits, cls) =>
      tf.tidy(() => tf.add<tf.Tensor2D>(tf.mul(tf.softmax(logits), beta), tf.mul(tf.softmax(scores(cls)), 1 - beta)));
  }
  return combined;
}
