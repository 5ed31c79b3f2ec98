// `dml-lens data ...`: download SentEval, import SentEval or a user's file, list data sets.
// Light on purpose: the lib modules (and Prisma) load inside `run`.
import path from 'node:path';
import type { CommandSpec, ParsedArgs } from '../../../lib/cli/command';
import { UsageError } from '../../../lib/cli/command';
import { dataHome } from '../../../lib/paths';

const MB = 1024 * 1024;

function printResults(
  results: { name: string; status: string; examples: number; splits: Record<string, number | undefined>; warnings: string[] }[],
): void {
  for (const r of results) {
    const splits = Object.entries(r.splits)
      .map(([s, n]) => `${s} ${n}`)
      .join(', ');
    const what = r.status === 'unchanged' ? 'already imported, unchanged' : r.status;
    console.log(`${r.name.padEnd(12)} ${what.padEnd(28)} ${r.examples} examples (${splits})`);
    for (const w of r.warnings) console.warn(`  warning: ${w}`);
  }
}

const importCommand: CommandSpec = {
  name: 'data import',
  summary: 'Import SentEval tasks or your own CSV/TSV/JSONL file into the database',
  usage: 'dml-lens data import --senteval [dir] [--tasks MR,CR,...] [--raw] | --file <path> --name <name> [flags]',
  positionals: [
    { name: 'dir', description: 'SentEval folder, with --senteval (default: $SENTEVAL_DIR, ../shared/data/senteval, var/senteval)' },
  ],
  flags: [
    { name: 'senteval', type: 'boolean', description: 'Import SentEval transfer tasks from [dir]' },
    { name: 'tasks', type: 'list', description: 'SentEval data sets: MR,CR,SUBJ,MPQA,SST2,SST2-sent,SST5,TREC,MRPC (default: all)' },
    {
      name: 'raw',
      type: 'boolean',
      description: "Import original/ raw text (MR, CR, SUBJ, MPQA, TREC) as <NAME>-raw instead of SentEval's tokenized files",
    },
    { name: 'keep-cat-v', type: 'boolean', description: "Keep SentEval's M-x notation for non-ASCII bytes instead of decoding it" },
    { name: 'file', type: 'string', description: 'A CSV, TSV or JSONL file with text, label and optional text_pair, split' },
    { name: 'name', type: 'string', description: 'Data set name for --file' },
    { name: 'format', type: 'string', description: 'csv, tsv or jsonl (default: from the extension)' },
    { name: 'encoding', type: 'string', description: 'File encoding for --file: utf-8, cp1252 or latin1', default: 'utf-8' },
    { name: 'labels', type: 'list', description: 'Label names in index order for --file; other labels are errors' },
    { name: 'replace', type: 'boolean', description: 'Replace a data set of the same name whose contents changed' },
    {
      name: 'max-file-mb',
      type: 'number',
      description: 'Refuse input files larger than this (at most ~512: files are decoded as one string)',
      default: 500,
    },
  ],
  examples: [
    'dml-lens data import --senteval ../shared/data/senteval',
    'dml-lens data import --senteval --tasks MR,TREC --raw',
    'dml-lens data import --file reviews.csv --name my-reviews --labels neg,pos',
  ],
  async run(args: ParsedArgs) {
    const f = args.flags;
    if (!f.senteval && !f.file) throw new UsageError('pass --senteval [dir] or --file <path> --name <name>');
    if (f.senteval && f.file) throw new UsageError('--senteval and --file cannot be combined');
    if (!((f['max-file-mb'] as number) > 0)) throw new UsageError('--max-file-mb must be a positive number');
    const maxBytes = Math.round((f['max-file-mb'] as number) * MB);
    const { getDb } = await import('../../../lib/db/client');
    const t0 = Date.now();
    if (f.senteval) {
      const { importSentEval } = await import('../../../lib/data/import-senteval');
      const { dir, results } = await importSentEval(getDb(), {
        dir: args.positionals[0],
        tasks: f.tasks as string[] | undefined,
        raw: !!f.raw,
        keepCatV: !!f['keep-cat-v'],
        replace: !!f.replace,
        maxBytes,
      });
      console.log(`SentEval folder: ${dir}`);
      printResults(results);
    } else {
      if (!f.name) throw new UsageError('--file needs --name <name> for the data set');
      const { parseEncoding } = await import('../../../lib/data/decode');
      const encoding = parseEncoding(String(f.encoding));
      if (!encoding) throw new UsageError(`unknown --encoding "${String(f.encoding)}" (utf-8, cp1252 or latin1)`);
      const format = f.format as string | undefined;
      if (format && !['csv', 'tsv', 'jsonl'].includes(format)) throw new UsageError(`unknown --format "${format}" (csv, tsv or jsonl)`);
      const { loadDataFile } = await import('../../../lib/data/generic-import');
      const { importDatasets } = await import('../../../lib/data/import-dataset');
      const parsed = loadDataFile(String(f.file), {
        name: String(f.name),
        format: format as 'csv' | 'tsv' | 'jsonl' | undefined,
        encoding,
        labels: f.labels as string[] | undefined,
        maxBytes,
      });
      printResults(await importDatasets(getDb(), [parsed], { replace: !!f.replace }));
    }
    console.log(`done in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  },
};

const downloadCommand: CommandSpec = {
  name: 'data download',
  summary: 'Download the SentEval transfer tasks from their public URLs and process them like SentEval',
  flags: [
    { name: 'dir', type: 'string', description: 'Where to put the files', default: path.join(dataHome(), 'senteval') },
    { name: 'tasks', type: 'list', description: 'MR,CR,SUBJ,MPQA,SST2,SST2-sent,SST5,TREC,MRPC (default: all)' },
    { name: 'force', type: 'boolean', description: 'Download again tasks whose files are already there' },
    { name: 'timeout', type: 'number', description: 'Seconds to wait for each host', default: 30 },
  ],
  examples: ['dml-lens data download', 'dml-lens data download --dir data/senteval --tasks MR,SST2'],
  async run(args: ParsedArgs) {
    const { downloadSentEval } = await import('../../../lib/data/download');
    const dir = String(args.flags.dir);
    const results = await downloadSentEval({
      dir,
      tasks: args.flags.tasks as string[] | undefined,
      force: !!args.flags.force,
      timeoutMs: (args.flags.timeout as number) * 1000,
      log: (l) => console.log(l),
    });
    for (const r of results)
      console.log(
        `${r.task.padEnd(10)} ${r.status === 'present' ? 'already present (use --force to fetch again)' : `downloaded, ${r.files.length} files`}`,
      );
    console.log(`Next: dml-lens data import --senteval ${dir}`);
  },
};

const listCommand: CommandSpec = {
  name: 'data list',
  summary: 'List imported data sets: per split, size and count per label',
  flags: [{ name: 'json', type: 'boolean', description: 'Print JSON instead of a table' }],
  examples: ['dml-lens data list', 'dml-lens data list --json'],
  async run(args: ParsedArgs) {
    const { getDb } = await import('../../../lib/db/client');
    const { listDatasets, formatDatasetTable } = await import('../../../lib/data/catalog');
    const list = await listDatasets(getDb());
    if (args.flags.json) {
      const out = list.map(({ name, source, task, numClasses, labelNames, hasPairs, splits }) => ({
        name,
        source,
        task,
        numClasses,
        labelNames,
        hasPairs,
        splits,
      }));
      console.log(JSON.stringify(out, null, 2));
    } else console.log(formatDatasetTable(list));
  },
};

export const commands: CommandSpec[] = [downloadCommand, importCommand, listCommand];
