// Attention of one sentence: per layer and head the softmax probabilities [L, L] (rows = queries,
// summing to 1), the head-averaged attention paid by the first token ([CLS]/<s>, the token the
// classification head reads) per layer, and attention rollout (./rollout).
// Attention weights are not explanations by themselves (Jain & Wallace 2019; bertviz README):
// compare them with gradient methods through ./faithfulness.
import * as tf from '@tensorflow/tfjs';
import type { SequenceClassifier } from '../model/types';
import { averageHeads, attentionRollout, type Matrix } from './rollout';
import { disposeBatch, encodeText, repeatBatch, type TextInput } from './text-input';

/** [layer][head][L][L] attention probabilities of the encoded input (those computed by onnxruntime when attached). */
export function attentionOf(classifier: SequenceClassifier, input: TextInput): Matrix[][] {
  if (input.computed) return input.computed.attention;
  const batch = repeatBatch(input, 1, classifier.tokenizer.padId);
  try {
    return tf.tidy(() => {
      const out = classifier.forward(batch, { outputAttentions: true });
      if (!out.attentions?.length) throw new Error('the classifier returned no attentions (outputAttentions)');
      return out.attentions.map((a) => a.squeeze([0]).arraySync() as Matrix[]);
    });
  } finally {
    disposeBatch(batch);
  }
}

/** Full per-layer, per-head maps for the dashboard's on-demand view: [layer][head][L][L]. */
export function attentionMaps(
  classifier: SequenceClassifier,
  text: string,
  pair?: string,
  maxLength = 64,
): { tokens: string[]; maps: Matrix[][] } {
  const input = encodeText(classifier, text, pair, maxLength);
  return { tokens: input.tok.tokens, maps: attentionOf(classifier, input) };
}

/** Head-averaged attention of the first token per layer: [layer][token]. */
export function firstTokenAttention(maps: Matrix[][]): number[][] {
  return maps.map((heads) => heads[0][0].map((_, j) => heads.reduce((s, h) => s + h[0][j], 0) / heads.length));
}

export interface AttentionSummary {
  /** [layer][token] head-averaged first-token attention. */
  perLayerCls: number[][];
  /** [layer][head][token] first-token attention of every head (the dashboard's layer x head grid). */
  perHeadCls: number[][][];
  /** First-token row of the rollout matrix [token]. */
  rollout: number[];
}

export function summarizeAttention(maps: Matrix[][]): AttentionSummary {
  return {
    perLayerCls: firstTokenAttention(maps),
    perHeadCls: maps.map((heads) => heads.map((h) => h[0].slice())),
    rollout: attentionRollout(maps.map(averageHeads))[0],
  };
}
