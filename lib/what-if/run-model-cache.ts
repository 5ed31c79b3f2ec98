// The what-if box's per-run state, built once per process and reused: an onnxruntime session
// over the run's saved model (graph built from the folder, no tfjs), its tokenizer, label names,
// the first-token embeddings of the run's training examples (the neighbours a sentence is
// compared with) and the loss's proxies/centres, or class centroids of the training embeddings
// when the loss has none. Nothing here imports tfjs, so a route handler can use it.
import fs from 'node:fs';
import path from 'node:path';
import type { Db } from '../db/client';
import { UserError } from '../errors';
import { loadTokenizer } from '../model/tokenizer';
import type { TextTokenizer } from '../model/types';
import { readFolderWeights } from '../onnx/checkpoint-weights';
import { buildEncoderGraph } from '../onnx/encoder-graph';
import { OnnxEncoderSession } from '../onnx/session';
import { evaluatedSentences } from '../store/predictions';
import { runModelFolder } from '../store/run-model-folder';
import { getRunDetail, readRunProxies } from '../store/runs';
import { parseTrainConfig } from '../training/config';
import { loadRunData } from '../training/run-data';

export interface Reference {
  text: string;
  pair: string | null;
  label: number;
}

export interface WhatIfModel {
  runId: number;
  session: OnnxEncoderSession;
  tokenizer: TextTokenizer;
  labels: string[];
  maxLength: number;
  hidden: number;
  /** Where the neighbours come from. */
  referenceKind: 'training examples' | 'evaluated sentences';
  references: Reference[];
  /** [references, D] L2-normalised first-token embeddings. */
  referenceEmbeddings: Float32Array;
  /** Rows [R, D] L2-normalised, with their class and centre index. */
  anchors: { kind: 'proxy' | 'centroid'; data: Float32Array; rowClasses: number[]; rowCenters: number[] };
}

const cache = new Map<string, Promise<WhatIfModel>>();

/** L2-normalises each row of [rows, D] in place. */
export function normaliseRows(m: Float32Array, D: number): Float32Array {
  for (let r = 0; r < m.length / D; r++) {
    let s = 0;
    for (let j = 0; j < D; j++) s += m[r * D + j] ** 2;
    const inv = 1 / Math.max(Math.sqrt(s), 1e-12);
    for (let j = 0; j < D; j++) m[r * D + j] *= inv;
  }
  return m;
}

/** First-token embeddings [n, D] of texts, in batches of 32. */
export async function embedTexts(
  session: OnnxEncoderSession,
  tok: TextTokenizer,
  refs: { text: string; pair: string | null }[],
  maxLength: number,
  D: number,
): Promise<Float32Array> {
  const out = new Float32Array(refs.length * D);
  for (let i = 0; i < refs.length; i += 32) {
    const chunk = refs.slice(i, i + 32);
    const batch = tok.encodeBatch(
      chunk.map((r) => r.text),
      chunk.map((r) => r.pair ?? undefined),
      maxLength,
    );
    const o = await session.run(batch);
    for (let k = 0; k < chunk.length; k++) out.set(o.lastHiddenState.subarray(k * batch.seqLen * D, k * batch.seqLen * D + D), (i + k) * D);
  }
  return out;
}

async function references(
  db: Db,
  run: NonNullable<Awaited<ReturnType<typeof getRunDetail>>>,
): Promise<{ kind: WhatIfModel['referenceKind']; refs: Reference[] }> {
  const { fold, seed, modelPath: _m, ...rest } = run.config;
  const parsed = parseTrainConfig(rest);
  if (parsed.ok && fold !== undefined && seed !== undefined) {
    try {
      const data = await loadRunData(db, parsed.config, Number(fold), Number(seed));
      return {
        kind: 'training examples',
        refs: data.train.texts.map((text, i) => ({ text, pair: data.train.pairs?.[i] ?? null, label: data.train.labels[i] })),
      };
    } catch {
      /* the data set changed or is gone: fall back to the stored evaluated sentences */
    }
  }
  const preds = await evaluatedSentences(db, run.id, 500);
  return { kind: 'evaluated sentences', refs: preds.map((p) => ({ text: p.example.text, pair: p.example.textPair, label: p.label })) };
}

async function build(db: Db, runId: number, dir: string): Promise<WhatIfModel> {
  const run = (await getRunDetail(db, runId))!;
  const weights = readFolderWeights(dir);
  // one sentence per request: one thread (no pool wake-ups; concurrent requests use the other cores)
  const session = await OnnxEncoderSession.create(
    buildEncoderGraph(weights.config, weights.weight, { numLabels: weights.numLabels, fused: true }),
    {
      threads: 1,
    },
  );
  const tokenizer = await loadTokenizer(dir);
  const D = weights.config.hidden_size;
  const maxLength = typeof run.config.maxLength === 'number' ? run.config.maxLength : 64;
  const { kind, refs } = await references(db, run);
  const referenceEmbeddings = await embedTexts(session, tokenizer, refs, maxLength, D);
  const px = await readRunProxies(db, runId);
  let anchors: WhatIfModel['anchors'];
  if (px && px.shape[1] === D) {
    anchors = { kind: 'proxy', data: normaliseRows(Float32Array.from(px.data), D), rowClasses: px.rowClasses, rowCenters: px.rowCenters };
  } else {
    const C = weights.numLabels;
    const sums = new Float32Array(C * D);
    refs.forEach((r, i) => {
      for (let j = 0; j < D; j++) sums[r.label * D + j] += referenceEmbeddings[i * D + j];
    });
    const present = Array.from({ length: C }, (_, c) => c).filter((c) => refs.some((r) => r.label === c));
    const data = new Float32Array(present.length * D);
    present.forEach((c, k) => data.set(sums.subarray(c * D, (c + 1) * D), k * D));
    anchors = { kind: 'centroid', data: normaliseRows(data, D), rowClasses: present, rowCenters: present.map(() => 0) };
  }
  const labels =
    run.labelNames.length === weights.numLabels
      ? run.labelNames
      : Array.from({ length: weights.numLabels }, (_, i) => weights.config.id2label?.[String(i)] ?? `LABEL_${i}`);
  return {
    runId,
    session,
    tokenizer,
    labels,
    maxLength,
    hidden: D,
    referenceKind: kind,
    references: refs,
    referenceEmbeddings: normaliseRows(referenceEmbeddings, D),
    anchors,
  };
}

const modelStamp = (dir: string) => {
  const file = path.join(dir, 'model.safetensors');
  return fs.existsSync(file) ? fs.statSync(file).mtimeMs : 0;
};

/** Per run: the cache key last resolved (checked by a stat of the weights, not a database query). */
const resolved = new Map<number, { dir: string; stamp: number; key: string }>();

/** The run's what-if state (cached per run and model file); a UserError for runs it cannot serve. */
export async function whatIfModel(db: Db, runId: number): Promise<WhatIfModel> {
  if (!Number.isInteger(runId) || runId < 1) throw new UserError(`run id must be a positive integer, got "${runId}"`);
  const known = resolved.get(runId);
  if (known && known.stamp !== 0 && modelStamp(known.dir) === known.stamp && cache.has(known.key)) return cache.get(known.key)!;
  const run = await getRunDetail(db, runId);
  if (!run) throw new UserError(`run ${runId} does not exist`);
  if (run.status !== 'done') throw new UserError(`run ${runId} is ${run.status}; the what-if box needs a finished run`);
  const dir = await runModelFolder(db, runId);
  if (!dir)
    throw new UserError(
      `run ${runId} kept no fine-tuned model; train it again with "Keep the fine-tuned model" (--save-model) to try sentences on it`,
    );
  const stamp = modelStamp(dir);
  const key = `${runId}:${dir}:${stamp}`;
  resolved.set(runId, { dir, stamp, key });
  let entry = cache.get(key);
  if (!entry) {
    entry = build(db, runId, dir);
    cache.set(key, entry);
    entry.catch(() => cache.delete(key));
  }
  return entry;
}
