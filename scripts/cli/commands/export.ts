// `dml-lens export --sweep <id> --out <dir>`: the paper bundle without a browser;
// `dml-lens export attributions --run <id>`: every stored attribution of a run as JSON Lines.
import type { CommandSpec } from '../../../lib/cli/command';
import { UsageError } from '../../../lib/cli/command';

const FORMATS = ['svg', 'pdf', 'png'];

const bundle: CommandSpec = {
  name: 'export',
  summary: 'Write the paper bundle of a sweep: results tables (.tex/.csv), figures (SVG/PDF/PNG), numbers.json',
  flags: [
    { name: 'sweep', type: 'number', required: true, description: 'Sweep id (see "dml-lens sweep status")' },
    { name: 'out', type: 'string', required: true, description: 'Folder to write (created)' },
    { name: 'metric', type: 'string', description: 'accuracy, macroF1, weightedF1, ece or proxyAccuracy', default: 'accuracy' },
    {
      name: 'sample-size',
      type: 'number',
      description: 'Sample size of results.tex and the per-dataset figures (default: the one with most finished runs)',
    },
    { name: 'test', type: 'string', description: 'Paired test of the differences vs CE: t or wilcoxon', default: 't' },
    {
      name: 'sentences',
      type: 'list',
      description: 'Example ids for the attribution figure (default: up to 3 that CE gets wrong and the DML run right)',
    },
    { name: 'formats', type: 'list', description: 'Figure formats', default: FORMATS },
  ],
  examples: [
    'dml-lens export --sweep 1 --out paper/',
    'dml-lens export --sweep 1 --out paper/ --sample-size 20 --formats svg,pdf --sentences 12,40',
  ],
  async run(args) {
    const f = args.flags;
    const formats = (f.formats as string[]).map((s) => s.toLowerCase());
    const bad = formats.filter((x) => !FORMATS.includes(x));
    if (bad.length) throw new UsageError(`unknown format(s) ${bad.join(', ')} (valid: ${FORMATS.join(', ')})`);
    const metric = f.metric as string;
    const { METRIC_KEYS } = await import('../../../lib/store/views/run-metrics');
    if (!(METRIC_KEYS as readonly string[]).includes(metric))
      throw new UsageError(`unknown metric "${metric}" (valid: ${METRIC_KEYS.join(', ')})`);
    if (f.test !== 't' && f.test !== 'wilcoxon') throw new UsageError(`--test must be t or wilcoxon, got "${String(f.test)}"`);
    const sentences = ((f.sentences as string[] | undefined) ?? []).map(Number);
    if (sentences.some((n) => !Number.isInteger(n))) throw new UsageError('--sentences takes example ids, e.g. 12,40');
    const { getDb } = await import('../../../lib/db/client');
    const { writePaperBundle } = await import('../../../lib/export/paper-bundle');
    const t0 = performance.now();
    const result = await writePaperBundle(getDb(), {
      sweepId: f.sweep as number,
      out: f.out as string,
      metric: metric as never,
      sampleSize: f['sample-size'] as number | undefined,
      formats: formats as ('svg' | 'pdf' | 'png')[],
      sentences: sentences.length ? sentences : undefined,
      test: f.test,
    });
    console.log(`wrote ${result.files.length} files to ${String(f.out)} in ${((performance.now() - t0) / 1000).toFixed(1)} s:`);
    for (const file of result.files) console.log(`  ${file}`);
  },
};

const attributions: CommandSpec = {
  name: 'export attributions',
  summary: 'Every stored attribution of a run as JSON Lines (sentence, label, prediction, method, tokens, scores, delta)',
  flags: [
    { name: 'run', type: 'number', required: true, description: 'Run id' },
    { name: 'method', type: 'list', description: 'Only these methods (ig, grad-input, grad-norm, attention)' },
    { name: 'out', type: 'string', description: 'File to write (default: standard output)' },
  ],
  examples: ['dml-lens export attributions --run 12 --out run-12.jsonl', 'dml-lens export attributions --run 12 --method ig | head -1'],
  async run(args) {
    const f = args.flags;
    const { getDb } = await import('../../../lib/db/client');
    const { UserError } = await import('../../../lib/errors');
    const db = getDb();
    const runId = f.run as number;
    const { runExists } = await import('../../../lib/store/run-lookup');
    if (!(await runExists(db, runId))) throw new UserError(`no run ${runId}`);
    const { attributionRecords } = await import('../../../lib/export/attributions-jsonl');
    const fs = await import('node:fs');
    const out: NodeJS.WritableStream = f.out ? fs.createWriteStream(f.out as string) : process.stdout;
    let n = 0;
    for await (const record of attributionRecords(db, runId, f.method as string[] | undefined)) {
      if (!out.write(JSON.stringify(record) + '\n')) await new Promise((r) => out.once('drain', r));
      n++;
    }
    if (f.out) {
      await new Promise<void>((resolve) => out.end(() => resolve()));
      console.error(`wrote ${n} attributions of run ${runId} to ${String(f.out)}`);
    } else if (n === 0) console.error(`run ${runId} has no stored attributions (compute some with "dml-lens explain")`);
  },
};

export const commands: CommandSpec[] = [bundle, attributions];
