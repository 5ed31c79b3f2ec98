// `dml-lens model init` end to end: text-file and data-set corpora, a temp database, the folder it
// writes loaded back by the tokenizer and the checkpoint reader.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCommand } from '../helpers/run-command';
import { UserError } from '../../lib/errors';
import { commands } from '../../scripts/cli/commands/model';
import { createTestDb, type TestDb } from '../helpers/db';
import { loadTokenizer } from '../../lib/model/tokenizer';
import { readConfig } from '../../lib/model/checkpoint';
import { encoderParamCount, modelSize } from '../../lib/model/sizes';

let t: TestDb;
let tmp: string;
const savedUrl = process.env.DATABASE_URL;
before(async () => {
  t = await createTestDb();
  process.env.DATABASE_URL = t.url;
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dml-init-'));
});
after(async () => {
  if (savedUrl === undefined) delete process.env.DATABASE_URL;
  else process.env.DATABASE_URL = savedUrl;
  await t.cleanup();
  fs.rmSync(tmp, { recursive: true, force: true });
});

const run = (name: string, argv: string[]) => runCommand(commands, name, argv);

const CORPUS = [
  'The movie was great, truly great!',
  'A dull and boring film.',
  'Great acting; a boring plot.',
  'Café scenes were naïve but fun',
];

test('model init from a text file: tokenizer files, random checkpoint, DB row, summary', async () => {
  const file = path.join(tmp, 'corpus.txt');
  fs.writeFileSync(file, '\uFEFF' + CORPUS.join('\r\n') + '\n\n');
  const out = path.join(tmp, 'tiny-roberta');
  const summary = await run('model init', [
    '--arch',
    'roberta',
    '--size',
    'tiny',
    '--vocab-corpus',
    file,
    '--vocab-size',
    '120',
    '--seed',
    '3',
    '--out',
    out,
  ]);
  assert.match(summary, /tiny roberta "tiny-roberta"/);
  assert.match(summary, /from 4 texts/);
  for (const f of ['config.json', 'model.safetensors', 'tokenizer.json', 'tokenizer_config.json', 'special_tokens_map.json', 'vocab.txt'])
    assert.ok(fs.existsSync(path.join(out, f)), f);
  const config = readConfig(out);
  assert.equal(config.model_type, 'roberta');
  assert.deepEqual([config.num_hidden_layers, config.hidden_size, config.num_attention_heads, config.intermediate_size], [2, 128, 2, 512]);
  assert.deepEqual([config.max_position_embeddings, config.type_vocab_size, config.pad_token_id, config.layer_norm_eps], [130, 1, 1, 1e-5]);
  const tok = await loadTokenizer(out);
  assert.equal(tok.vocabSize, config.vocab_size);
  assert.ok(tok.vocabSize <= 120);
  const enc = tok.encode('Great film');
  assert.deepEqual([enc.tokens[0], enc.tokens[1], enc.tokens[enc.tokens.length - 1]], ['<s>', 'great', '</s>']);
  assert.equal(tok.decode(enc.ids), 'great film');
  const row = await t.db.model.findUnique({ where: { name: 'tiny-roberta' } });
  assert.ok(row);
  assert.equal(row.origin, 'init');
  assert.equal(row.arch, 'roberta');
  assert.equal(row.numParams, encoderParamCount(config));
  assert.match(summary, new RegExp(`parameters\\s+${row.numParams.toLocaleString('en-US')}`));
  await assert.rejects(
    run('model init', ['--vocab-corpus', file, '--vocab-size', '120', '--out', out]),
    (e: unknown) => e instanceof UserError && /--force/.test(e.message),
  );
});

test('model init from imported data sets leaves the test split out unless asked', async () => {
  const ds = await t.db.dataset.create({
    data: {
      name: 'toy',
      source: 'file',
      numClasses: 2,
      labelNamesJson: '["neg","pos"]',
      origin: 'x',
      checksum: 'c',
      hasPairs: true,
      examples: {
        create: [
          { split: 'train', idx: 0, text: 'alpha beta', textPair: 'gamma', label: 0 },
          { split: 'dev', idx: 0, text: 'delta', label: 1 },
          { split: 'test', idx: 0, text: 'zzzqqq', label: 1 },
        ],
      },
    },
  });
  assert.ok(ds.id);
  const out = path.join(tmp, 'toy-bert');
  const summary = await run('model init', [
    '--arch',
    'bert',
    '--vocab-corpus',
    'toy',
    '--vocab-size',
    '60',
    '--min-frequency',
    '1',
    '--out',
    out,
    '--name',
    'toy-model',
  ]);
  assert.match(summary, /toy 3/);
  const vocab = fs.readFileSync(path.join(out, 'vocab.txt'), 'utf8').split('\n');
  assert.ok(!vocab.includes('z') && !vocab.includes('q'), 'test split text left out');
  assert.ok(vocab.includes('g'), 'textPair used');
  const config = readConfig(out);
  assert.deepEqual([config.max_position_embeddings, config.type_vocab_size, config.pad_token_id], [128, 2, 0]);
  await run('model init', [
    '--vocab-corpus',
    'toy',
    '--include-test',
    '--vocab-size',
    '60',
    '--out',
    out,
    '--force',
    '--name',
    'toy-model',
  ]);
  assert.ok(fs.readFileSync(path.join(out, 'vocab.txt'), 'utf8').split('\n').includes('z'));
  assert.equal(await t.db.model.count({ where: { name: 'toy-model' } }), 1, 're-init updates the row');
});

test('model init: unknown data set names the import command; bad flags are user errors', async () => {
  await assert.rejects(
    run('model init', ['--vocab-corpus', 'NOPE', '--out', path.join(tmp, 'x')]),
    (e: unknown) =>
      e instanceof UserError && /no data set named "NOPE"/.test(e.message) && /dml-lens data import --senteval/.test(e.message),
  );
  await assert.rejects(
    run('model init', ['--arch', 'gpt2', '--vocab-corpus', 'toy', '--out', path.join(tmp, 'x')]),
    /--arch must be one of bert, roberta/,
  );
});

test('size presets and parameter count', () => {
  const small = modelSize('bert', 'small', 1000);
  assert.deepEqual(
    [
      small.num_hidden_layers,
      small.hidden_size,
      small.num_attention_heads,
      small.intermediate_size,
      small.layer_norm_eps,
      small.hidden_act,
    ],
    [4, 256, 4, 1024, 1e-12, 'gelu'],
  );
  assert.equal(modelSize('roberta', 'tiny', 1000, { maxLength: 64 }).max_position_embeddings, 66);
  const c = modelSize('bert', 'tiny', 100);
  const h = 128;
  const perLayer = 4 * (h * h + h) + 2 * h + (h * 512 + 512) + (512 * h + h) + 2 * h;
  assert.equal(encoderParamCount(c), (100 + 128 + 2) * h + 2 * h + 2 * perLayer);
});
