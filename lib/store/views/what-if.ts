// What the run page's what-if box needs to render: whether the run kept its fine-tuned model
// (else the box says how to get one) and a first sentence to start from.
import type { Db } from '../../db/client';
import { runModelFolder } from '../run-model-folder';

export interface WhatIfView {
  available: boolean;
  sample: string;
}

export async function whatIfView(db: Db, runId: number): Promise<WhatIfView> {
  const artifacts = await db.artifact.findMany({ where: { runId, kind: 'checkpoint' }, orderBy: { id: 'asc' }, select: { kind: true, path: true } });
  const available = runModelFolder(runId, artifacts) !== undefined;
  const first = available ? await db.prediction.findFirst({ where: { runId }, orderBy: { id: 'asc' }, select: { example: { select: { text: true } } } }) : null;
  return { available, sample: first?.example.text ?? '' };
}
