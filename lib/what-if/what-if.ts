// What-if for one sentence on a run's fine-tuned model (the run page's box): prediction and
// class scores (softmax of the logits), the nearest training examples and the nearest
// proxy/centre by cosine similarity of the first-token embedding (the space the DML loss shapes),
// all on onnxruntime. Milliseconds per sentence once the run's model is cached.
import type { Db } from '../db/client';
import { UserError } from '../errors';
import { whatIfModel, type WhatIfModel } from './run-model-cache';

export const MAX_WHAT_IF_CHARS = 2000;

export interface WhatIfResult {
  runId: number;
  tokens: string[];
  truncated: boolean;
  predicted: { index: number; label: string; score: number };
  scores: { label: string; score: number }[];
  referenceKind: WhatIfModel['referenceKind'];
  neighbours: { text: string; pair: string | null; label: string; similarity: number }[];
  nearestAnchor: { kind: 'proxy' | 'centroid'; label: string; center: number; similarity: number } | null;
  ms: number;
}

function cosineTop(query: Float32Array, rows: Float32Array, D: number, k: number): { row: number; sim: number }[] {
  const sims: { row: number; sim: number }[] = [];
  for (let r = 0; r < rows.length / D; r++) {
    let s = 0;
    for (let j = 0; j < D; j++) s += query[j] * rows[r * D + j];
    sims.push({ row: r, sim: s });
  }
  return sims.sort((a, b) => b.sim - a.sim || a.row - b.row).slice(0, k);
}

export async function whatIf(
  db: Db,
  runId: number,
  text: string,
  opts: { pair?: string; neighbours?: number } = {},
): Promise<WhatIfResult> {
  const t0 = performance.now();
  const trimmed = text.trim();
  if (!trimmed) throw new UserError('the sentence is empty; type a sentence to classify');
  if (trimmed.length > MAX_WHAT_IF_CHARS)
    throw new UserError(`the sentence has ${trimmed.length} characters; the what-if box takes at most ${MAX_WHAT_IF_CHARS}`);
  const m = await whatIfModel(db, runId);
  const D = m.hidden;
  const enc = m.tokenizer.encode(trimmed, opts.pair, m.maxLength);
  const L = enc.ids.length;
  const batch = {
    inputIds: Int32Array.from(enc.ids),
    attentionMask: new Int32Array(L).fill(1),
    tokenTypeIds: Int32Array.from(enc.typeIds),
    batchSize: 1,
    seqLen: L,
    lengths: [L],
  };
  const o = await m.session.run(batch);
  const logits = Array.from(o.logits);
  const max = Math.max(...logits);
  const exps = logits.map((l) => Math.exp(l - max));
  const z = exps.reduce((a, b) => a + b, 0);
  const probs = exps.map((e) => e / z);
  const best = probs.indexOf(Math.max(...probs));
  const emb = Float32Array.from(o.lastHiddenState.subarray(0, D));
  let norm = 0;
  for (const v of emb) norm += v * v;
  for (let j = 0; j < D; j++) emb[j] /= Math.max(Math.sqrt(norm), 1e-12);
  const neighbours = cosineTop(emb, m.referenceEmbeddings, D, opts.neighbours ?? 5).map(({ row, sim }) => {
    const r = m.references[row];
    return { text: r.text, pair: r.pair, label: m.labels[r.label] ?? String(r.label), similarity: sim };
  });
  const [anchor] = cosineTop(emb, m.anchors.data, D, 1);
  return {
    runId,
    tokens: enc.tokens,
    truncated: L >= m.maxLength, // the tokenizer cut it at the run's max length (or it fits exactly)
    predicted: { index: best, label: m.labels[best], score: probs[best] },
    scores: probs.map((score, i) => ({ label: m.labels[i], score })),
    referenceKind: m.referenceKind,
    neighbours,
    nearestAnchor: anchor
      ? {
          kind: m.anchors.kind,
          label: m.labels[m.anchors.rowClasses[anchor.row]] ?? String(m.anchors.rowClasses[anchor.row]),
          center: m.anchors.rowCenters[anchor.row],
          similarity: anchor.sim,
        }
      : null,
    ms: performance.now() - t0,
  };
}
