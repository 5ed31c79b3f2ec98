'use server';
import { revalidatePath } from 'next/cache';
import { getDb } from '../../lib/db/client';
import { requestExplanations, type ExplainRequestResult } from '../../lib/explain/request-explanations';

export async function explainAction(_prev: ExplainRequestResult | null, form: FormData): Promise<ExplainRequestResult> {
  const runId = Number(form.get('runId'));
  const methodValue = form.get('method') ?? '';
  const method = typeof methodValue === 'string' ? methodValue : methodValue.name;
  const idsValue = form.get('exampleIds') ?? '';
  const exampleIds = (typeof idsValue === 'string' ? idsValue : idsValue.name).split(',').map(Number);
  const result = await requestExplanations(getDb(), runId, method, exampleIds);
  revalidatePath('/sentences');
  return result;
}
