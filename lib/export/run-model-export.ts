// `model export --run <id>`: a finished run's saved fine-tuned model, with the data set's label
// names as id2label/label2id and the loss's proxies/centres (dml_proxies.json), through
// exportModelFolder. A run without a saved model is one clear line saying how to get one.
import type { Db } from '../db/client';
import { UserError } from '../errors';
import { getRunDetail, readRunProxies } from '../store/runs';
import { runModelFolder } from '../store/run-model-folder';
import { checkFormat, checkOutFolder, exportModelFolder, type ModelExportResult } from './model-export';

export async function exportRunModel(
  db: Db,
  runId: number,
  opts: { format: string; out: string; withAttentions?: boolean },
): Promise<ModelExportResult> {
  checkFormat(opts.format);
  checkOutFolder(opts.out);
  if (!Number.isInteger(runId) || runId < 1) throw new UserError(`--run must be a positive run id, got "${runId}"`);
  const run = await getRunDetail(db, runId);
  if (!run) throw new UserError(`run ${runId} does not exist (see \`dml-lens runs\`)`);
  if (run.status !== 'done') throw new UserError(`run ${runId} is ${run.status}; only a finished run can be exported`);
  const dir = await runModelFolder(db, runId);
  if (!dir)
    throw new UserError(
      `run ${runId} kept no fine-tuned model; train it again with --save-model ("Keep the fine-tuned model" on the form) to export it`,
    );
  const px = await readRunProxies(db, runId);
  const proxies =
    px && px.shape.length === 2
      ? {
          loss: (run.config.loss as string | undefined) ?? '',
          rows: Array.from({ length: px.shape[0] }, (_, r) => Array.from(px.data.subarray(r * px.shape[1], (r + 1) * px.shape[1]))),
          rowClasses: px.rowClasses,
          rowCenters: px.rowCenters,
        }
      : null;
  return exportModelFolder(dir, { ...opts, labelNames: run.labelNames, proxies, source: { run: runId, loss: run.config.loss ?? null } });
}
