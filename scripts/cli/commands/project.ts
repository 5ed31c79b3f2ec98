// `dml-lens project`: 2-D map (UMAP or PCA) of a run's stored first-token embeddings, with the
// loss's class proxies/centres placed in the same map; stored as a Projection row.
import type { CommandSpec, ParsedArgs } from '../../../lib/cli/command';
import type { ProjectRequest } from '../../../lib/analysis/service';
import { UserError } from '../../../lib/errors';

async function run(args: ParsedArgs): Promise<number> {
  const f = args.flags;
  const id = Number(f.run);
  if (!Number.isInteger(id) || id < 1) throw new UserError(`--run must be a run id (positive integer), got "${String(f.run)}"`);
  const method = String(f.method);
  if (method !== 'umap' && method !== 'pca') throw new UserError(`--method must be umap or pca, got "${method}"`);
  const metric = String(f.metric);
  if (!['auto', 'euclidean', 'cosine'].includes(metric)) throw new UserError(`--metric must be auto, euclidean or cosine, got "${metric}"`);
  const nNeighbors = f.neighbors as number;
  if (!Number.isInteger(nNeighbors) || nNeighbors < 2) throw new UserError(`--neighbors must be an integer ≥ 2, got ${nNeighbors}`);
  const minDist = f['min-dist'] as number;
  if (!(minDist >= 0)) throw new UserError(`--min-dist must be ≥ 0, got ${minDist}`);
  const req: ProjectRequest = {
    runId: id,
    method: method,
    nNeighbors,
    minDist,
    seed: f.seed as number,
    nEpochs: f.epochs as number | undefined,
    metric: metric as 'auto',
  };
  const { getDb } = await import('../../../lib/db/client');
  const db = getDb();
  if (f.queue) {
    const { loadRunEmbeddings } = await import('../../../lib/analysis/run-embeddings');
    await loadRunEmbeddings(db, id);
    const { enqueueWork } = await import('../../../lib/explain/jobs');
    const jobId = await enqueueWork(db, 'project', req);
    console.log(
      f.json ? JSON.stringify({ jobId }) : `queued project job ${jobId} (run ${id}, ${method}); start a worker with \`dml-lens worker\``,
    );
    return 0;
  }
  const { projectRun } = await import('../../../lib/analysis/service');
  const { progressLine } = await import('../../../lib/explain/progress-line');
  const bar = progressLine(`project run ${id} (${method})`, { quiet: f.quiet === true || f.json === true });
  const s = await projectRun(db, req, { onProgress: (d, t) => bar.update(d, t) });
  bar.end();
  if (f.json) {
    console.log(JSON.stringify(s, null, 2));
    return 0;
  }
  const p = s.params;
  const detail =
    method === 'pca'
      ? `explained variance ${(p.explainedVarianceRatio as number[]).map((v) => `${(100 * v).toFixed(1)} %`).join(' + ')}`
      : `nNeighbors ${String(p.nNeighbors)}, minDist ${String(p.minDist)}, ${String(p.metric)}, ${String(p.nEpochs)} epochs, seed ${String(p.seed)}`;
  console.log(
    [
      `project: run ${id}, ${method} (${detail})`,
      `  points        ${s.points} sentences${s.proxies ? `, ${s.proxies} proxies/centres in the same map` : ''}`,
      `  time          ${(s.ms / 1000).toFixed(1)} s`,
      `  stored as Projection ${s.projectionId}`,
    ].join('\n'),
  );
  return 0;
}

export const commands: CommandSpec[] = [
  {
    name: 'project',
    summary: "2-D map (UMAP or PCA) of a run's sentence embeddings with its class proxies",
    usage: 'dml-lens project --run <id> [--method umap|pca] [flags]',
    flags: [
      { name: 'run', type: 'number', required: true, description: 'Run id (a finished run)' },
      { name: 'method', type: 'string', description: 'umap or pca', default: 'umap' },
      { name: 'neighbors', type: 'number', description: 'UMAP n_neighbors', default: 15 },
      { name: 'min-dist', type: 'number', description: 'UMAP min_dist', default: 0.1 },
      { name: 'epochs', type: 'number', description: "UMAP epochs (default: umap-js's, 200-500 by size)" },
      {
        name: 'metric',
        type: 'string',
        description: 'UMAP distance: auto (cosine when the loss has proxies), euclidean, cosine',
        default: 'auto',
      },
      { name: 'seed', type: 'number', description: 'UMAP seed (same seed, same map)', default: 42 },
      { name: 'queue', type: 'boolean', description: 'Only queue the work (a `dml-lens worker` runs it)' },
      { name: 'json', type: 'boolean', description: 'Print the summary as JSON' },
      { name: 'quiet', type: 'boolean', description: 'No progress line' },
    ],
    examples: [
      'dml-lens project --run 12',
      'dml-lens project --run 12 --method pca',
      'dml-lens project --run 12 --neighbors 30 --min-dist 0.3 --seed 7',
    ],
    run,
  },
];
