// The worker's side of the what-if box's IG button: an 'explain' job whose payload carries a
// text is explained with the run's saved model on tfjs (lib/explain/jobs.ts routes it here), and
// the TextExplanation becomes the job's result.
import type { Db } from '../db/client';

/** An 'explain' job's payload when it carries a text instead of stored sentences (the what-if box). */
export interface TextExplainPayload {
  runId: number;
  method: string;
  text: string;
  pair?: string | null;
  options?: Record<string, unknown>;
}

/** Explains the payload's text with the run's saved model. */
export async function explainPayloadText(db: Db, p: TextExplainPayload): Promise<unknown> {
  const [{ loadRunClassifier }, { explainText }, { parseExplainMethod, parseExplainOptions }] = await Promise.all([
    import('../explain/run-model'),
    import('../explain/explain-text'),
    import('../explain/options'),
  ]);
  const method = parseExplainMethod(p.method);
  const options = parseExplainOptions(p.options ?? {});
  const classifier = await loadRunClassifier(db, p.runId);
  try {
    return {
      text: p.text,
      pair: p.pair ?? null,
      labels: Object.values(classifier.config.id2label ?? {}),
      ...explainText(classifier, p.text, method, options, { pair: p.pair }),
    };
  } finally {
    classifier.dispose();
  }
}
