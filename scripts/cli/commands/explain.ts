// `dml-lens explain`: token attributions of a run's evaluated sentences (the methods of
// lib/explain/method-list), stored per sentence for the dashboard. A thin parser over
// lib/explain/service (heavy modules load lazily).
import type { CommandSpec, FlagSpec, ParsedArgs } from '../../../lib/cli/command';
import { UserError } from '../../../lib/errors';
import { EXPLAIN_METHODS, METHOD_INFO } from '../../../lib/explain/method-list';

/** IG / target flags shared with `dml-lens analyze --faithfulness`. */
export const ATTRIBUTION_FLAGS: FlagSpec[] = [
  {
    name: 'steps',
    type: 'string',
    description:
      "IG: integrand evaluations along the path (Captum n_steps), or auto: 64, 128, 256 until the delta is within 5 % of |F(x) - F(x')| (at least 0.01)",
    default: 'auto',
  },
  {
    name: 'baseline',
    type: 'string',
    description: 'IG baseline: pad (special tokens kept, the rest [PAD]), mask, unk, zero',
    default: 'pad',
  },
  {
    name: 'quadrature',
    type: 'string',
    description: 'IG rule: gausslegendre, riemann_left|right|middle|trapezoid',
    default: 'gausslegendre',
  },
  { name: 'internal-batch-size', type: 'number', description: 'IG: interpolation points per forward/backward pass (default: 64)' },
  {
    name: 'target',
    type: 'string',
    description: 'Class explained: predicted (pinned along the path), label, or a class index',
    default: 'predicted',
  },
  { name: 'output', type: 'string', description: 'Explained scalar: logit or prob of the target class', default: 'logit' },
  { name: 'max-length', type: 'number', description: "Tokenizer truncation (default: the run's)" },
];

export function attributionOptions(f: ParsedArgs['flags']): Record<string, unknown> {
  const t = String(f.target ?? 'predicted');
  const target = t === 'predicted' || t === 'label' ? t : Number(t);
  if (typeof target === 'number' && !Number.isInteger(target))
    throw new UserError(`--target must be predicted, label or a class index, got "${t}"`);
  const s = String(f.steps ?? 'auto');
  const steps = s === 'auto' ? s : Number(s);
  if (steps !== 'auto' && !(Number.isInteger(steps) && steps >= 1))
    throw new UserError(`--steps must be auto or a positive whole number, got "${s}"`);
  return {
    steps,
    baseline: f.baseline,
    quadrature: f.quadrature,
    internalBatchSize: f['internal-batch-size'],
    target,
    output: f.output,
    maxLength: f['max-length'],
  };
}

function runId(f: ParsedArgs['flags']): number {
  const id = Number(f.run);
  if (!Number.isInteger(id) || id < 1) throw new UserError(`--run must be a run id (positive integer), got "${String(f.run)}"`);
  return id;
}

async function run(args: ParsedArgs): Promise<number> {
  const f = args.flags;
  const id = runId(f);
  const { parseExplainMethod, parseExplainOptions } = await import('../../../lib/explain/options');
  const method = parseExplainMethod(String(f.method));
  const options = attributionOptions(f);
  parseExplainOptions(options); // ConfigError naming the bad flag before any work
  const exampleIds = ((f.examples as string[] | undefined) ?? []).map((s) => {
    const n = Number(s);
    if (!Number.isInteger(n)) throw new UserError(`--examples takes example ids, got "${s}"`);
    return n;
  });
  const { getDb } = await import('../../../lib/db/client');
  const db = getDb();
  const req = { runId: id, method, options, exampleIds, limit: f.limit as number, seed: f.seed as number, force: f.force === true };
  if (f.queue) {
    const { getFinishedRun } = await import('../../../lib/explain/run-model');
    await getFinishedRun(db, id);
    const { enqueueWork } = await import('../../../lib/explain/jobs');
    const jobId = await enqueueWork(db, 'explain', req);
    console.log(
      f.json ? JSON.stringify({ jobId }) : `queued explain job ${jobId} (run ${id}, ${method}); start a worker with \`dml-lens worker\``,
    );
    return 0;
  }
  const { explainRun } = await import('../../../lib/explain/service');
  const { progressLine } = await import('../../../lib/explain/progress-line');
  const bar = progressLine(`explain run ${id} (${method})`, { quiet: f.quiet === true || f.json === true });
  const summary = await explainRun(db, req, { force: req.force, onProgress: (d, t) => bar.update(d, t) });
  bar.end();
  if (f.json) {
    console.log(JSON.stringify(summary, null, 2));
    return 0;
  }
  const lines = [
    `explain: run ${id}, ${method} (${Object.entries(summary.options)
      .map(([k, v]) => `${k} ${String(v)}`)
      .join(', ')})`,
    `  sentences     ${summary.requested} (${summary.computed} computed, ${summary.reused} already stored with these options)`,
  ];
  if (summary.computed) lines.push(`  time          ${summary.msPerSentence.toFixed(0)} ms per sentence`);
  if (summary.meanRelativeDelta !== undefined) {
    lines.push(
      `  IG delta      mean |δ|/|F(x)−F(x')| ${(100 * summary.meanRelativeDelta).toFixed(2)} %, max ${(100 * summary.maxRelativeDelta!).toFixed(2)} %; ${summary.flagged} outside tolerance (5 % of |F(x)−F(x')|, at least 0.01)${summary.flagged ? ' (raise --steps)' : ''}`,
    );
    if (summary.stepsUsed)
      lines.push(
        `  IG steps      ${Object.entries(summary.stepsUsed)
          .map(([n, c]) => `${c} at ${n}`)
          .join(', ')}`,
      );
  }
  const { firstAttributions } = await import('../../../lib/store/attributions');
  const rows = await firstAttributions(db, { runId: id, method, optionsHash: summary.optionsHash }, 3);
  for (const r of rows) {
    const words = JSON.parse(r.wordsJson ?? '[]') as { word: string; score: number }[];
    const top = words
      .slice()
      .sort((a, b) => b.score - a.score)
      .slice(0, 3)
      .map((w) => `${w.word} ${w.score.toPrecision(2)}`);
    lines.push(`  example ${r.exampleId}  class ${r.target}  top words: ${top.join(', ')}  "${r.example.text.slice(0, 60)}"`);
  }
  lines.push(`  stored as Attribution rows (method ${method}, optionsHash ${summary.optionsHash})`);
  console.log(lines.join('\n'));
  return 0;
}

export const commands: CommandSpec[] = [
  {
    name: 'explain',
    summary: "Token attributions (IG, gradient x input, attention) of a run's evaluated sentences",
    usage: `dml-lens explain --run <id> [--method ${EXPLAIN_METHODS.join('|')}] [flags]`,
    flags: [
      { name: 'run', type: 'number', required: true, description: 'Run id (a finished run trained with --save-model)' },
      {
        name: 'method',
        type: 'string',
        description: EXPLAIN_METHODS.map((m) => `${m}: ${METHOD_INFO[m].summary}`).join('; '),
        default: 'ig',
      },
      ...ATTRIBUTION_FLAGS,
      { name: 'limit', type: 'number', description: 'Explain a seeded sample of this many evaluated sentences', default: 200 },
      { name: 'examples', type: 'list', description: 'Explain these example ids instead of a sample' },
      { name: 'seed', type: 'number', description: 'Seed of the sentence sample', default: 0 },
      { name: 'force', type: 'boolean', description: 'Recompute sentences already stored with the same options' },
      { name: 'queue', type: 'boolean', description: 'Only queue the work (a `dml-lens worker` runs it)' },
      { name: 'json', type: 'boolean', description: 'Print the summary as JSON' },
      { name: 'quiet', type: 'boolean', description: 'No progress line' },
    ],
    examples: [
      'dml-lens explain --run 12 --method ig --baseline pad --limit 200',
      'dml-lens explain --run 12 --method ig --steps 50 --examples 101,102',
      'dml-lens explain --run 12 --method attention --examples 101,102 --json',
      'dml-lens explain --run 12 --method ig --steps 300 --quadrature riemann_trapezoid --queue',
    ],
    run,
  },
];
