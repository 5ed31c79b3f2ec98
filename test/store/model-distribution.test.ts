// Registered models travel between machines: two data homes (two "machines") share one database
// and one artifact folder. A model registered with DML_LENS_ARTIFACTS set is published under a
// content key with a sha256 per file; the other home, lacking the folder, fetches it into its
// <home>/model-cache/<hash>/, verifies it, and reuses it. Corrupt cached files are fetched again;
// a corrupt stored or hub file is refused in one line with nothing used. Hub models come back from
// a local HTTP "hub" at the recorded commit; the S3 path runs on s3rver.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before, beforeEach, test } from 'node:test';
import { getDb } from '../../lib/db/client';
import { UserError } from '../../lib/errors';
import { copyDatabase } from '../../lib/store/db-copy/copy-database';
import type { EncoderConfig } from '../../lib/model/types';
import { listModels } from '../../lib/store/model-catalog';
import { modelCacheRoot } from '../../lib/store/model-fetch';
import { modelFileRows } from '../../lib/store/model-files';
import { registerModel, resolveModelDir, runModelDir } from '../../lib/store/models';
import { createTestDb, type TestDb } from '../helpers/db';
import { startTestS3 } from '../helpers/s3-server';
import { writeTinyModel } from '../training/tiny-model';
import { readConfig } from '../../lib/model/checkpoint';

const COMMIT = 'c'.repeat(40);
const ENV = ['DML_LENS_HOME', 'DML_LENS_ARTIFACTS', 'HF_ENDPOINT', 'HF_HUB_CACHE', 'HF_HUB_OFFLINE'] as const;
const saved = Object.fromEntries(ENV.map((k) => [k, process.env[k]]));
let t: TestDb;
let src: TestDb; // a second lab, copied by `db copy`
let tmp: string;
let source: string; // a model folder, copied for each test
let config: EncoderConfig;
let hub: http.Server;
let hubCorrupt = false;
const hubRequests: string[] = [];

const sha = (file: string) => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
let n = 0;

/** A fresh world: the model folder on machine A, homes A and B, the shared artifact folder. */
function world() {
  const root = path.join(tmp, `w${++n}`);
  const w = {
    homeA: path.join(root, 'a'),
    homeB: path.join(root, 'b'),
    shared: path.join(root, 'shared'),
    model: path.join(root, 'a-models', 'tiny'),
  };
  fs.cpSync(source, w.model, { recursive: true });
  return w;
}

function onMachine(home: string, artifacts?: string) {
  process.env.DML_LENS_HOME = home;
  if (artifacts) process.env.DML_LENS_ARTIFACTS = artifacts;
  else delete process.env.DML_LENS_ARTIFACTS;
}

/** The folder is not on this machine (moved away; a second machine never had it). */
const moveAway = (dir: string) => fs.renameSync(dir, `${dir}.elsewhere`);

before(async () => {
  t = await createTestDb();
  src = await createTestDb();
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dml-model-dist-'));
  source = path.join(tmp, 'source');
  config = readConfig(await writeTinyModel(source));
  hub = http.createServer((req, res) => {
    hubRequests.push(req.url ?? '');
    const m = /^\/org\/tiny\/resolve\/([^/]+)\/([^/]+)$/.exec(new URL(req.url ?? '/', 'http://x').pathname);
    const file = m && m[1] === COMMIT ? path.join(source, decodeURIComponent(m[2])) : '';
    if (!file || !fs.existsSync(file)) return void res.writeHead(404).end('Entry not found');
    let body = fs.readFileSync(file);
    if (hubCorrupt && file.endsWith('.safetensors')) body = Buffer.concat([body.subarray(0, body.length - 4), Buffer.from([1, 2, 3, 4])]);
    res.writeHead(200, { 'content-length': body.length, 'x-repo-commit': COMMIT }).end(body);
  });
  await new Promise<void>((resolve) => hub.listen(0, '127.0.0.1', resolve));
});

beforeEach(() => {
  hubCorrupt = false;
  process.env.HF_HUB_CACHE = path.join(tmp, 'no-hf-cache');
  process.env.HF_ENDPOINT = `http://127.0.0.1:${(hub.address() as AddressInfo).port}`;
  delete process.env.HF_HUB_OFFLINE;
});

after(async () => {
  for (const k of ENV) {
    if (saved[k] === undefined) delete process.env[k];
    else process.env[k] = saved[k];
  }
  await new Promise((resolve) => hub.close(resolve));
  await t.cleanup();
  await src.cleanup();
  fs.rmSync(tmp, { recursive: true, force: true });
});

test('a model registered with a shared store is fetched by a second home, verified, and then reused from its cache', async () => {
  const w = world();
  onMachine(w.homeA, w.shared);
  const rec = await registerModel({ name: 'travels', dir: w.model, origin: 'init', config }, t.db);
  const files = await modelFileRows(t.db, rec.id);
  assert.ok(rec.filesKey?.startsWith('models/'), `published under a content key (${rec.filesKey})`);
  assert.deepEqual(
    files.map((f) => f.path),
    fs.readdirSync(w.model).sort(),
  );
  for (const f of files) assert.equal(sha(path.join(w.shared, ...rec.filesKey!.split('/'), f.path)), f.sha256);

  onMachine(w.homeB, w.shared);
  moveAway(w.model);
  const listed = (await listModels(t.db, path.join(tmp, 'no-models'))).find((m) => m.name === 'travels');
  assert.equal(listed?.problem, 'not on this machine: fetched from the artifact store on first use');
  const { dir } = await resolveModelDir('travels', t.db);
  assert.ok(dir.startsWith(modelCacheRoot(w.homeB)), `fetched into B's cache (${dir})`);
  for (const f of files) assert.equal(sha(path.join(dir, f.path)), f.sha256);
  // the run's model resolves the same way (the queue-time folder is on machine A)
  assert.equal(await runModelDir(t.db, { modelId: rec.id, model: 'travels', stored: w.model }), dir);
  // reused: the store's copy is gone, the verified cache still serves
  fs.rmSync(path.join(w.shared, 'models'), { recursive: true });
  assert.equal((await resolveModelDir('travels', t.db)).dir, dir);
});

test('a corrupt cached file is fetched again; a corrupt stored file fails in one line and nothing is used', async (ctx) => {
  const w = world();
  onMachine(w.homeA, w.shared);
  const rec = await registerModel({ name: 'corrupt', dir: w.model, origin: 'init', config }, t.db);
  onMachine(w.homeB, w.shared);
  moveAway(w.model);
  const { dir } = await resolveModelDir('corrupt', t.db);
  const weights = path.join(dir, 'model.safetensors');
  const good = sha(weights);
  fs.appendFileSync(weights, 'bit rot');
  const warnings: string[] = [];
  ctx.mock.method(console, 'error', (line: string) => warnings.push(line));
  assert.equal((await resolveModelDir('corrupt', t.db)).dir, dir);
  assert.equal(sha(weights), good, 'fetched again from the store');
  assert.match(warnings.join('\n'), /model\.safetensors failed its sha256 check; removed, fetching it again/);

  fs.appendFileSync(path.join(w.shared, ...rec.filesKey!.split('/'), 'model.safetensors'), 'tampered');
  fs.rmSync(weights);
  const err = await resolveModelDir('corrupt', t.db).then(
    () => assert.fail('a corrupt stored file must be refused'),
    (e: unknown) => e,
  );
  assert.ok(err instanceof UserError);
  assert.match(
    err.message,
    /^model "corrupt": model\.safetensors from the artifact store .* fails its sha256 check .*; removed, nothing used/,
  );
  assert.ok(!err.message.includes('\n'), 'one line');
  assert.ok(!fs.existsSync(weights), 'nothing used');
  assert.deepEqual(
    fs.readdirSync(modelCacheRoot(w.homeB)).filter((e) => e.startsWith('.fetch-')),
    [],
    'no staging left behind',
  );
});

test('a model registered without a shared store cannot travel: one line saying how to publish it', async () => {
  const w = world();
  onMachine(w.homeA);
  const rec = await registerModel({ name: 'local-only', dir: w.model, origin: 'init', config }, t.db);
  assert.equal(rec.filesKey, null);
  assert.ok((await modelFileRows(t.db, rec.id)).length > 0, 'sha256s are recorded anyway');
  onMachine(w.homeB, w.shared);
  moveAway(w.model);
  await assert.rejects(resolveModelDir('local-only', t.db), (e: Error) => {
    assert.ok(e instanceof UserError);
    assert.match(e.message, /not on this machine, and its files were never published: .*DML_LENS_ARTIFACTS.*dml-lens model register/);
    return !e.message.includes('\n');
  });
});

test('a model pulled from the hub comes back from the hub at its recorded commit, verified', async () => {
  const w = world();
  onMachine(w.homeA);
  await registerModel({ name: 'org/tiny', dir: w.model, origin: 'hub', config, commit: COMMIT, hubRepo: 'org/tiny' }, t.db);
  onMachine(w.homeB);
  moveAway(w.model);
  hubRequests.length = 0;
  const { dir } = await resolveModelDir('org/tiny', t.db);
  assert.ok(
    hubRequests.some((r) => r === `/org/tiny/resolve/${COMMIT}/model.safetensors`),
    hubRequests.join(', '),
  );
  assert.equal(sha(path.join(dir, 'model.safetensors')), sha(path.join(source, 'model.safetensors')));

  const other = world();
  onMachine(path.join(path.dirname(other.homeB), 'c'));
  fs.rmSync(other.model, { recursive: true });
  hubCorrupt = true;
  await assert.rejects(
    resolveModelDir('org/tiny', t.db),
    /^UserError: model "org\/tiny": model\.safetensors from the hub \(org\/tiny at commit c+\) fails its sha256 check/,
  );
  process.env.HF_HUB_OFFLINE = '1';
  await assert.rejects(resolveModelDir('org/tiny', t.db), (e: Error) => {
    assert.match(e.message, /^model "org\/tiny" is not on this machine and could not be downloaded from the hub .*HF_HUB_OFFLINE=1/);
    return !e.message.includes('\n');
  });
});

test('through S3 (s3rver): published by one home, fetched by another', async () => {
  const s3 = await startTestS3(['models-bucket']);
  try {
    const w = world();
    onMachine(w.homeA, 's3://models-bucket/lab');
    const rec = await registerModel({ name: 's3-model', dir: w.model, origin: 'init', config }, t.db);
    assert.ok(rec.filesKey);
    onMachine(w.homeB, 's3://models-bucket/lab');
    moveAway(w.model);
    const { dir } = await resolveModelDir('s3-model', t.db);
    for (const f of await modelFileRows(t.db, rec.id)) assert.equal(sha(path.join(dir, f.path)), f.sha256);
  } finally {
    await s3.close();
  }
});

test('db copy brings the published model files along: the copied lab fetches the model from its own store', async () => {
  const w = world();
  onMachine(w.homeA, w.shared);
  await registerModel({ name: 'moved-lab', dir: w.model, origin: 'init', config }, src.db);
  const newStore = path.join(path.dirname(w.shared), 'new-store');
  const lines: string[] = [];
  const targetUrl = `file:${path.join(path.dirname(w.shared), 'target.db')}`;
  await copyDatabase({ sourceUrl: src.url, targetUrl, targetArtifacts: newStore, log: (l) => lines.push(l) });
  assert.ok(
    lines.some((l) => /^model files: \d+ copied, 0 already there$/.test(l)),
    lines.join('\n'),
  );
  onMachine(w.homeB, newStore);
  moveAway(w.model);
  fs.rmSync(w.shared, { recursive: true }); // the old store is gone
  const target = getDb(targetUrl);
  const { dir, record } = await resolveModelDir('moved-lab', target);
  for (const f of await modelFileRows(target, record!.id)) assert.equal(sha(path.join(dir, f.path)), f.sha256);
});

test('a folder at the registered path that does not hold the recorded files (another machine) is not used', async () => {
  const w = world();
  onMachine(w.homeA, w.shared);
  const rec = await registerModel({ name: 'same-path', dir: w.model, origin: 'init', config }, t.db);
  assert.equal((await resolveModelDir('same-path', t.db)).dir, w.model, 'the registered folder itself, here');
  onMachine(w.homeB, w.shared);
  fs.appendFileSync(path.join(w.model, 'model.safetensors'), 'another version of the weights');
  const { dir } = await resolveModelDir('same-path', t.db);
  assert.ok(dir.startsWith(modelCacheRoot(w.homeB)), dir);
  for (const f of await modelFileRows(t.db, rec.id)) assert.equal(sha(path.join(dir, f.path)), f.sha256);
});

test('a store that cannot take the files: one line, and no model row is written', async () => {
  const w = world();
  const notAFolder = path.join(path.dirname(w.shared), 'a-file');
  fs.mkdirSync(path.dirname(notAFolder), { recursive: true });
  fs.writeFileSync(notAFolder, 'not a folder');
  onMachine(w.homeA, path.join(notAFolder, 'store'));
  await assert.rejects(registerModel({ name: 'unpublished', dir: w.model, origin: 'init', config }, t.db), (e: Error) => {
    assert.ok(e instanceof UserError);
    assert.match(e.message, /artifact folder .* is not writable/);
    return !e.message.includes('\n');
  });
  assert.equal(await t.db.model.count({ where: { name: 'unpublished' } }), 0);
});
