// Executes one queued run end to end: data of its fold/seed, model, combined loss, training with
// logged loss terms and persisted progress, evaluation, artifacts, and the final results written
// together with the 'done' status. Any failure leaves the run failed (or cancelled/interrupted)
// with its reason, never half-written: results only land in completeRun's transaction. Run inside
// a job (hooks.fence), every write is fenced and the job ends in the same transaction as the run;
// a run already done is never trained again. Stop signals come from the hooks (the job's tick);
// this module does not know the job queue: hooks.stopReason classifies what a hook threw.
import path from 'node:path';
import type { Db } from '../db/client';
import { initBackend } from '../backend/backend';
import { loadClassifier } from '../model/classifier';
import { removeRunArtifacts, runLocation, stageRunArtifacts } from '../store/artifacts/run-artifacts';
import { readConfig } from '../model/checkpoint';
import { UserError } from '../errors';
import { refreshExperiment } from '../store/experiments';
import { runModelDir } from '../store/models';
import { endDoneJob, FenceLost, fenceHeld, type Fence } from '../store/job-rows';
import {
  completeRun,
  endRun,
  getRun,
  logRunMetrics,
  saveRunProgress,
  startRun,
  type ArtifactRow,
  type MetricPoint,
  type Progress,
} from '../store/runs';
import { blockPoint, crashPoint, traceEvent } from '../util/faults';
import { buildLoss } from './build-loss';
import { parseTrainConfig, formatProblems, type TrainConfig } from './config';
import { evaluate } from './evaluate';
import { applyFineTunePlan, fineTunePlan, halfWeightsOnLoad, saveTrainedModel } from './fine-tuning';
import { memoryRefusal } from './memory-budget';
import { ProgressTracker } from './progress';
import { proxyRows } from './proxies';
import { loadRunData } from './run-data';
import { buildMetrics, buildPredictions, writeRunArtifacts, type RunMetricsJson } from './run-results';
import { DivergenceError, totalStepsOf, trainLoop, type StepInfo, type StepPhase } from './train-loop';

/** Why a run was asked to stop (the job queue's vocabulary; lib/jobs/stop.ts). */
export type StopReason = 'cancelled' | 'lease-lost' | 'shutdown';

/** Kept for callers outside the job queue: a hook may throw this to stop a run. */
export class RunStopped extends Error {
  constructor(
    readonly reason: StopReason,
    message: string,
  ) {
    super(message);
    this.name = 'RunStopped';
  }
}

export interface RunHooks {
  /** Progress when due (at most every ~1 s); may throw RunStopped. */
  onProgress?(p: Progress): Promise<void> | void;
  /** After every step and eval batch; may throw RunStopped (heartbeat, cancel check). */
  onTick?(): Promise<void> | void;
  /** Each step's loss terms (the foreground progress bar). */
  onStep?(s: StepInfo): void;
  /** Inside a step: before each micro-batch's forward/backward and the update (long steps of large models). */
  onPhase?: (p: StepPhase) => void;
  /** The job's claim: every write is fenced with it and the job ends with the run. */
  fence?: Fence;
  /** Classifies an error a hook threw as a stop (default: errors named RunStopped). */
  stopReason?(err: unknown): StopReason | undefined;
}

export interface RunOutcome {
  runId: number;
  status: 'done' | 'failed' | 'cancelled' | 'interrupted' | 'lost';
  metrics?: RunMetricsJson;
  error?: string;
  durationMs: number;
}

/** The run's stored config (fold, seed and model path alongside the TrainConfig). */
export function runConfigOf(raw: Record<string, unknown>): { config: TrainConfig; fold: number; seed: number; modelPath: string } {
  const { fold, seed, modelPath, ...rest } = raw;
  const parsed = parseTrainConfig(rest);
  if (!parsed.ok) throw new Error(`stored run config is invalid: ${formatProblems(parsed.problems).join('; ')}`);
  return { config: parsed.config, fold: Number(fold), seed: Number(seed), modelPath: String(modelPath) };
}

function stepMetrics(s: StepInfo): MetricPoint[] {
  const at = { step: s.step, epoch: s.epoch };
  return [
    { key: 'loss', value: s.loss, ...at },
    { key: 'loss/ce', value: s.ce, ...at },
    ...(s.dml !== null ? [{ key: 'loss/dml', value: s.dml, ...at }] : []),
    { key: 'lr', value: s.lr, ...at },
    { key: 'grad_norm', value: s.gradNorm, ...at },
  ];
}

export async function executeRun(db: Db, runId: number, hooks: RunHooks = {}): Promise<RunOutcome> {
  const t0 = Date.now();
  const run = await getRun(db, runId);
  if (!run) throw new Error(`run ${runId} does not exist`);
  const { config, fold, seed, modelPath: stored } = runConfigOf(run.config);
  const fence = hooks.fence;
  const backend = await initBackend({ quiet: true });
  let disposeAll = () => {};
  try {
    if (!(await startRun(db, runId, { backend, artifactDir: await runLocation(db, runId) }, fence))) {
      traceEvent(`already-done run=${runId}`);
      return await alreadyDone(db, runId, t0, fence);
    }
    traceEvent(`start run=${runId}`);
    await removeRunArtifacts(db, runId); // files of a killed attempt
    if (run.experimentId) await refreshExperiment(db, run.experimentId);
    const data = await loadRunData(db, config, fold, seed);
    // the folder resolved at queue time, else the registered model (fetched to this machine when elsewhere)
    const modelPath = await runModelDir(db, { modelId: run.modelId, model: config.model, stored });
    const refusal = memoryRefusal(readConfig(modelPath), { ...config, numLabels: data.labelNames.length }, backend, config.model);
    if (refusal) throw new UserError(refusal); // before the model is loaded
    const model = await loadClassifier(modelPath, {
      numLabels: data.labelNames.length,
      id2label: Object.fromEntries(data.labelNames.map((l, i) => [String(i), l])),
      seed,
      dropout: config.dropout,
      quiet: true,
      halfWeights: halfWeightsOnLoad(config),
    });
    applyFineTunePlan(model.params, model.config, fineTunePlan(model.config, config), seed, config.weightsDtype);
    const loss = buildLoss(config, data.labelNames.length, model.config.hidden_size, seed);
    disposeAll = () => {
      loss.dispose();
      model.dispose();
    };
    const trainTokens = model.tokenizer.encodeBatch(data.train.texts, data.train.pairs ?? undefined, config.maxLength);
    const n = data.train.labels.length;
    const tracker = new ProgressTracker(
      totalStepsOf(n, config),
      Math.ceil(n / config.batchSize),
      Math.min(n, config.batchSize),
      data.eval.labels.length,
    );
    let pending: MetricPoint[] = [];
    const flush = async (p?: Progress) => {
      if (pending.length) await logRunMetrics(db, runId, pending, fence);
      pending = [];
      if (p) {
        await saveRunProgress(db, runId, p, fence);
        await hooks.onProgress?.(p);
      }
    };
    await trainLoop({
      model,
      loss,
      batch: trainTokens,
      labels: data.train.labels,
      seed,
      options: config,
      onPhase: hooks.onPhase,
      onStep: async (s) => {
        if (s.step === 1) blockPoint();
        if (s.step % config.logEvery === 0 || s.step === s.totalSteps) pending.push(...stepMetrics(s));
        hooks.onStep?.(s);
        const due = tracker.onStep(s.step, s.loss);
        if (due || pending.length >= 500) await flush(due);
        await hooks.onTick?.();
      },
    });
    await flush(tracker.onEval(0, data.eval.labels.length) ?? tracker.current());
    const out = await evaluate(model, data.eval, {
      maxLength: config.maxLength,
      batchSize: config.evalBatchSize,
      loss,
      proxyInference: config.proxyInference,
      onBatch: async (done, total) => {
        const due = tracker.onEval(done, total);
        if (due) await flush(due);
        await hooks.onTick?.();
      },
    });
    const predictions = buildPredictions(out, data.eval.ids, data.eval.labels);
    const metrics = buildMetrics(predictions, data.labelNames, n);
    await hooks.onTick?.(); // still the holder? (checked again, in the same transaction, when the results land)
    const staged = await stageRunArtifacts(db, runId); // files go to the artifact store only when complete
    let artifacts: ArtifactRow[];
    try {
      artifacts = writeRunArtifacts(
        staged,
        out,
        proxyRows(config.loss, loss.trainableWeights(), data.labelNames.length, out.embeddingSize),
        config.embeddingDtype,
        config.loss,
      );
      if (config.saveModel) await saveTrainedModel(model, path.join(staged.dir, 'model'));
      await hooks.onTick?.(); // a stale holder stops here instead of publishing over the new holder's files
      await staged.publish();
    } finally {
      staged.discard();
    }
    const durationMs = Date.now() - t0;
    const jobResultJson = JSON.stringify({ runId, accuracy: metrics.accuracy, durationMs });
    await completeRun(
      db,
      runId,
      { metricsJson: JSON.stringify(metrics), trainSize: n, evalSize: out.n, durationMs, predictions, artifacts },
      { fence, jobResultJson },
    );
    traceEvent(`done run=${runId}`);
    crashPoint('after-results');
    return { runId, status: 'done', metrics, durationMs };
  } catch (err) {
    const outcome = await recordFailure(db, runId, err, hooks);
    return { ...outcome, durationMs: Date.now() - t0 };
  } finally {
    disposeAll();
    if (!fence && run.experimentId) await refreshExperiment(db, run.experimentId);
  }
}

/** A run whose results were stored by an earlier attempt: its job ends done, nothing trains. */
async function alreadyDone(db: Db, runId: number, t0: number, fence?: Fence): Promise<RunOutcome> {
  if (fence) await endDoneJob(db, fence, JSON.stringify({ runId, note: 'results were already stored' }));
  return { runId, status: 'done', durationMs: Date.now() - t0 };
}

async function recordFailure(db: Db, runId: number, err: unknown, hooks: RunHooks): Promise<Omit<RunOutcome, 'durationMs'>> {
  const reason =
    err instanceof FenceLost ? 'lease-lost' : (hooks.stopReason?.(err) ?? (err instanceof RunStopped ? err.reason : undefined));
  const message = (err as Error)?.message ?? String(err);
  if (reason === 'lease-lost') return { runId, status: 'lost', error: message }; // another worker owns it now: touch nothing
  try {
    if (hooks.fence && !(await fenceHeld(db, hooks.fence))) return { runId, status: 'lost', error: message };
    await removeRunArtifacts(db, runId);
    if (reason) {
      const status = reason === 'cancelled' ? 'cancelled' : 'interrupted';
      await endRun(db, runId, status, message, hooks.fence);
      return { runId, status, error: message };
    }
    const text = err instanceof DivergenceError ? err.message : `${(err as Error).name ?? 'Error'}: ${message}`;
    await endRun(db, runId, 'failed', text, hooks.fence);
    if (!(err instanceof DivergenceError) && process.env.DML_LENS_DEBUG) console.error(err);
    return { runId, status: 'failed', error: text };
  } catch (e) {
    if (e instanceof FenceLost) return { runId, status: 'lost', error: e.message };
    throw e;
  }
}
