// Bulk attribution export: one JSON object per line for every stored attribution of a run, with
// the sentence, gold label, prediction, method settings and the IG convergence delta
// (LIT issue #56: "save salience maps for all sentences at once").
import type { Db } from '../db/client';
import { attributionPage } from '../store/attributions';
import { predictionsOfExamples } from '../store/predictions';
import { readAttribution } from '../store/views/attributions';
import { parseJson } from '../store/views/json';

const BATCH = 500;

export interface AttributionRecord {
  runId: number;
  exampleId: number;
  split: string;
  idx: number;
  text: string;
  textPair: string | null;
  label: number;
  predicted: number | null;
  confidence: number | null;
  method: string;
  target: number;
  options: unknown;
  tokens: string[];
  scores: number[];
  words: { word: string; score: number }[] | null;
  delta: number | null;
  relativeDelta: number | null;
  deltaFlagged: boolean;
  extra: unknown;
}

/** Records in attribution id order, read in batches so a large run never sits in memory at once. */
export async function* attributionRecords(db: Db, runId: number, methods?: string[]): AsyncGenerator<AttributionRecord> {
  let after = 0;
  for (;;) {
    const rows = await attributionPage(db, { runId, afterId: after, take: BATCH, methods });
    if (rows.length === 0) return;
    const preds = await predictionsOfExamples(
      db,
      [runId],
      rows.map((r) => r.exampleId),
    );
    const predBy = new Map(preds.map((p) => [p.exampleId, p]));
    for (const r of rows) {
      const view = readAttribution(r);
      const p = predBy.get(r.exampleId);
      yield {
        runId,
        exampleId: r.exampleId,
        split: r.example.split,
        idx: r.example.idx,
        text: r.example.text,
        textPair: r.example.textPair,
        label: r.example.label,
        predicted: p?.predicted ?? null,
        confidence: p?.confidence ?? null,
        method: r.method,
        target: r.target,
        options: parseJson(r.optionsJson, {}),
        tokens: parseJson<string[]>(r.tokensJson, []),
        scores: parseJson<number[]>(r.scoresJson, []),
        words: parseJson<{ word: string; score: number }[] | null>(r.wordsJson, null),
        delta: r.delta,
        relativeDelta: view.relativeDelta ?? null,
        deltaFlagged: view.flagged,
        extra: parseJson(r.extraJson, null),
      };
    }
    after = rows[rows.length - 1].id;
  }
}
