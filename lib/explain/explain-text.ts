// One sentence, one method: tokens, signed per-token scores, word scores and bookkeeping.
// Token score of an embedding-level attribution A [L, D] is the signed sum over D:  s_t = Σ_d A_{t,d}
// (keeps completeness: Σ_t s_t = F(x) − F(x') for IG). Words sum their sub-tokens (./aggregate-words).
import * as tf from '@tensorflow/tfjs';
import type { SequenceClassifier } from '../model/types';
import { aggregateWords, type WordScore } from './aggregate-words';
import { summarizeAttention, attentionOf, type AttentionSummary } from './attention';
import { baselineEmbeddings, specialMask } from './baselines';
import { gradientNorm, gradientTimesInput } from './grad-input';
import { integratedGradients } from './integrated-gradients';
import { DEFAULT_MAX_LENGTH, type ExplainMethod, type ExplainOptions } from './options';
import { argmax, encodeText, logitsOf, softmax, targetScoreFn, wordEmbeddingsOf, type TextInput } from './text-input';

export interface TextExplanation {
  method: ExplainMethod;
  tokens: string[];
  ids: number[];
  typeIds: number[];
  special: boolean[];
  scores: number[];
  words: WordScore[];
  target: number;
  predicted: number;
  probs: number[];
  /** IG only: Σ attributions − (F(x) − F(x')). */
  delta: number | null;
  /** IG: { fInput, fBaseline, relativeDelta }; attention/rollout: { perLayerCls, rollout }. */
  extra: Record<string, unknown> | null;
}

export interface ExplainTextContext {
  pair?: string | null;
  /** Gold label (for target "label"). */
  label?: number;
}

export function resolveTarget(target: ExplainOptions['target'], predicted: number, label?: number): number {
  if (target === 'predicted') return predicted;
  if (target === 'label') {
    if (label === undefined) throw new Error('target "label" needs the gold label');
    return label;
  }
  return target;
}

export function explainText(classifier: SequenceClassifier, text: string, method: ExplainMethod, o: ExplainOptions, ctx: ExplainTextContext = {}): TextExplanation {
  const input = encodeText(classifier, text, ctx.pair ?? undefined, o.maxLength ?? DEFAULT_MAX_LENGTH);
  const logits = logitsOf(classifier, input);
  const predicted = argmax(logits);
  const target = resolveTarget(o.target, predicted, ctx.label);
  const base = {
    method,
    tokens: input.tok.tokens,
    ids: input.tok.ids,
    typeIds: input.tok.typeIds,
    special: specialMask(input.tok),
    target,
    predicted,
    probs: softmax(logits),
  };
  const { scores, delta, extra } = scoreTokens(classifier, input, method, o, target);
  return { ...base, scores, words: aggregateWords(input.tok, scores, text, ctx.pair ?? undefined), delta, extra };
}

function scoreTokens(
  classifier: SequenceClassifier,
  input: TextInput,
  method: ExplainMethod,
  o: ExplainOptions,
  target: number,
): { scores: number[]; delta: number | null; extra: Record<string, unknown> | null } {
  if (method === 'attention' || method === 'rollout') {
    const summary: AttentionSummary = summarizeAttention(attentionOf(classifier, input));
    const scores = method === 'rollout' ? summary.rollout : summary.perLayerCls[summary.perLayerCls.length - 1];
    return { scores, delta: null, extra: { ...summary } };
  }
  const f = targetScoreFn(classifier, input, target, o.output);
  const x = wordEmbeddingsOf(classifier, input.tok.ids);
  try {
    if (method === 'grad-input') return { scores: gradientTimesInput(f, x).scores, delta: null, extra: null };
    if (method === 'grad-norm') return { scores: gradientNorm(f, x).scores, delta: null, extra: null };
    const baseline = baselineEmbeddings(o.baseline, input.tok, classifier);
    try {
      const r = integratedGradients(f, x, baseline, { steps: o.steps, method: o.quadrature, internalBatchSize: o.internalBatchSize });
      const scores = tf.tidy(() => Array.from(tf.sum(r.attributions, 1).dataSync()));
      r.attributions.dispose();
      const gap = r.fInput - r.fBaseline;
      return {
        scores,
        delta: r.delta,
        extra: { fInput: r.fInput, fBaseline: r.fBaseline, relativeDelta: Math.abs(r.delta) / Math.max(Math.abs(gap), 1e-12) },
      };
    } finally {
      baseline.dispose();
    }
  } finally {
    x.dispose();
  }
}
