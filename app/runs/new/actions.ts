'use server';
import { revalidatePath } from 'next/cache';
import { getDb } from '../../../lib/db/client';
import { submitTrainForm, type SubmitResult } from '../../../lib/store/views/submit-train';
import type { FormValues } from '../../../lib/store/views/train-form-fields';
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
