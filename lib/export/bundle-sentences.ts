// Sentences for the bundle's attribution figure: the chosen example ids, or up to three sentences
// the first run (CE) gets wrong and the second gets right that both runs have attributions for.
import type { Db } from '../db/client';
import { attributionsOfRuns } from '../store/attributions';
import { examplesWithLabelNames } from '../store/datasets';
import { predictionsOfExamples } from '../store/predictions';
import { runLosses } from '../store/run-lookup';
import { readAttribution } from '../store/views/attributions';
import { parseJson } from '../store/views/json';
import type { AttributedSentence } from './figures/attribution-figure';

const DEFAULT_SENTENCES = 3;
const METHODS = ['ig', 'grad-input'];

export async function collectAttributedSentences(db: Db, runIds: number[], chosen?: number[]): Promise<AttributedSentence[]> {
  const rows = await attributionsOfRuns(db, { runIds, methods: METHODS, exampleIds: chosen });
  const byExample = new Map<number, typeof rows>();
  for (const r of rows) byExample.set(r.exampleId, [...(byExample.get(r.exampleId) ?? []), r]);
  let ids = [...byExample.keys()].filter((ex) => runIds.every((id) => byExample.get(ex)!.some((r) => r.runId === id)));
  const preds = await predictionsOfExamples(db, runIds, ids);
  const pred = (runId: number, ex: number) => preds.find((p) => p.runId === runId && p.exampleId === ex);
  if (chosen?.length) ids = chosen.filter((ex) => ids.includes(ex));
  else {
    const flips = ids.filter((ex) => pred(runIds[0], ex)?.correct === false && pred(runIds[runIds.length - 1], ex)?.correct === true);
    ids = [...flips, ...ids.filter((ex) => !flips.includes(ex))].slice(0, DEFAULT_SENTENCES);
  }
  const [examples, runs] = await Promise.all([examplesWithLabelNames(db, ids), runLosses(db, runIds)]);
  return ids.flatMap((ex) => {
    const e = examples.find((x) => x.id === ex);
    if (!e) return [];
    const names = parseJson<string[]>(e.dataset.labelNamesJson, []);
    return [
      {
        text: e.text,
        label: names[e.label] ?? String(e.label),
        runs: runIds.map((id) => {
          const p = pred(id, ex);
          const seen = new Set<string>();
          const attrs = byExample.get(ex)!.filter((r) => r.runId === id && !seen.has(r.method) && seen.add(r.method));
          return {
            name: `${runs.find((r) => r.id === id)?.loss ?? '?'} (run ${id})`,
            prediction: p ? `${names[p.predicted] ?? p.predicted}${p.correct ? ' ✓' : ' ✗'}` : undefined,
            attributions: attrs.map((a) => readAttribution(a)),
          };
        }),
      },
    ];
  });
}
