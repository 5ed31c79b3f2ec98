// The explanation methods: their names, labels and which explain options change their numbers.
// Plain data (no tfjs), so the CLI's help, the job queue, the dashboard and the exports read this one
// list. Each name has exactly one implementation in ./methods (ATTRIBUTORS, a Record over these
// names): a name without an implementation, or an implementation without a name, does not compile.
// Adding a method: docs/explain.md ("Adding an explanation method").
import type { ExplainOptions } from './options';

export const EXPLAIN_METHODS = ['ig', 'grad-input', 'grad-norm', 'attention', 'rollout'] as const;
export type ExplainMethod = (typeof EXPLAIN_METHODS)[number];

export interface ExplainMethodInfo {
  /** Human label (dashboard, figures). */
  label: string;
  /** One line for `--help` and docs. */
  summary: string;
  /** Options that change this method's numbers (they enter the stored row's optionsHash). */
  options: readonly (keyof ExplainOptions)[];
  /** Shown (and computable on demand) on the Sentences page. */
  sentencesPage: boolean;
  /** Completeness holds (Σ scores = F(x) − F(x')), so a convergence delta is stored. */
  delta: boolean;
}

const GRADIENT_OPTIONS = ['maxLength', 'output', 'target'] as const;

export const METHOD_INFO: Record<ExplainMethod, ExplainMethodInfo> = {
  ig: {
    label: 'Integrated gradients',
    summary: 'integrated gradients along the path from a baseline (completeness delta checked)',
    options: ['steps', 'baseline', 'quadrature', 'maxLength', 'output', 'target'],
    sentencesPage: true,
    delta: true,
  },
  'grad-input': {
    label: 'Gradient × input',
    summary: 'gradient × input at the sentence itself (one backward pass)',
    options: GRADIENT_OPTIONS,
    sentencesPage: true,
    delta: false,
  },
  'grad-norm': {
    label: 'Gradient norm',
    summary: 'L2 norm of the gradient per token (unsigned)',
    options: GRADIENT_OPTIONS,
    sentencesPage: false,
    delta: false,
  },
  attention: {
    label: 'Attention (first token)',
    summary: "last layer's head-averaged attention of the first token",
    options: ['maxLength'],
    sentencesPage: true,
    delta: false,
  },
  rollout: {
    label: 'Attention rollout',
    summary: 'attention rollout over all layers (Abnar & Zuidema 2020)',
    options: ['maxLength'],
    sentencesPage: false,
    delta: false,
  },
};

/** Methods the Sentences page shows and computes on demand, in display order. */
export const SENTENCES_PAGE_METHODS: readonly ExplainMethod[] = EXPLAIN_METHODS.filter((m) => METHOD_INFO[m].sentencesPage);

/** Label of a stored method name (unknown names, e.g. from an older version, shown as they are). */
export function methodLabel(method: string): string {
  return isExplainMethod(method) ? METHOD_INFO[method].label : method;
}

export function isExplainMethod(name: string): name is ExplainMethod {
  return (EXPLAIN_METHODS as readonly string[]).includes(name);
}
