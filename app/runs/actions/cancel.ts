'use server';
// Cancel a run from the dashboard: a queued run ends now, a running one is asked to stop.
import { revalidatePath } from 'next/cache';
import { getDb } from '../../../lib/db/client';
import { cancelRun, type CancelOutcome } from '../../../lib/jobs/queue';

export async function cancelRunAction(runId: number): Promise<CancelOutcome> {
  if (!Number.isInteger(runId)) return 'not-found';
  const outcome = await cancelRun(getDb(), runId);
  revalidatePath(`/runs/${runId}`);
  return outcome;
}
