// Hostile hubs and index files: a local HTTP server on 127.0.0.1 plays a hub whose
// model.safetensors.index.json names shards like "x?/../../../scripts/dml-lens.mjs". Nothing is
// requested or written outside the staging folder, and the pull fails with one clear error. A
// well-behaved sharded model answering through a redirect (as the hub does for LFS files) is
// checked against its sha256 ETag and records the commit the hub resolved; a corrupt download
// (sha256 != ETag) is refused. Local checkpoint folders get the same shard-name checks.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { UserError } from '../../lib/errors';
import { loadCheckpoint } from '../../lib/model/checkpoint';
import { pullModel } from '../../lib/model/hub';
import { initModel } from '../../lib/model/init-model';
import { encodeSafetensors, parseSafetensors } from '../../lib/model/safetensors';
import { shardNameProblem } from '../../lib/model/shard-names';
import { registerModel, findModelByName } from '../../lib/store/models';
import { createTestDb, type TestDb } from '../helpers/db';

const COMMIT = 'a'.repeat(40);
let tmp: string;
let source: string;
let shards: Record<string, Buffer>;
let index: Record<string, unknown>;
let server: http.Server;
let endpoint: string;
let t: TestDb;
const requests: string[] = [];
let hostileName = '';
const savedCache = process.env.HF_HUB_CACHE;

const sha = (b: Buffer) => crypto.createHash('sha256').update(b).digest('hex');

before(async () => {
  t = await createTestDb();
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dml-pull-hostile-'));
  process.env.HF_HUB_CACHE = path.join(tmp, 'no-cache');
  source = path.join(tmp, 'served');
  await initModel({
    arch: 'bert',
    size: 'tiny',
    texts: ['a tiny corpus of words', 'more words here'],
    vocabSize: 60,
    seed: 1,
    outDir: source,
  });
  // split the model into two shards and an index, as large hub models are stored
  const entries = parseSafetensors(fs.readFileSync(path.join(source, 'model.safetensors')), 'model.safetensors').entries;
  const half = Math.ceil(entries.length / 2);
  const parts = [entries.slice(0, half), entries.slice(half)];
  shards = {};
  const weightMap: Record<string, string> = {};
  parts.forEach((part, i) => {
    const name = `model-0000${i + 1}-of-00002.safetensors`;
    shards[name] = encodeSafetensors(part.map((e) => ({ name: e.name, shape: e.shape, values: e.read() })));
    for (const e of part) weightMap[e.name] = name;
  });
  index = { metadata: {}, weight_map: weightMap };
  server = http.createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    const url = new URL(req.url ?? '/', 'http://x');
    const cdn = /^\/cdn\/(.+)$/.exec(url.pathname);
    if (cdn) {
      const body = shards[decodeURIComponent(cdn[1])];
      res.writeHead(body ? 200 : 404, { 'content-length': body?.length ?? 0, etag: '"cdn-etag-not-a-sha"' }).end(body);
      return;
    }
    const m = /^\/org\/([^/]+)\/resolve\/([^/]+)\/([^/]+)$/.exec(url.pathname);
    const [, repo, , file] = m ?? [];
    const name = file ? decodeURIComponent(file) : '';
    const send = (body: Buffer | string, headers: Record<string, string> = {}) => {
      const b = Buffer.from(body);
      res.writeHead(200, { 'content-length': b.length, 'x-repo-commit': COMMIT, ...headers }).end(b);
    };
    if (name === 'config.json') return send(fs.readFileSync(path.join(source, 'config.json')));
    if (repo === 'evil' && name === 'model.safetensors.index.json') {
      return send(JSON.stringify({ weight_map: { 'bert.embeddings.word_embeddings.weight': hostileName } }));
    }
    if ((repo === 'sharded' || repo === 'corrupt') && name === 'model.safetensors.index.json') return send(JSON.stringify(index));
    if ((repo === 'sharded' || repo === 'corrupt') && shards[name]) {
      const digest = repo === 'corrupt' ? sha(Buffer.from('something else')) : sha(shards[name]);
      res
        .writeHead(302, {
          location: `/cdn/${encodeURIComponent(name)}`,
          'x-repo-commit': COMMIT,
          'x-linked-etag': `"${digest}"`,
          'content-length': 0,
        })
        .end();
      return;
    }
    if (repo === 'sharded' && name === 'tokenizer.json') return send(fs.readFileSync(path.join(source, 'tokenizer.json')));
    res.writeHead(404).end('Entry not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(async () => {
  if (savedCache === undefined) delete process.env.HF_HUB_CACHE;
  else process.env.HF_HUB_CACHE = savedCache;
  await new Promise((resolve) => server.close(resolve));
  await t.cleanup();
  fs.rmSync(tmp, { recursive: true, force: true });
});

/** Every file under `dir`, relative to it. */
function tree(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
    .sort();
}

const HOSTILE = [
  'x?/../../../scripts/dml-lens.mjs',
  '../../escape.safetensors',
  '../escape.safetensors',
  'sub/dir/shard.safetensors',
  '..\\escape.safetensors',
  '%2e%2e%2fescape.safetensors',
  'a#b.safetensors',
  'model.bin',
  '/etc/passwd.safetensors',
  '.hidden.safetensors',
];

test('an index naming traversal shards: refused before any shard request, nothing written outside staging', async () => {
  const root = path.join(tmp, 'sandbox');
  const destRoot = path.join(root, 'models', 'cache');
  fs.mkdirSync(destRoot, { recursive: true });
  const before = tree(tmp);
  for (const name of HOSTILE) {
    hostileName = name;
    requests.length = 0;
    const err = await pullModel('org/evil', { endpoint, destRoot, hfCacheDir: null }).then(
      () => undefined,
      (e: unknown) => e,
    );
    assert.ok(err instanceof UserError, `${name}: a UserError, got ${String(err)}`);
    const message = err.message;
    assert.equal(message.split('\n').length, 1, message);
    assert.ok(
      message.includes('org/evil/model.safetensors.index.json') && message.includes(JSON.stringify(name)),
      `names the index and the shard: ${message}`,
    );
    assert.match(message, /refusing/);
    assert.deepEqual(
      requests.filter((r) => !/\/(config\.json|model\.safetensors|model\.safetensors\.index\.json)$/.test(r)),
      [],
      `${name}: no request for the shard`,
    );
    assert.deepEqual(tree(tmp), before, `${name}: no file written or left anywhere`);
  }
});

test('shard names: plain names pass, everything path- or URL-like is refused', () => {
  for (const ok of ['model.safetensors', 'model-00001-of-00002.safetensors', 'pytorch_model-1.safetensors'])
    assert.equal(shardNameProblem(ok), undefined, ok);
  for (const bad of HOSTILE) assert.ok(shardNameProblem(bad), bad);
  assert.ok(shardNameProblem(42));
});

test('a sharded model through redirects: sha256 ETags checked, commit recorded in the registry', async () => {
  const destRoot = path.join(tmp, 'good-cache');
  requests.length = 0;
  const result = await pullModel('org/sharded', { endpoint, destRoot, hfCacheDir: null });
  assert.equal(result.commit, COMMIT);
  for (const [name, bytes] of Object.entries(shards)) assert.deepEqual(fs.readFileSync(path.join(result.dir, name)), bytes);
  assert.ok(
    requests.some((r) => r.startsWith('GET /cdn/model-00001-of-00002.safetensors')),
    'the redirect was followed',
  );
  const { tensors } = await loadCheckpoint(result.dir);
  assert.ok(Object.keys(tensors).length > 10);
  Object.values(tensors).forEach((x) => x.dispose());
  const record = await registerModel(
    { name: 'org/sharded', dir: result.dir, origin: 'hub', config: result.config, commit: result.commit },
    t.db,
  );
  assert.equal(record.commit, COMMIT);
  assert.equal((await findModelByName('org/sharded', t.db))?.commit, COMMIT);
});

test('a shard whose bytes do not match the sha256 ETag: refused, nothing kept', async () => {
  const destRoot = path.join(tmp, 'corrupt-cache');
  const err = await pullModel('org/corrupt', { endpoint, destRoot, hfCacheDir: null }).then(
    () => undefined,
    (e: unknown) => e,
  );
  assert.ok(err instanceof UserError);
  assert.match(
    err.message,
    /model-00001-of-00002\.safetensors is corrupt: its sha256 is [0-9a-f]{64}, the hub's ETag says [0-9a-f]{64}; run the pull again/,
  );
  assert.deepEqual(tree(destRoot), []);
});

test('a local checkpoint whose index names a file outside the folder: one clear error, nothing read', async () => {
  const dir = path.join(tmp, 'local-evil');
  fs.mkdirSync(dir);
  fs.copyFileSync(path.join(source, 'config.json'), path.join(dir, 'config.json'));
  fs.copyFileSync(path.join(source, 'model.safetensors'), path.join(tmp, 'outside.safetensors'));
  fs.writeFileSync(path.join(dir, 'model.safetensors.index.json'), JSON.stringify({ weight_map: { w: '../outside.safetensors' } }));
  await assert.rejects(
    loadCheckpoint(dir),
    (e: Error) =>
      e instanceof UserError &&
      e.message.includes(path.join(dir, 'model.safetensors.index.json')) &&
      /"\.\.\/outside\.safetensors" contains a path separator; refusing/.test(e.message),
  );
  fs.writeFileSync(path.join(dir, 'model.safetensors.index.json'), JSON.stringify({ weight_map: null }));
  await assert.rejects(loadCheckpoint(dir), /no "weight_map" object/);
});
