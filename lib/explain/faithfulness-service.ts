// `dml-lens analyze --faithfulness`: ERASER comprehensiveness / sufficiency (./faithfulness) of each
// method's stored (or freshly computed) attributions on a seeded sample of a run's evaluated
// sentences, against a random ranking; stored as one Analysis row of kind 'faithfulness'.
import type { Db } from '../db/client';
import { saveAnalysis } from '../store/analyses';
import { findAttribution, saveAttribution } from '../store/attributions';
import { findExamples } from '../store/datasets';
import { Rng, deriveSeed } from '../util/random';
import { specialMask } from './baselines';
import { explainText } from './explain-text';
import { AOPC_FRACTIONS, meanScores, sentenceFaithfulness, type ErasureMode, type FaithfulnessScores } from './faithfulness';
import { optionsHash, parseExplainMethod, type ExplainMethod, type ExplainOptionsInput } from './options';
import { loadRunClassifier } from './run-model';
import { attributionData, resolveOptions, sampleEvaluatedExamples, type ExplainHooks } from './service';
import { argmax, encodeText, probabilitiesOf } from './text-input';

export const DEFAULT_FAITHFULNESS_METHODS: ExplainMethod[] = ['ig', 'grad-input', 'attention'];

export interface FaithfulnessRequest {
  runId: number;
  methods?: string[];
  options?: ExplainOptionsInput;
  limit?: number; // default 100
  seed?: number; // default 0
  mode?: ErasureMode; // default 'remove'
  fractions?: number[];
  randomRepeats?: number; // default 1
}

export interface FaithfulnessResult {
  fractions: number[];
  mode: ErasureMode;
  /** Sentences scored. */
  n: number;
  methods: Record<string, FaithfulnessScores>;
  random: FaithfulnessScores;
  /** Mean m(x)_j of the explained class. */
  meanFullProb: number;
}

export async function evaluateRunFaithfulness(
  db: Db,
  req: FaithfulnessRequest,
  hooks: ExplainHooks = {},
): Promise<{ analysisId: number; result: FaithfulnessResult }> {
  const methods = (req.methods?.length ? req.methods : DEFAULT_FAITHFULNESS_METHODS).map(parseExplainMethod);
  const o = await resolveOptions(db, req.runId, req.options);
  const seed = req.seed ?? 0;
  const mode = req.mode ?? 'remove';
  const fractions = req.fractions ?? AOPC_FRACTIONS;
  const ids = await sampleEvaluatedExamples(db, req.runId, req.limit ?? 100, seed);
  const examples = await findExamples(db, ids);
  const classifier = hooks.classifier ?? (await loadRunClassifier(db, req.runId));
  const rng = new Rng(deriveSeed(seed, 'faithfulness-random'));
  const perMethod: Record<string, FaithfulnessScores[]> = Object.fromEntries(methods.map((m) => [m, []]));
  const randoms: FaithfulnessScores[] = [];
  const fullProbs: number[] = [];
  try {
    let done = 0;
    for (const ex of examples) {
      const input = encodeText(classifier, ex.text, ex.textPair ?? undefined, o.maxLength);
      const row = { ids: input.tok.ids, typeIds: input.tok.typeIds };
      const target = argmax(probabilitiesOf(classifier, [row])[0]);
      const scores: Record<string, number[]> = {};
      for (const m of methods) {
        const hash = optionsHash(m, o);
        const stored = hooks.force
          ? undefined
          : await findAttribution(db, { runId: req.runId, exampleId: ex.id, method: m, optionsHash: hash });
        if (stored) {
          scores[m] = JSON.parse(stored.scoresJson) as number[];
          continue;
        }
        const r = explainText(classifier, ex.text, m, o, { pair: ex.textPair, label: ex.label });
        const data = attributionData(req.runId, ex.id, r, o);
        await saveAttribution(db, data);
        scores[m] = r.scores;
      }
      const s = await sentenceFaithfulness(
        (rows) => probabilitiesOf(classifier, rows),
        { ...row, special: specialMask(input.tok), target },
        scores,
        rng,
        {
          fractions,
          mode,
          maskId: classifier.tokenizer.maskId,
          randomRepeats: req.randomRepeats,
        },
      );
      if (s) {
        for (const m of methods) perMethod[m].push(s.methods[m]);
        randoms.push(s.random);
        fullProbs.push(s.fullProb);
      }
      await hooks.onProgress?.(++done, examples.length);
    }
  } finally {
    if (!hooks.classifier) classifier.dispose();
  }
  const result: FaithfulnessResult = {
    fractions,
    mode,
    n: randoms.length,
    methods: Object.fromEntries(methods.map((m) => [m, meanScores(perMethod[m])])),
    random: meanScores(randoms),
    meanFullProb: fullProbs.length ? fullProbs.reduce((a, b) => a + b, 0) / fullProbs.length : NaN,
  };
  const params = {
    methods,
    options: o,
    limit: req.limit ?? 100,
    seed,
    mode,
    randomRepeats: req.randomRepeats ?? 1,
    exampleIds: examples.map((e) => e.id),
  };
  const analysisId = await saveAnalysis(db, { runId: req.runId, kind: 'faithfulness', params, result });
  return { analysisId, result };
}
