// The one shape every explanation method implements, after Captum's `Attribution.attribute(inputs,
// baselines, target, ...)`: the model, one encoded sentence, the pinned target class and the
// options in, per-token scores (plus, where the method has it, the completeness delta) out.
import type { SequenceClassifier } from '../model/types';
import type { ExplainOptions } from './options';
import type { TextInput } from './text-input';

export interface Attribution {
  /** One signed (or, for norms and attention, non-negative) score per token. */
  scores: number[];
  /** Completeness delta Σ scores − (F(x) − F(x')); null for methods without completeness. */
  delta: number | null;
  /** Method-specific details stored with the row (IG: F values, steps used; attention: maps). */
  extra: Record<string, unknown> | null;
}

export interface Attributor {
  /** Scores of `input`'s tokens for class `target`; tensors it makes are disposed before it returns. */
  attribute(model: SequenceClassifier, input: TextInput, target: number, options: ExplainOptions): Attribution;
}
