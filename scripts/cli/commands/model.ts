// `dml-lens model init | pull | list`: thin parsers over lib/model (heavy modules load lazily).
import path from 'node:path';
import type { CommandSpec, ParsedArgs } from '../../../lib/cli/command';
import { UserError } from '../../../lib/errors';

const ARCHS = ['bert', 'roberta'];
const SIZES = ['tiny', 'small'];

function oneOf(flag: string, value: unknown, allowed: string[]): string {
  if (typeof value !== 'string' || !allowed.includes(value))
    throw new UserError(`--${flag} must be one of ${allowed.join(', ')}, got "${String(value)}"`);
  return value;
}

const fmt = (n: number) => n.toLocaleString('en-US');

/** Relative to the working directory when inside it, else absolute. */
function displayPath(p: string): string {
  const rel = path.relative(process.cwd(), p);
  return !rel ? '.' : rel.startsWith('..') || path.isAbsolute(rel) ? p : rel;
}

const init: CommandSpec = {
  name: 'model init',
  summary: 'Train a WordPiece vocabulary and create a randomly initialised BERT/RoBERTa model',
  flags: [
    { name: 'arch', type: 'string', description: 'bert or roberta (special tokens, positions, type ids)', default: 'bert' },
    {
      name: 'size',
      type: 'string',
      description: 'tiny (2 layers x 128, 2 heads, FFN 512) or small (4 x 256, 4 heads, FFN 1024)',
      default: 'tiny',
    },
    {
      name: 'vocab-corpus',
      type: 'list',
      required: true,
      description:
        'Imported data set names (MR,SST2,...) and/or UTF-8 text files with one text per line. Official test splits are left out',
    },
    {
      name: 'include-test',
      type: 'boolean',
      description: "Also train the vocabulary on data sets' official test splits (off by default so test text does not shape it)",
    },
    { name: 'vocab-size', type: 'number', description: 'Vocabulary size including special tokens (an upper bound)', default: 8000 },
    {
      name: 'lowercase',
      type: 'boolean',
      description: 'Uncased model: lowercase and strip accents (--no-lowercase for cased)',
      default: true,
    },
    { name: 'min-frequency', type: 'number', description: 'A sub-word pair must occur this often to be merged', default: 2 },
    { name: 'max-length', type: 'number', description: 'Longest token sequence (special tokens included)', default: 128 },
    { name: 'seed', type: 'number', description: 'Seed of the random weights', default: 42 },
    { name: 'out', type: 'string', required: true, description: 'Folder to write (Hugging Face layout)' },
    { name: 'name', type: 'string', description: 'Name to register the model under (default: the folder name)' },
    { name: 'force', type: 'boolean', description: 'Replace a model already in --out' },
  ],
  examples: [
    'dml-lens model init --arch roberta --size tiny --vocab-corpus MR,CR,SUBJ,MPQA,SST2 --vocab-size 8000 --seed 1 --out models/tiny-roberta',
    'dml-lens model init --arch bert --vocab-corpus corpus.txt --vocab-size 4000 --out models/tiny-bert',
  ],
  async run(args: ParsedArgs) {
    const f = args.flags;
    const arch = oneOf('arch', f.arch, ARCHS) as 'bert' | 'roberta';
    const size = oneOf('size', f.size, SIZES) as 'tiny' | 'small';
    const { readVocabCorpus } = await import('../../../lib/store/vocab-corpus');
    const { initModel } = await import('../../../lib/model/init-model');
    const { registerModel } = await import('../../../lib/store/models');
    const corpus = await readVocabCorpus(f['vocab-corpus'] as string[], { includeTest: f['include-test'] === true });
    const out = path.resolve(f.out as string);
    const result = await initModel({
      arch,
      size,
      texts: corpus.texts,
      vocabSize: f['vocab-size'] as number,
      seed: f.seed as number,
      outDir: out,
      lowercase: f.lowercase as boolean,
      maxLength: f['max-length'] as number,
      minFrequency: f['min-frequency'] as number,
      force: f.force === true,
    });
    const name = (f.name as string | undefined) ?? path.basename(out);
    const record = await registerModel({ name, dir: out, origin: 'init', config: result.config, numParams: result.numParams });
    const c = result.config;
    console.log(
      [
        `model init: ${size} ${arch} "${record.name}" (registered, id ${record.id}, origin init)`,
        `  vocabulary   ${fmt(result.vocabSize)} tokens (WordPiece, ${f.lowercase ? 'lowercased' : 'cased'}) from ${fmt(corpus.texts.length)} texts: ${corpus.sources.map((s) => `${s.source} ${fmt(s.texts)}`).join(', ')}${f['include-test'] ? ' (test splits included)' : ''}`,
        `  encoder      ${c.num_hidden_layers} layers, hidden ${c.hidden_size}, ${c.num_attention_heads} heads, FFN ${c.intermediate_size}, max length ${String(f['max-length'])}`,
        `  parameters   ${fmt(result.numParams)} (random init, seed ${String(f.seed)})`,
        `  written to   ${result.dir}`,
        `  took         vocabulary ${(result.timingsMs.vocab / 1000).toFixed(1)} s, weights ${(result.timingsMs.weights / 1000).toFixed(1)} s`,
      ].join('\n'),
    );
  },
};

const pull: CommandSpec = {
  name: 'model pull',
  summary: 'Download a BERT/RoBERTa model from the Hugging Face hub into models/cache/<id>',
  positionals: [{ name: 'hf-id', description: 'Hub model id, e.g. roberta-base or google/bert_uncased_L-2_H-128_A-2', required: true }],
  flags: [
    { name: 'revision', type: 'string', description: 'Branch, tag or commit', default: 'main' },
    { name: 'name', type: 'string', description: 'Name to register the model under (default: the hub id)' },
    { name: 'timeout', type: 'number', description: 'Seconds to wait for the hub to answer each request', default: 20 },
  ],
  examples: ['dml-lens model pull roberta-base', 'HF_ENDPOINT=https://hf-mirror.com dml-lens model pull bert-base-uncased'],
  async run(args: ParsedArgs) {
    const id = args.positionals[0];
    const { pullModel } = await import('../../../lib/model/hub');
    const { registerModel } = await import('../../../lib/store/models');
    const progress = progressPrinter();
    const result = await pullModel(id, {
      revision: args.flags.revision as string,
      timeoutMs: (args.flags.timeout as number) * 1000,
      onProgress: progress,
    });
    const record = await registerModel({
      name: (args.flags.name as string | undefined) ?? id,
      dir: result.dir,
      origin: 'hub',
      config: result.config,
      commit: result.commit,
      hubRepo: id,
    });
    const total = result.files.reduce((s, f) => s + f.bytes, 0);
    console.log(
      `model pull: ${id} -> ${result.dir} (${result.files.length} files, ${(total / 1e6).toFixed(1)} MB, from ${result.source === 'hub' ? 'the hub' : 'the local Hugging Face cache'})`,
    );
    console.log(
      `  registered as "${record.name}" (id ${record.id}, origin hub): ${result.config.model_type}, ${result.config.num_hidden_layers} layers, hidden ${result.config.hidden_size}${result.commit ? `, commit ${result.commit}` : ''}`,
    );
    for (const w of result.warnings) console.error(`warning: ${w}`);
  },
};

/** Progress on stderr: a rewritten line on a terminal, one line per finished file otherwise. */
function progressPrinter() {
  let last = 0;
  const tty = process.stderr.isTTY;
  return (p: { file: string; received: number; total: number | undefined }) => {
    const done = p.total !== undefined && p.received >= p.total;
    const now = Date.now();
    if (!done && (!tty || now - last < 200)) return;
    last = now;
    const mb = (n: number) => (n / 1e6).toFixed(1);
    const line = `  ${p.file} ${mb(p.received)}${p.total ? `/${mb(p.total)} MB (${Math.floor((100 * p.received) / p.total)}%)` : ' MB'}`;
    process.stderr.write(tty ? `\r${line.padEnd(70)}${done ? '\n' : ''}` : `${line}\n`);
  };
}

const list: CommandSpec = {
  name: 'model list',
  summary: 'Registered models and model folders under models/',
  flags: [{ name: 'json', type: 'boolean', description: 'Print JSON instead of a table' }],
  async run(args: ParsedArgs) {
    const { listModels } = await import('../../../lib/store/model-catalog');
    const models = await listModels();
    if (args.flags.json) {
      console.log(JSON.stringify(models, null, 2));
      return;
    }
    if (models.length === 0) {
      console.log('No models yet. Create one with `dml-lens model init` or download one with `dml-lens model pull <hf-id>`.');
      return;
    }
    const rows = models.map((m) => [
      m.name,
      m.arch,
      m.layers !== null ? `${m.layers}x${m.hidden}` : '?',
      m.numParams !== null ? fmt(m.numParams) : '?',
      m.origin,
      displayPath(m.path),
      m.problem ?? '',
    ]);
    const head = ['NAME', 'ARCH', 'LAYERSxHIDDEN', 'PARAMS', 'ORIGIN', 'PATH', ''];
    const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
    for (const r of [head, ...rows])
      console.log(
        r
          .map((c, i) => c.padEnd(widths[i]))
          .join('  ')
          .trimEnd(),
      );
  },
};

const mergeLora: CommandSpec = {
  name: 'model merge-lora',
  summary: 'Fold a LoRA adapter (a --lora-rank run saved with --save-model) into its base model as a plain HF checkpoint',
  flags: [
    { name: 'base', type: 'string', required: true, description: 'The base model folder the adapter was trained on' },
    {
      name: 'adapter',
      type: 'string',
      required: true,
      description: 'Adapter folder (adapter_config.json + adapter_model.safetensors), e.g. <run folder>/model/adapter',
    },
    { name: 'out', type: 'string', required: true, description: 'Folder to write the merged model to (Hugging Face layout)' },
  ],
  examples: [
    'dml-lens model merge-lora --base models/roberta-large --adapter ~/.dml-lens/runs/12/model/adapter --out models/roberta-large-mr',
  ],
  async run(args: ParsedArgs) {
    const f = args.flags;
    const { initBackend } = await import('../../../lib/backend/backend');
    await initBackend({ quiet: true });
    const { mergeLoraFolder } = await import('../../../lib/model/lora-files');
    const out = path.resolve(f.out as string);
    const { adapters } = await mergeLoraFolder(path.resolve(f.base as string), path.resolve(f.adapter as string), out);
    console.log(`merged ${adapters} adapter(s) into ${displayPath(out)}`);
  },
};

export const commands: CommandSpec[] = [init, pull, list, mergeLora];
