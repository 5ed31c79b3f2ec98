'use server';
import { revalidatePath } from 'next/cache';
import { getDb } from '../../../lib/db/client';
import { submitTrainForm, type SubmitResult } from '../../../lib/jobs/submit-train-form';
import type { FormValues } from '../../../lib/store/views/train-form-fields';
import { webSubmissionProblems } from '../../../lib/server/web-submission';
import { estimateForm } from '../../../lib/training/form-estimate';

export interface NewRunState extends SubmitResult {
  values: FormValues;
  attempt: number;
}

export async function createRunAction(prev: NewRunState | null, form: FormData): Promise<NewRunState> {
  const values: FormValues = {};
  for (const [k, v] of form.entries()) {
    if (typeof v !== 'string' || k.startsWith('$ACTION')) continue;
    const existing = values[k];
    values[k] = existing === undefined ? v : Array.isArray(existing) ? [...existing, v] : [existing, v];
  }
  const refused = await webSubmissionProblems(getDb(), values);
  if (Object.keys(refused).length) {
    return {
      ok: false,
      problems: refused,
      experimentIds: [],
      runIds: [],
      message: 'Nothing was queued: fix the fields marked below.',
      values,
      attempt: (prev?.attempt ?? 0) + 1,
    };
  }
  const result = await submitTrainForm(getDb(), values);
  if (result.ok) {
    revalidatePath('/runs');
    revalidatePath('/');
  }
  return { ...result, values, attempt: (prev?.attempt ?? 0) + 1 };
}

/** The estimate shown before submitting (cached calibrations only; no model is loaded here). */
export async function estimateRunAction(_prev: string[] | null, form: FormData): Promise<string[]> {
  const values: FormValues = {};
  for (const [k, v] of form.entries()) {
    if (typeof v !== 'string' || k.startsWith('$ACTION')) continue;
    const existing = values[k];
    values[k] = existing === undefined ? v : Array.isArray(existing) ? [...existing, v] : [existing, v];
  }
  try {
    return await estimateForm(getDb(), values);
  } catch (err) {
    return [`cannot estimate: ${(err as Error).message}`];
  }
}
