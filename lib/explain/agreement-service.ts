// Agreement between two runs' attributions of the same sentences (e.g. CE vs SoftTriple on one
// fold): Kendall τ-b between their word scores (lib/analysis/agreement), over a seeded sample of
// the sentences both runs evaluated. Word scores are compared, not tokens, so runs with different
// tokenizers still align; sentences whose word lists differ (truncation) are skipped.
// Missing attributions are computed first (both runs need their saved models then).
// Stored as an Analysis row of kind 'agreement' on the first run.
import type { Db } from '../db/client';
import { UserError } from '../errors';
import { saveAnalysis } from '../store/analyses';
import { attributionsOfExamples } from '../store/attributions';
import { evaluatedExampleIds } from '../store/predictions';
import { Rng } from '../util/random';
import { summarizeAgreement, kendallTau, type AgreementSummary } from '../analysis/agreement';
import { optionsHash, parseExplainMethod, type ExplainOptionsInput } from './options';
import { explainExamples, resolveOptions, type ExplainHooks } from './service';

export interface AgreementRequest {
  runId: number;
  otherRunId: number;
  method: string;
  options?: ExplainOptionsInput;
  limit?: number; // default 100
  seed?: number;
}

export interface AgreementResult extends AgreementSummary {
  method: string;
  perExample: { exampleId: number; tau: number | null }[];
}

export async function compareRunAttributions(
  db: Db,
  req: AgreementRequest,
  hooks: Pick<ExplainHooks, 'onProgress'> = {},
): Promise<{ analysisId: number; result: AgreementResult }> {
  const method = parseExplainMethod(req.method);
  if (req.runId === req.otherRunId) throw new UserError('--compare-run must name another run');
  const [a, b] = await Promise.all([req.runId, req.otherRunId].map((id) => evaluatedExampleIds(db, id)));
  const inB = new Set(b);
  const common = a.filter((id) => inB.has(id)).sort((x, y) => x - y);
  if (common.length === 0) throw new UserError(`runs ${req.runId} and ${req.otherRunId} evaluated no common sentence`);
  const limit = req.limit ?? 100;
  const ids = common.length <= limit ? common : new Rng(req.seed ?? 0).sample(common, limit).sort((x, y) => x - y);
  const words = new Map<number, Map<number, { word: string; score: number }[]>>();
  const hashes: string[] = [];
  for (const [k, runId] of [req.runId, req.otherRunId].entries()) {
    const o = await resolveOptions(db, runId, req.options);
    hashes.push(optionsHash(method, o));
    await explainExamples(db, runId, ids, method, o, {
      onProgress: hooks.onProgress ? (d, t) => hooks.onProgress!(k * t + d, 2 * t) : undefined,
    });
    const rows = await attributionsOfExamples(db, { runId, method, optionsHash: hashes[k], exampleIds: ids });
    words.set(runId, new Map(rows.map((r) => [r.exampleId, JSON.parse(r.wordsJson ?? '[]') as { word: string; score: number }[]])));
  }
  const pairs: { a: number[]; b: number[] }[] = [];
  const perExample = ids.map((exampleId) => {
    const wa = words.get(req.runId)!.get(exampleId) ?? [];
    const wb = words.get(req.otherRunId)!.get(exampleId) ?? [];
    const same = wa.length === wb.length && wa.every((w, i) => w.word === wb[i].word);
    if (!same || wa.length < 2) return { exampleId, tau: null };
    const pair = { a: wa.map((w) => w.score), b: wb.map((w) => w.score) };
    pairs.push(pair);
    const tau = kendallTau(pair.a, pair.b);
    return { exampleId, tau: Number.isNaN(tau) ? null : tau };
  });
  const result: AgreementResult = { method, ...summarizeAgreement(pairs), perExample };
  const params = { otherRunId: req.otherRunId, method, optionsHash: hashes[0], otherOptionsHash: hashes[1], limit, seed: req.seed ?? 0 };
  const analysisId = await saveAnalysis(db, { runId: req.runId, kind: 'agreement', params, result });
  return { analysisId, result };
}
