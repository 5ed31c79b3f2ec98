// `dml-lens analyze`: reliability (accuracy per decile of distance to the centroid and of sentence
// length, reliability diagram, ECE, confidence histogram) and embedding quality (P@1, R-precision,
// MAP@R, silhouette) of a run; optionally faithfulness of its attributions (--faithfulness) and
// agreement with another run's attributions (--compare-run). Stored as Analysis rows.
import type { CommandSpec, ParsedArgs } from '../../../lib/cli/command';
import { UserError } from '../../../lib/errors';
import { ATTRIBUTION_FLAGS, attributionOptions } from './explain';

const pct = (v: number) => `${(100 * v).toFixed(1)} %`;

function intFlag(f: ParsedArgs['flags'], name: string): number | undefined {
  if (f[name] === undefined) return undefined;
  const n = Number(f[name]);
  if (!Number.isInteger(n) || n < 1) throw new UserError(`--${name} must be a run id (positive integer), got "${String(f[name])}"`);
  return n;
}

async function run(args: ParsedArgs): Promise<number> {
  const f = args.flags;
  const id = intFlag(f, 'run')!;
  const metric = String(f.metric);
  if (!['auto', 'euclidean', 'cosine'].includes(metric)) throw new UserError(`--metric must be auto, euclidean or cosine, got "${metric}"`);
  const erasure = String(f.erasure);
  if (erasure !== 'remove' && erasure !== 'mask') throw new UserError(`--erasure must be remove or mask, got "${erasure}"`);
  const options = attributionOptions(f);
  const { parseExplainOptions, parseExplainMethod } = await import('../../../lib/explain/options');
  parseExplainOptions(options);
  const methods = ((f.methods as string[] | undefined) ?? ['ig', 'grad-input', 'attention']).map(parseExplainMethod);
  const otherRunId = intFlag(f, 'compare-run');
  const payload = {
    runId: id,
    metric: metric as 'auto',
    distanceRunId: intFlag(f, 'distance-run'),
    skipEmbeddings: f['skip-embeddings'] === true,
    ...(f.faithfulness
      ? { faithfulness: { methods, options, limit: f.limit as number, seed: f.seed as number, mode: erasure as 'remove' } }
      : {}),
    ...(otherRunId
      ? {
          compare: {
            otherRunId,
            method: parseExplainMethod(String(f['compare-method'])),
            options,
            limit: f.limit as number,
            seed: f.seed as number,
          },
        }
      : {}),
  };
  const { getDb } = await import('../../../lib/db/client');
  const db = getDb();
  if (f.queue) {
    const { getFinishedRun } = await import('../../../lib/explain/run-model');
    await getFinishedRun(db, id);
    const { enqueueWork } = await import('../../../lib/explain/jobs');
    const jobId = await enqueueWork(db, 'analyze', payload);
    console.log(f.json ? JSON.stringify({ jobId }) : `queued analyze job ${jobId} (run ${id}); start a worker with \`dml-lens worker\``);
    return 0;
  }
  const quiet = f.quiet === true || f.json === true;
  const out: Record<string, unknown> = {};
  const lines: string[] = [`analyze: run ${id}`];
  if (!payload.skipEmbeddings) {
    const { analyzeRun } = await import('../../../lib/analysis/service');
    const a = await analyzeRun(db, payload);
    out.reliability = { analysisId: a.reliabilityId, ...a.reliability };
    out.retrieval = { analysisId: a.retrievalId, ...a.retrieval };
    const r = a.reliability;
    const q = a.retrieval;
    lines.push(
      `  sentences     ${r.n}, accuracy ${pct(r.accuracy)}, ECE ${pct(r.ece)} (15 bins)`,
      `  by distance   ${r.distanceDeciles.map((d) => `${d.mean.toFixed(2)}:${pct(d.accuracy)}`).join('  ')}${r.distanceRunId ? ` (axis of run ${r.distanceRunId})` : ''}`,
      `  by length     ${r.lengthDeciles.map((d) => `${d.mean.toFixed(1)}w:${pct(d.accuracy)}`).join('  ')}`,
      `  retrieval     P@1 ${pct(q.precisionAt1)}, R-precision ${pct(q.rPrecision)}, MAP@R ${pct(q.mapAtR)}, silhouette ${q.silhouette.toFixed(3)} (${q.metric})`,
      `  stored as Analysis ${a.reliabilityId} (reliability), ${a.retrievalId} (retrieval)`,
    );
  }
  const { progressLine } = await import('../../../lib/explain/progress-line');
  if (payload.faithfulness) {
    const { evaluateRunFaithfulness } = await import('../../../lib/explain/faithfulness-service');
    const bar = progressLine(`faithfulness run ${id}`, { quiet });
    const r = await evaluateRunFaithfulness(db, { ...payload.faithfulness, runId: id }, { onProgress: (d, t) => bar.update(d, t) });
    bar.end();
    out.faithfulness = { analysisId: r.analysisId, ...r.result };
    lines.push(
      `  faithfulness  ${r.result.n} sentences, erasure ${r.result.mode}, top {${r.result.fractions.map((k) => 100 * k).join(', ')}} % (AOPC; comprehensiveness ↑, sufficiency ↓)`,
    );
    for (const [m, s] of [...Object.entries(r.result.methods), ['random', r.result.random] as const]) {
      lines.push(
        `    ${m.padEnd(11)} comp ${s.aopcComprehensiveness.toFixed(4)}  suff ${s.aopcSufficiency.toFixed(4)}   comp@k ${s.comprehensiveness.map((v) => v.toFixed(3)).join(' ')}`,
      );
    }
    lines.push(`  stored as Analysis ${r.analysisId} (faithfulness)`);
  }
  if (payload.compare) {
    const { compareRunAttributions } = await import('../../../lib/explain/agreement-service');
    const bar = progressLine(`agreement runs ${id} / ${payload.compare.otherRunId}`, { quiet });
    const r = await compareRunAttributions(db, { ...payload.compare, runId: id }, { onProgress: (d, t) => bar.update(d, t) });
    bar.end();
    out.agreement = { analysisId: r.analysisId, ...r.result, perExample: undefined };
    lines.push(
      `  agreement     with run ${payload.compare.otherRunId} (${r.result.method}): Kendall τ mean ${r.result.meanTau.toFixed(3)}, median ${r.result.medianTau.toFixed(3)}, same top word ${pct(r.result.topWordAgreement)} over ${r.result.n} sentences`,
    );
    lines.push(`  stored as Analysis ${r.analysisId} (agreement)`);
  }
  console.log(f.json ? JSON.stringify(out, null, 2) : lines.join('\n'));
  return 0;
}

export const commands: CommandSpec[] = [
  {
    name: 'analyze',
    summary: 'Reliability, calibration and embedding quality of a run (+ faithfulness, agreement)',
    usage: 'dml-lens analyze --run <id> [--faithfulness] [--compare-run <id>] [flags]',
    flags: [
      { name: 'run', type: 'number', required: true, description: 'Run id (a finished run)' },
      {
        name: 'metric',
        type: 'string',
        description: 'Retrieval/silhouette distance: auto (cosine when the loss has proxies), euclidean, cosine',
        default: 'auto',
      },
      {
        name: 'distance-run',
        type: 'number',
        description: "Use this run's embeddings for the distance-to-centroid axis (the paper uses the CE model's for all)",
      },
      { name: 'skip-embeddings', type: 'boolean', description: 'Skip reliability and retrieval (only --faithfulness / --compare-run)' },
      {
        name: 'faithfulness',
        type: 'boolean',
        description: 'ERASER comprehensiveness/sufficiency + AOPC of --methods vs a random ranking (needs the saved model)',
      },
      { name: 'methods', type: 'list', description: 'Methods scored by --faithfulness', default: ['ig', 'grad-input', 'attention'] },
      { name: 'erasure', type: 'string', description: 'How tokens are erased: remove (ERASER) or mask', default: 'remove' },
      {
        name: 'compare-run',
        type: 'number',
        description: "Kendall τ between this run's and another run's word attributions on common sentences",
      },
      { name: 'compare-method', type: 'string', description: 'Method compared by --compare-run', default: 'ig' },
      { name: 'limit', type: 'number', description: 'Sentences sampled for --faithfulness / --compare-run', default: 100 },
      { name: 'seed', type: 'number', description: 'Seed of the sentence sample and of the random ranking', default: 0 },
      ...ATTRIBUTION_FLAGS,
      { name: 'queue', type: 'boolean', description: 'Only queue the work (a `dml-lens worker` runs it)' },
      { name: 'json', type: 'boolean', description: 'Print the results as JSON' },
      { name: 'quiet', type: 'boolean', description: 'No progress line' },
    ],
    examples: [
      'dml-lens analyze --run 12',
      'dml-lens analyze --run 12 --faithfulness --methods ig,grad-input,attention,rollout --limit 100',
      'dml-lens analyze --run 13 --distance-run 12 --compare-run 12 --compare-method ig',
    ],
    run,
  },
];
