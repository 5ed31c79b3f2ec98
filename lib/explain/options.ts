// Explain options: one validated schema shared by the CLI flags, the dashboard and the stored
// Attribution rows (optionsJson / optionsHash). Only options that change the numbers enter the hash.
import crypto from 'node:crypto';
import { z } from 'zod';
import { ConfigError } from '../errors';
import { BASELINES } from './baselines';
import { EXPLAIN_METHODS, METHOD_INFO, isExplainMethod, type ExplainMethod } from './method-list';
import { QUADRATURES, parseQuadrature } from './quadrature';

export { EXPLAIN_METHODS, type ExplainMethod } from './method-list';

/** Tokenizer truncation when neither the options nor the run say otherwise (the authors' max_length). */
export const DEFAULT_MAX_LENGTH = 64;

export const explainOptionsSchema = z.object({
  /** IG: integrand evaluations (Captum n_steps), or 'auto': grow until the delta is within tolerance (./convergence). */
  steps: z.union([z.literal('auto'), z.number().int().min(1).max(5000)]).default('auto'),
  /** IG baseline. */
  baseline: z.enum(BASELINES).default('pad'),
  /** IG quadrature (Captum method names; aliases accepted). */
  quadrature: z.preprocess((v) => (typeof v === 'string' ? safeQuadrature(v) : v), z.enum(QUADRATURES)).default('gausslegendre'),
  /** IG interpolation points per forward/backward pass; default 64 (./convergence DEFAULT_POINTS_PER_PASS). */
  internalBatchSize: z.number().int().min(1).optional(),
  /** Tokenizer truncation; default: the run's maxLength (64 outside a run). */
  maxLength: z.number().int().min(2).max(512).optional(),
  /** Explained scalar: the target's logit (default) or its softmax probability. */
  output: z.enum(['logit', 'prob']).default('logit'),
  /** Explained class: the predicted one (pinned along the IG path), the gold label, or an index. */
  target: z.union([z.enum(['predicted', 'label']), z.number().int().min(0)]).default('predicted'),
});

export type ExplainOptions = z.infer<typeof explainOptionsSchema>;
export type ExplainOptionsInput = z.input<typeof explainOptionsSchema>;

function safeQuadrature(v: string): string {
  try {
    return parseQuadrature(v);
  } catch {
    return v;
  }
}

export function parseExplainMethod(name: string): ExplainMethod {
  if (!isExplainMethod(name)) {
    throw new ConfigError([`unknown explain method "${name}" (valid: ${EXPLAIN_METHODS.join(', ')})`], 'explain method');
  }
  return name;
}

export function parseExplainOptions(input: unknown): ExplainOptions {
  const r = explainOptionsSchema.safeParse(input ?? {});
  if (!r.success)
    throw new ConfigError(
      r.error.issues.map((i) => `${i.path.join('.') || 'options'}: ${i.message}`),
      'explain options',
    );
  return r.data;
}

/** The options that determine a method's numbers (what optionsJson stores). */
export function effectiveOptions(method: ExplainMethod, o: ExplainOptions): Record<string, unknown> {
  const filled: ExplainOptions = { ...o, maxLength: o.maxLength ?? DEFAULT_MAX_LENGTH };
  return Object.fromEntries(METHOD_INFO[method].options.map((k) => [k, filled[k]]));
}

/** Stable hash of (method, effective options): the Attribution row key. */
export function optionsHash(method: ExplainMethod, o: ExplainOptions): string {
  const eff = effectiveOptions(method, o);
  const canon = JSON.stringify(
    Object.keys(eff)
      .sort()
      .map((k) => [k, eff[k]]),
  );
  return crypto.createHash('sha256').update(`${method}|${canon}`).digest('hex').slice(0, 16);
}
