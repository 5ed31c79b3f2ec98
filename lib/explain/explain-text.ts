// One sentence, one method: tokens, signed per-token scores, word scores and bookkeeping.
// Token score of an embedding-level attribution A [L, D] is the signed sum over D:  s_t = Σ_d A_{t,d}
// (keeps completeness: Σ_t s_t = F(x) − F(x') for IG). Words sum their sub-tokens (./aggregate-words).
// The method itself comes from the registry (./methods): one Attributor per ExplainMethod.
import type { SequenceClassifier } from '../model/types';
import { aggregateWords, type WordScore } from './aggregate-words';
import { specialMask } from './baselines';
import { ATTRIBUTORS } from './methods';
import { DEFAULT_MAX_LENGTH, type ExplainMethod, type ExplainOptions } from './options';
import { argmax, encodeText, logitsOf, softmax, type TextInput } from './text-input';

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
  /** IG: { fInput, fBaseline, relativeDelta, steps, tolerance, withinTolerance }; attention/rollout: { perLayerCls, rollout }. */
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

export function explainText(
  classifier: SequenceClassifier,
  text: string,
  method: ExplainMethod,
  o: ExplainOptions,
  ctx: ExplainTextContext = {},
): TextExplanation {
  return explainInput(classifier, encodeText(classifier, text, ctx.pair ?? undefined, o.maxLength ?? DEFAULT_MAX_LENGTH), method, o, ctx);
}

/** explainText of an encoded sentence (which may carry onnxruntime's logits and attention maps). */
export function explainInput(
  classifier: SequenceClassifier,
  input: TextInput,
  method: ExplainMethod,
  o: ExplainOptions,
  ctx: ExplainTextContext = {},
): TextExplanation {
  const text = input.text;
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
  const { scores, delta, extra } = ATTRIBUTORS[method].attribute(classifier, input, target, o);
  return { ...base, scores, words: aggregateWords(input.tok, scores, text, input.pair), delta, extra };
}
