// Memory a training run needs, per part, and the backend's limit, so full fine-tuning that cannot
// fit is refused before any work, with the numbers and the options that would fit (no tfjs here:
// the CLI and the new-run page call it before loading a model). Float32 everywhere, except frozen
// weights under a 16-bit --weights-dtype (2 bytes each, counted wherever they are held). Activations count what the tfjs tape keeps per token and
// layer (inputs of every product, softmax, GELU, LayerNorm and dropout: ~22·D + 6·I + 4·H·L floats);
// --recompute keeps one D per layer plus one layer's full set; frozen bottom layers keep nothing.
import os from 'node:os';
import type { EncoderConfig } from '../model/types';
import { fineTunePlan, isFullFineTuning, trainedEncoderParams, type FineTuneConfig } from './fine-tune-plan';
import { encoderParamCount } from '../model/sizes';
import { frozenWeightBytes, type WeightsDtype } from '../model/weights-dtype';

const GIB = 2 ** 30;
/** tfjs-backend-wasm's heap ceiling (32-bit wasm memory). */
export const WASM_HEAP_LIMIT = 4 * GIB;
/**
 * Peak wasm heap over the estimated live bytes: the allocator does not return freed blocks and the
 * backward's transients come on top. Measured on the full 12-layer RoBERTa-base shape and the
 * 24-layer RoBERTa-large shape at batch 8 x 64 with the in-place AdamW (`npm run bench -- --peer
 * --only sizes`): 0.93 full fine-tuning (3,027 MiB peak heap for 3.17 GiB estimated), 0.93 with
 * --recompute (2,277 MiB for 2.38 GiB), 1.14 large + LoRA --recompute (1,768 MiB for 1.51 GiB).
 * (Before the in-place update, 2-layer shapes measured 1.31-1.53.)
 */
export const WASM_HEAP_OVERHEAD = 1.2;

export interface MemoryOptions extends FineTuneConfig {
  batchSize: number;
  maxLength: number;
  microBatch?: number;
  recompute?: boolean;
  numLabels?: number;
  weightsDtype?: WeightsDtype;
}

export interface MemoryEstimate {
  weights: number;
  gradients: number;
  optimizer: number;
  activations: number;
  /** Transient buffers: the AdamW update of the largest trained tensor, loss and head. */
  workspace: number;
  total: number;
  trainableParams: number;
  totalParams: number;
}

function headParams(c: EncoderConfig, labels: number): number {
  return c.hidden_size * c.hidden_size + c.hidden_size + labels * c.hidden_size + labels;
}

export function estimateTrainingMemory(c: EncoderConfig, o: MemoryOptions): MemoryEstimate {
  const plan = fineTunePlan(c, o);
  const D = c.hidden_size;
  const head = headParams(c, o.numLabels ?? 2);
  const totalParams = encoderParamCount(c) + head;
  const trainableParams = trainedEncoderParams(c, plan) + head;
  const frozenEncoder = encoderParamCount(c) - (plan.lora ? 0 : trainableParams - head);
  const weights = frozenWeightBytes(o.weightsDtype) * frozenEncoder + 4 * trainableParams;
  const tokens = Math.min(o.microBatch ?? o.batchSize, o.batchSize) * o.maxLength;
  const perLayerToken = 22 * D + 6 * c.intermediate_size + 4 * c.num_attention_heads * o.maxLength;
  const trainedLayers = plan.embeddingsTrain
    ? c.num_hidden_layers
    : Math.max(0, Math.min(c.num_hidden_layers, plan.layers.length ? c.num_hidden_layers - plan.layers[0] : 0));
  const activationFloats = o.recompute ? tokens * (trainedLayers * D + perLayerToken) : tokens * trainedLayers * perLayerToken;
  const largest = plan.embeddingsTrain ? c.vocab_size * D : isFullFineTuning(plan, c) || !plan.lora ? D * c.intermediate_size : D * D;
  const workspace = 4 * (3 * largest + tokens * (D + 64));
  const est = { weights, gradients: 4 * trainableParams, optimizer: 8 * trainableParams, activations: 4 * activationFloats, workspace };
  return { ...est, total: Object.values(est).reduce((a, b) => a + b, 0), trainableParams, totalParams };
}

/** Bytes the backend can hold: wasm 4 GiB; tfjs-node, cpu: this machine's memory. */
export function backendMemoryLimit(backend: string): { bytes: number; what: string } {
  if (backend === 'wasm')
    return { bytes: WASM_HEAP_LIMIT / WASM_HEAP_OVERHEAD, what: 'the wasm backend (4 GiB heap, less the allocator overhead)' };
  return { bytes: os.totalmem(), what: `the ${backend} backend (system memory ${gib(os.totalmem())})` };
}

export function gib(bytes: number): string {
  return `${(bytes / GIB).toFixed(bytes < 10 * GIB ? 2 : 1)} GiB`;
}

/** One line: total and its parts. */
export function describeEstimate(e: MemoryEstimate): string {
  return `${gib(e.total)} (weights ${gib(e.weights)}, gradients ${gib(e.gradients)}, AdamW state ${gib(e.optimizer)}, activations ${gib(e.activations)}, workspace ${gib(e.workspace)})`;
}

/** Options that would make the run fit, each with its estimate, smallest change first. */
export function optionsThatFit(c: EncoderConfig, o: MemoryOptions, limit: number): string[] {
  const L = c.num_hidden_layers;
  const mb = Math.max(1, Math.floor(o.batchSize / 4));
  const candidates: [string, Partial<MemoryOptions>][] = [
    [`--micro-batch ${mb} --recompute`, { microBatch: mb, recompute: true }],
    [`--train-layers ${Math.max(1, Math.floor(L / 4))}`, { trainLayers: Math.max(1, Math.floor(L / 4)) }],
    ['--lora-rank 8', { loraRank: 8 }],
    [`--lora-rank 8 --micro-batch ${mb} --recompute`, { loraRank: 8, microBatch: mb, recompute: true }],
    [
      `--lora-rank 8 --micro-batch ${mb} --recompute --weights-dtype bfloat16`,
      { loraRank: 8, microBatch: mb, recompute: true, weightsDtype: 'bfloat16' },
    ],
  ];
  const out: string[] = [];
  for (const [flags, change] of candidates) {
    const e = estimateTrainingMemory(c, { ...o, ...change });
    if (e.total <= limit) out.push(`${flags} (~${gib(e.total)})`);
  }
  return out;
}

/** null when it fits; else the one-line refusal with the numbers and what would fit. */
export function memoryRefusal(c: EncoderConfig, o: MemoryOptions, backend: string, modelLabel: string): string | null {
  const e = estimateTrainingMemory(c, o);
  const limit = backendMemoryLimit(backend);
  if (e.total <= limit.bytes) return null;
  const fits = optionsThatFit(c, o, limit.bytes);
  const advice = fits.length
    ? `options that fit: ${fits.join('; ')}`
    : 'nothing fits this backend: use a machine with tfjs-node and more memory, or a GPU (docs/gpu.md)';
  return `training ${modelLabel} needs ~${describeEstimate(e)}, more than ${limit.what} offers (${gib(limit.bytes)}); ${advice}`;
}
