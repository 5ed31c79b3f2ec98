// What the run page's what-if box needs to render: whether the run kept its fine-tuned model
// (else the box says how to get one) and a first sentence to start from.
import type { Db } from '../../db/client';
import { runHasModel } from '../run-model-folder';

export interface WhatIfView {
  available: boolean;
  sample: string;
}

export async function whatIfView(db: Db, runId: number): Promise<WhatIfView> {
  const available = await runHasModel(db, runId);
  const first = available
    ? await db.prediction.findFirst({ where: { runId }, orderBy: { id: 'asc' }, select: { example: { select: { text: true } } } })
    : null;
  return { available, sample: first?.example.text ?? '' };
}
