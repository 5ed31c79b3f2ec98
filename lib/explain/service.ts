// Library entry points of `dml-lens explain` (also called by the job worker and the dashboard):
// attributions of a run's evaluated sentences, stored one Attribution row per
// (run, example, method, optionsHash) with tokens, per-token scores, word scores, target, delta.
import type { Db } from '../db/client';
import { UserError } from '../errors';
import { saveAttribution, attributionsOfExamples } from '../store/attributions';
import { findExamples } from '../store/datasets';
import { evaluatedExampleIds } from '../store/predictions';
import type { SequenceClassifier } from '../model/types';
import { Rng } from '../util/random';
import { explainInput, type TextExplanation } from './explain-text';
import { OnnxAttention } from './onnx-attention';
import {
  DEFAULT_MAX_LENGTH,
  effectiveOptions,
  optionsHash,
  parseExplainMethod,
  parseExplainOptions,
  type ExplainMethod,
  type ExplainOptions,
  type ExplainOptionsInput,
} from './options';
import { getFinishedRun, loadRunClassifier } from './run-model';
import { encodeText } from './text-input';

/** Methods that read only the attention maps of a forward: onnxruntime computes them when it is the inference engine. */
const ATTENTION_METHODS: ReadonlySet<ExplainMethod> = new Set(['attention', 'rollout']);

export interface ExplainHooks {
  /** Called after every sentence; may throw to stop (job cancellation). */
  onProgress?(done: number, total: number): void | Promise<void>;
  /** A classifier already loaded for this run (else loaded and disposed here). */
  classifier?: SequenceClassifier;
  /** Recompute rows that already exist. */
  force?: boolean;
}

export interface ExplainSummary {
  runId: number;
  method: ExplainMethod;
  optionsHash: string;
  options: Record<string, unknown>;
  requested: number;
  computed: number;
  /** Rows that already existed with the same options (not recomputed). */
  reused: number;
  /** IG: mean and max of |δ| / |F(x) − F(x')|, and how many deltas are outside tolerance (./convergence). */
  meanRelativeDelta?: number;
  maxRelativeDelta?: number;
  flagged?: number;
  /** IG: how many sentences used each step count (`--steps auto` grows it per sentence). */
  stepsUsed?: Record<string, number>;
  msPerSentence: number;
  /** attention and rollout: the engine of the forward passes (onnxruntime or tfjs). */
  engine?: 'onnxruntime' | 'tfjs';
}

/** The run's options with its own maxLength filled in. */
export async function resolveOptions(db: Db, runId: number, input: ExplainOptionsInput | undefined): Promise<ExplainOptions> {
  const o = parseExplainOptions(input ?? {});
  if (o.maxLength === undefined) o.maxLength = (await getFinishedRun(db, runId)).maxLength ?? 64;
  return o;
}

/** Evaluated sentences of a run (ascending example id); a seeded sample of `limit` of them. */
export async function sampleEvaluatedExamples(db: Db, runId: number, limit?: number, seed = 0): Promise<number[]> {
  const ids = await evaluatedExampleIds(db, runId);
  if (ids.length === 0) throw new UserError(`run ${runId} has no evaluated sentences (no Prediction rows)`);
  if (limit === undefined || limit >= ids.length) return ids;
  return new Rng(seed).sample(ids, limit).sort((a, b) => a - b);
}

export function attributionData(runId: number, exampleId: number, r: TextExplanation, o: ExplainOptions) {
  const method = r.method;
  return {
    runId,
    exampleId,
    method,
    optionsJson: JSON.stringify(effectiveOptions(method, o)),
    optionsHash: optionsHash(method, o),
    target: r.target,
    tokensJson: JSON.stringify(r.tokens),
    scoresJson: JSON.stringify(r.scores),
    wordsJson: JSON.stringify(r.words),
    delta: r.delta,
    extraJson: r.extra ? JSON.stringify(r.extra) : null,
  };
}

/** Explains the given examples of a run with one method; stores and returns a summary. */
export async function explainExamples(
  db: Db,
  runId: number,
  exampleIds: number[],
  methodName: string,
  optionsInput?: ExplainOptionsInput,
  hooks: ExplainHooks = {},
): Promise<ExplainSummary> {
  const method = parseExplainMethod(methodName);
  const o = await resolveOptions(db, runId, optionsInput);
  const hash = optionsHash(method, o);
  const examples = await findExamples(db, exampleIds, { evaluatedBy: runId });
  const found = new Set(examples.map((e) => e.id));
  const missing = exampleIds.filter((id) => !found.has(id));
  if (missing.length)
    throw new UserError(`run ${runId} did not evaluate example(s) ${missing.slice(0, 10).join(', ')}${missing.length > 10 ? ', ...' : ''}`);
  const existing = hooks.force
    ? new Set<number>()
    : new Set((await attributionsOfExamples(db, { runId, method, optionsHash: hash, exampleIds })).map((a) => a.exampleId));
  const todo = examples.filter((e) => !existing.has(e.id)).sort((a, b) => a.id - b.id);
  const classifier = todo.length ? (hooks.classifier ?? (await loadRunClassifier(db, runId))) : undefined;
  const rel: number[] = [];
  let flagged = 0;
  const stepsUsed: Record<string, number> = {};
  const t0 = performance.now();
  const onnx = classifier && ATTENTION_METHODS.has(method) ? await OnnxAttention.open(classifier) : undefined;
  try {
    let done = 0;
    for (const ex of todo) {
      const encoded = encodeText(classifier!, ex.text, ex.textPair ?? undefined, o.maxLength ?? DEFAULT_MAX_LENGTH);
      const input = onnx ? await onnx.annotate(encoded) : encoded;
      const r = explainInput(classifier!, input, method, o, { pair: ex.textPair, label: ex.label });
      const data = attributionData(runId, ex.id, r, o);
      await saveAttribution(db, data);
      if (r.extra && typeof r.extra.relativeDelta === 'number') {
        rel.push(r.extra.relativeDelta);
        if (r.extra.withinTolerance === false) flagged++;
        stepsUsed[String(r.extra.steps)] = (stepsUsed[String(r.extra.steps)] ?? 0) + 1;
      }
      await hooks.onProgress?.(++done, todo.length);
    }
  } finally {
    await onnx?.release();
    if (classifier && !hooks.classifier) classifier.dispose();
  }
  const ms = performance.now() - t0;
  return {
    runId,
    method,
    optionsHash: hash,
    options: effectiveOptions(method, o),
    requested: exampleIds.length,
    computed: todo.length,
    reused: exampleIds.length - todo.length,
    ...(rel.length
      ? { meanRelativeDelta: rel.reduce((a, b) => a + b, 0) / rel.length, maxRelativeDelta: Math.max(...rel), flagged, stepsUsed }
      : {}),
    msPerSentence: todo.length ? ms / todo.length : 0,
    ...(ATTENTION_METHODS.has(method) && classifier ? { engine: onnx ? ('onnxruntime' as const) : ('tfjs' as const) } : {}),
  };
}

export interface ExplainRunRequest {
  runId: number;
  method: string;
  options?: ExplainOptionsInput;
  /** Explicit sentences; else a seeded sample of `limit` evaluated sentences. */
  exampleIds?: number[];
  limit?: number;
  seed?: number;
}

/** `dml-lens explain`: picks the sentences, then explainExamples. */
export async function explainRun(db: Db, req: ExplainRunRequest, hooks: ExplainHooks = {}): Promise<ExplainSummary> {
  await getFinishedRun(db, req.runId);
  const ids = req.exampleIds?.length ? req.exampleIds : await sampleEvaluatedExamples(db, req.runId, req.limit ?? 200, req.seed ?? 0);
  return explainExamples(db, req.runId, ids, req.method, req.options, hooks);
}
