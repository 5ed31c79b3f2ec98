// How long a train config takes on this machine, before any work: runs x steps x the seconds per
// step measured for this backend and model shape (calibrate.ts caches the measurement per
// machine/backend/shape/batch under the data home). A shape without its own calibration is
// extrapolated from another one on the same machine and backend by the training FLOPs ratio
// (6 x trained-path parameters x tokens, plus attention). No tfjs here: the CLI's --estimate and
// the new-run page read the cache directly.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { EncoderConfig } from '../model/types';
import { dataHome } from '../paths';
import type { TrainConfig } from './config';
import { estimateTrainingMemory, backendMemoryLimit, gib } from './memory-budget';

export interface Calibration {
  key: string;
  backend: string;
  secondsPerStep: number;
  flopsPerStep: number;
  measuredAt: string;
}

/** Above this many hours on a CPU backend, or when it cannot fit, the estimate says "GPU job". */
export const GPU_JOB_HOURS = 24;

export function calibrationFile(): string {
  return path.join(dataHome(), 'calibrations.json');
}

/** The cache key: machine, backend (with threads), shape, fine-tuning options and tokens per step. */
export function calibrationKey(
  backend: string,
  c: EncoderConfig,
  t: Pick<
    TrainConfig,
    'batchSize' | 'maxLength' | 'microBatch' | 'recompute' | 'trainLayers' | 'loraRank' | 'loraTargets' | 'weightsDtype'
  >,
): string {
  const shape = `${c.model_type}-${c.num_hidden_layers}x${c.hidden_size}-i${c.intermediate_size}-v${c.vocab_size}`;
  const ft = [
    t.trainLayers !== undefined ? `top${t.trainLayers}` : '',
    t.loraRank ? `lora${t.loraRank}:${(t.loraTargets ?? ['query', 'value']).join('+')}` : '',
    t.microBatch ? `mb${t.microBatch}` : '',
    t.recompute ? 'rc' : '',
    t.weightsDtype && t.weightsDtype !== 'float32' ? t.weightsDtype : '',
  ]
    .filter(Boolean)
    .join(',');
  return `${os.hostname()}|${os.cpus().length}cpu|${backend}|${shape}|${ft || 'full'}|${t.batchSize}x${t.maxLength}`;
}

export function readCalibrations(): Calibration[] {
  try {
    return JSON.parse(fs.readFileSync(calibrationFile(), 'utf8')) as Calibration[];
  } catch {
    return [];
  }
}

/** Adds or replaces one calibration (written to a temp file, then renamed). */
export function storeCalibration(cal: Calibration): void {
  const all = readCalibrations().filter((c) => c.key !== cal.key);
  all.push(cal);
  fs.mkdirSync(path.dirname(calibrationFile()), { recursive: true });
  const tmp = `${calibrationFile()}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(all, null, 1) + '\n');
  fs.renameSync(tmp, calibrationFile());
}

/** FLOPs of one training step (forward 2, backward 4 per multiply-add of the trained path). */
export function trainStepFlops(c: EncoderConfig, batchSize: number, maxLength: number): number {
  const D = c.hidden_size;
  const tokens = batchSize * maxLength;
  const perLayer = 2 * (4 * D * D + 2 * D * c.intermediate_size) + 4 * maxLength * D;
  return 3 * tokens * c.num_hidden_layers * perLayer;
}

export interface CostEstimate {
  runs: number;
  stepsPerRun: number;
  secondsPerStep: number;
  hours: number;
  source: 'calibrated' | 'extrapolated' | 'none';
  fitsInMemory: boolean;
  memoryBytes: number;
  limitBytes: number;
  gpuJob: boolean;
}

/** The estimate from cached calibrations; source 'none' when this machine has none for the backend. */
export function estimateCost(
  backend: string,
  c: EncoderConfig,
  t: TrainConfig,
  runs: number,
  stepsPerRun: number,
  numLabels: number,
): CostEstimate {
  const key = calibrationKey(backend, c, t);
  const cals = readCalibrations().filter((x) => x.key.startsWith(`${os.hostname()}|`) && x.backend === backend);
  const exact = cals.find((x) => x.key === key);
  const flops = trainStepFlops(c, t.batchSize, t.maxLength);
  const nearest = cals.sort((a, b) => Math.abs(Math.log(a.flopsPerStep / flops)) - Math.abs(Math.log(b.flopsPerStep / flops)))[0];
  const secondsPerStep = exact ? exact.secondsPerStep : nearest ? (nearest.secondsPerStep * flops) / nearest.flopsPerStep : NaN;
  const memory = estimateTrainingMemory(c, { ...t, numLabels });
  const limit = backendMemoryLimit(backend).bytes;
  const hours = (runs * stepsPerRun * secondsPerStep) / 3600;
  const fitsInMemory = memory.total <= limit;
  return {
    runs,
    stepsPerRun,
    secondsPerStep,
    hours,
    source: exact ? 'calibrated' : nearest ? 'extrapolated' : 'none',
    fitsInMemory,
    memoryBytes: memory.total,
    limitBytes: limit,
    gpuJob: !fitsInMemory || (backend !== 'node-gpu' && hours > GPU_JOB_HOURS),
  };
}

export function formatHours(h: number): string {
  if (!Number.isFinite(h)) return 'unknown';
  if (h < 1 / 60) return `${Math.max(1, Math.round(h * 3600))} s`;
  if (h < 1) return `${Math.round(h * 60)} min`;
  return `${h < 10 ? h.toFixed(1) : Math.round(h)} h`;
}

/** The printed lines of an estimate. */
export function describeCost(e: CostEstimate, label: string, backend: string): string[] {
  const how =
    e.source === 'calibrated'
      ? 'measured on this machine'
      : e.source === 'extrapolated'
        ? 'extrapolated by FLOPs from another shape measured here'
        : 'no calibration on this backend yet';
  return [
    `${label}: ${e.runs} run(s) x ${e.stepsPerRun} steps x ${Number.isFinite(e.secondsPerStep) ? e.secondsPerStep.toFixed(2) : '?'} s/step on ${backend} (${how})`,
    `estimated training time: ${formatHours(e.hours)}`,
    `fits in memory: ${e.fitsInMemory ? 'yes' : 'no'} (~${gib(e.memoryBytes)} of ${gib(e.limitBytes)})`,
    ...(e.gpuJob
      ? [
          `this is a GPU job: ${e.fitsInMemory ? `over ${GPU_JOB_HOURS} h on this CPU` : 'it does not fit this backend'}; see docs/gpu.md, or try --lora-rank 8 / --train-layers / --micro-batch with --recompute`,
        ]
      : []),
  ];
}
