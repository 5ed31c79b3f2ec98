// `dml-lens model pull` without the real hub: a local HTTP server plays the hub (HF_ENDPOINT),
// a fake Hugging Face cache plays HF_HOME, and a closed port / an unresolvable host play "offline".
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { parseArgs } from '../../lib/cli/command';
import { UserError } from '../../lib/errors';
import { commands } from '../../scripts/cli/commands/model';
import { createTestDb, type TestDb } from '../helpers/db';
import { pullModel } from '../../lib/model/hub';
import { initModel } from '../../lib/model/init-model';
import { listModels } from '../../lib/store/model-catalog';
import { loadTokenizer } from '../../lib/model/tokenizer';

let t: TestDb;
let tmp: string;
let source: string; // a model folder the fake hub serves
let server: http.Server;
let endpoint: string;
const requests: string[] = [];
const saved = {
  url: process.env.DATABASE_URL,
  endpoint: process.env.HF_ENDPOINT,
  home: process.env.HF_HOME,
  cache: process.env.HF_HUB_CACHE,
};

before(async () => {
  t = await createTestDb();
  process.env.DATABASE_URL = t.url;
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dml-pull-'));
  process.env.HF_HUB_CACHE = path.join(tmp, 'empty-hf-cache');
  source = path.join(tmp, 'served');
  await initModel({
    arch: 'bert',
    size: 'tiny',
    texts: ['a tiny corpus of words', 'more words here'],
    vocabSize: 60,
    seed: 1,
    outDir: source,
  });
  fs.writeFileSync(path.join(tmp, 'pytorch_model.bin'), 'not really');
  server = http.createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    const m = /^\/(.+)\/resolve\/([^/]+)\/([^/]+)$/.exec(req.url ?? '');
    const [, id, , file] = m ?? [];
    // org/bin-only: a config.json and pytorch_model.bin weights, nothing else
    const full =
      id === 'org/tiny-bert'
        ? path.join(source, file)
        : id === 'org/bin-only' && file === 'config.json'
          ? path.join(source, file)
          : id === 'org/bin-only' && file === 'pytorch_model.bin'
            ? path.join(tmp, file)
            : undefined;
    if (!full || !fs.existsSync(full)) {
      res.writeHead(404).end('Entry not found');
      return;
    }
    const body = fs.readFileSync(full);
    res.writeHead(200, { 'content-length': body.length });
    res.end(req.method === 'HEAD' ? undefined : body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(async () => {
  for (const [k, v] of [
    ['DATABASE_URL', saved.url],
    ['HF_ENDPOINT', saved.endpoint],
    ['HF_HOME', saved.home],
    ['HF_HUB_CACHE', saved.cache],
  ] as const) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  await new Promise((resolve) => server.close(resolve));
  await t.cleanup();
  fs.rmSync(tmp, { recursive: true, force: true });
});

async function run(argv: string[]): Promise<string> {
  const spec = commands.find((c) => c.name === 'model pull')!;
  const parsed = parseArgs(spec, argv);
  const lines: string[] = [];
  const [log, write] = [console.log, process.stderr.write.bind(process.stderr)];
  console.log = (...a: unknown[]) => lines.push(a.join(' '));
  process.stderr.write = () => true;
  try {
    await spec.run(parsed as Exclude<typeof parsed, 'help'>);
  } finally {
    console.log = log;
    process.stderr.write = write;
  }
  return lines.join('\n');
}

test('model pull from a hub endpoint (HF_ENDPOINT): files, sizes, registration, loadable tokenizer', async () => {
  process.env.HF_ENDPOINT = endpoint;
  const dest = path.join(tmp, 'models-cache');
  const progress: string[] = [];
  const result = await pullModel('org/tiny-bert', { destRoot: dest, onProgress: (p) => progress.push(p.file) });
  assert.equal(result.dir, path.join(dest, 'org', 'tiny-bert'));
  assert.equal(result.source, 'hub');
  for (const f of ['config.json', 'model.safetensors', 'tokenizer.json', 'tokenizer_config.json', 'special_tokens_map.json', 'vocab.txt']) {
    assert.deepEqual(fs.readFileSync(path.join(result.dir, f)), fs.readFileSync(path.join(source, f)), f);
  }
  assert.ok(!fs.existsSync(path.join(result.dir, 'merges.txt')), 'absent optional files are skipped');
  assert.ok(progress.includes('model.safetensors'));
  assert.ok(requests.includes('GET /org/tiny-bert/resolve/main/model.safetensors'));
  assert.deepEqual((await loadTokenizer(result.dir)).encode('tiny words').tokens[0], '[CLS]');

  // the command: downloads into models/cache/<id> under the project root and registers origin "hub"
  const root = path.join(tmp, 'project');
  fs.mkdirSync(path.join(root, 'scripts'), { recursive: true });
  const savedRoot = process.env.DML_LENS_ROOT;
  process.env.DML_LENS_ROOT = root;
  try {
    const summary = await run(['org/tiny-bert', '--revision', 'main']);
    assert.match(summary, /registered as "org\/tiny-bert"/);
    const row = await t.db.model.findUnique({ where: { name: 'org/tiny-bert' } });
    assert.equal(row?.origin, 'hub');
    assert.equal(row?.path, path.join('models', 'cache', 'org', 'tiny-bert'));
    const listed = await listModels(t.db);
    assert.deepEqual(
      listed.map((m) => [m.name, m.origin, m.layers, m.hidden]),
      [['org/tiny-bert', 'hub', 2, 128]],
    );
  } finally {
    if (savedRoot === undefined) delete process.env.DML_LENS_ROOT;
    else process.env.DML_LENS_ROOT = savedRoot;
  }
});

test('a model with only pytorch_model.bin: safetensors is required', async () => {
  await assert.rejects(
    pullModel('org/bin-only', { endpoint, destRoot: path.join(tmp, 'c2'), hfCacheDir: null }),
    (e: unknown) => e instanceof UserError && /only pytorch_model\.bin/.test(e.message) && /safetensors/.test(e.message),
  );
  assert.ok(!fs.existsSync(path.join(tmp, 'c2', 'org', 'bin-only')), 'nothing half-written');
  await assert.rejects(
    pullModel('org/missing', { endpoint, destRoot: path.join(tmp, 'c2'), hfCacheDir: null }),
    /has no config\.json; check the model id/,
  );
  await assert.rejects(pullModel('../etc', { endpoint }), /not a Hugging Face model id/);
});

test('offline: the hub is unreachable and the message says how to use a local folder', async () => {
  const closed = http.createServer();
  await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
  const port = (closed.address() as AddressInfo).port;
  await new Promise((resolve) => closed.close(resolve));
  for (const ep of [`http://127.0.0.1:${port}`, 'http://hub.invalid']) {
    await assert.rejects(
      pullModel('roberta-base', { endpoint: ep, destRoot: path.join(tmp, 'c3'), timeoutMs: 3000, hfCacheDir: null }),
      (e: unknown) => {
        assert.ok(e instanceof UserError, String(e));
        assert.match(e.message, /unreachable/);
        assert.match(e.message, /--model models\/roberta-base/);
        assert.match(e.message, /local folder/);
        assert.match(e.message, /HF_ENDPOINT/);
        return true;
      },
    );
  }
});

test('a model in the local Hugging Face cache (HF_HUB_CACHE) is copied without network', async () => {
  const cache = path.join(tmp, 'hf-cache');
  const repo = path.join(cache, 'models--org--cached-bert');
  const commit = 'a'.repeat(40);
  fs.mkdirSync(path.join(repo, 'refs'), { recursive: true });
  fs.mkdirSync(path.join(repo, 'blobs'), { recursive: true });
  fs.mkdirSync(path.join(repo, 'snapshots', commit), { recursive: true });
  fs.writeFileSync(path.join(repo, 'refs', 'main'), commit);
  for (const f of ['config.json', 'model.safetensors', 'tokenizer.json', 'tokenizer_config.json']) {
    fs.copyFileSync(path.join(source, f), path.join(repo, 'blobs', f + '.blob'));
    fs.symlinkSync(path.join('..', '..', 'blobs', f + '.blob'), path.join(repo, 'snapshots', commit, f));
  }
  const result = await pullModel('org/cached-bert', { endpoint: 'http://hub.invalid', hfCacheDir: cache, destRoot: path.join(tmp, 'c4') });
  assert.equal(result.source, 'hf-cache');
  assert.ok(!fs.lstatSync(path.join(result.dir, 'model.safetensors')).isSymbolicLink());
  assert.deepEqual(fs.readFileSync(path.join(result.dir, 'model.safetensors')), fs.readFileSync(path.join(source, 'model.safetensors')));
});
