// The server's front door without a server: host/port/worker options and the refusal to expose the
// dashboard without a token; the proxy's decisions (token by header, ?token= login cookie, body
// limits); the web form's model field and per-submission limit.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { UserError } from '../../lib/errors';
import { guardRequest, MAX_BODY_BYTES } from '../../lib/server/request-guard';
import { isLoopbackHost, readServeOptions } from '../../lib/server/serve-options';
import { MAX_RUNS_PER_SUBMISSION, runsInSubmission, webModelProblem, webSubmissionProblems } from '../../lib/server/web-submission';
import { createTestDb } from '../helpers/db';

const TOKEN = 'x'.repeat(24);

test('serve options: loopback by default, exposing needs a long token, one-line errors', () => {
  assert.deepEqual(readServeOptions(['start'], {}), {
    mode: 'start',
    host: '127.0.0.1',
    port: 3000,
    workers: 1,
    token: undefined,
    exposed: false,
  });
  assert.deepEqual(readServeOptions(['dev', '--port', '4000', '--workers=0'], { HOST: 'localhost' }), {
    mode: 'dev',
    host: 'localhost',
    port: 4000,
    workers: 0,
    token: undefined,
    exposed: false,
  });
  assert.equal(readServeOptions(['start'], { DML_LENS_WORKERS: '3', PORT: '8080' }).workers, 3);
  const exposed = readServeOptions(['start', '--host', '0.0.0.0'], { DML_LENS_TOKEN: TOKEN });
  assert.equal(exposed.exposed, true);
  assert.equal(exposed.token, TOKEN);
  const refuse = (argv: string[], env: Record<string, string>, re: RegExp) =>
    assert.throws(
      () => readServeOptions(argv, env),
      (e: Error) => e instanceof UserError && !e.message.includes('\n') && re.test(e.message),
    );
  refuse(['start', '--host', '0.0.0.0'], {}, /refusing to serve on 0\.0\.0\.0 without a token.*DML_LENS_TOKEN/);
  refuse(['start'], { HOST: '192.168.1.5' }, /refusing to serve on 192\.168\.1\.5/);
  refuse(['start', '--host', '::'], { DML_LENS_TOKEN: 'short' }, /DML_LENS_TOKEN is 5 characters; use at least 16/);
  refuse(['start', '--workers', '-1'], {}, /--workers \(or DML_LENS_WORKERS\) must be a whole number from 0 to 64, got "-1"/);
  refuse(['start'], { DML_LENS_WORKERS: 'many' }, /must be a whole number from 0 to 64, got "many"/);
  refuse(['start', '--port', '70000'], {}, /--port \(or PORT\) must be a whole number from 1 to 65535/);
  refuse(['start', '--hots', 'x'], {}, /unknown option --hots/);
  refuse(['serve'], {}, /usage: serve\.ts dev\|start/);
  for (const h of ['127.0.0.1', '127.1.2.3', 'localhost', '::1', '[::1]']) assert.ok(isLoopbackHost(h), h);
  for (const h of ['0.0.0.0', '::', '10.0.0.1', 'example.org']) assert.ok(!isLoopbackHost(h), h);
});

const req = (url: string, headers: Record<string, string> = {}, method = 'GET') => ({ method, url, headers: new Headers(headers) });

test('proxy decisions: token by Bearer header or login cookie, body limits before reading', () => {
  const env = { token: TOKEN, exposed: true };
  assert.deepEqual(guardRequest(req('http://h/'), { exposed: false }), { kind: 'pass' });
  assert.equal(guardRequest(req('http://h/'), { exposed: true }).kind, 'refuse');
  const none = guardRequest(req('http://h/runs'), env);
  assert.ok(none.kind === 'refuse' && none.status === 401 && /\?token=/.test(none.message));
  assert.deepEqual(guardRequest(req('http://h/api/health', { authorization: `Bearer ${TOKEN}` }), env), { kind: 'pass' });
  const wrong = guardRequest(req('http://h/', { authorization: 'Bearer nope' }), env);
  assert.ok(wrong.kind === 'refuse' && wrong.status === 401);
  const login = guardRequest(req(`http://h/runs?x=1&token=${TOKEN}`), env);
  assert.ok(login.kind === 'login');
  assert.equal(login.location, '/runs?x=1');
  assert.match(login.cookie, /^dml_lens_token=x{24}; Path=\/; HttpOnly; SameSite=Strict$/);
  assert.equal(guardRequest(req('http://h/?token=bad'), env).kind, 'refuse');
  assert.deepEqual(guardRequest(req('http://h/runs', { cookie: `a=b; dml_lens_token=${TOKEN}` }), env), { kind: 'pass' });
  assert.equal(guardRequest(req('http://h/runs', { cookie: 'dml_lens_token=guess' }), env).kind, 'refuse');
  // server actions are POSTs: the token applies, and the body size is checked from its header first
  assert.equal(guardRequest(req('http://h/runs/new', { 'content-length': '10' }, 'POST'), env).kind, 'refuse');
  const big = guardRequest(
    req('http://h/runs/new', { 'content-length': String(MAX_BODY_BYTES + 1), authorization: `Bearer ${TOKEN}` }, 'POST'),
    env,
  );
  assert.ok(big.kind === 'refuse' && big.status === 413);
  assert.deepEqual(
    guardRequest(req('http://h/api/export/figure', { 'content-length': String(MAX_BODY_BYTES + 1) }, 'POST'), { exposed: false }),
    { kind: 'pass' },
    'a large figure spec',
  );
  assert.equal(
    guardRequest(req('http://h/api/export/figure', { 'content-length': String(9 * 1024 * 1024) }, 'POST'), { exposed: false }).kind,
    'refuse',
  );
  const chunked = guardRequest(req('http://h/runs/new', { 'transfer-encoding': 'chunked' }, 'POST'), { exposed: false });
  assert.ok(chunked.kind === 'refuse' && chunked.status === 411);
  assert.deepEqual(guardRequest(req('http://h/runs/new', { 'content-length': '500' }, 'POST'), { exposed: false }), { kind: 'pass' });
});

test('web form: models from the registry or models/ only; at most MAX_RUNS_PER_SUBMISSION runs', async () => {
  const t = await createTestDb();
  const savedRoot = process.env.DML_LENS_ROOT;
  const root = path.join(t.dir, 'checkout');
  process.env.DML_LENS_ROOT = root;
  try {
    fs.mkdirSync(path.join(root, 'models', 'mine'), { recursive: true });
    fs.writeFileSync(path.join(root, 'models', 'mine', 'config.json'), '{}');
    fs.mkdirSync(path.join(t.dir, 'elsewhere'), { recursive: true });
    fs.writeFileSync(path.join(t.dir, 'elsewhere', 'config.json'), '{}');
    await t.db.model.create({
      data: { name: 'registered', path: path.join(t.dir, 'elsewhere'), arch: 'bert', origin: 'init', configJson: '{}' },
    });
    for (const ok of ['', 'registered', 'mine', 'models/mine', path.join(root, 'models', 'mine')])
      assert.equal(await webModelProblem(t.db, ok), undefined, ok);
    assert.match((await webModelProblem(t.db, path.join(t.dir, 'elsewhere')))!, /outside the checkout's models\/ folder/);
    assert.ok(await webModelProblem(t.db, 'models/../../elsewhere'), 'a traversal out of models/ is refused');
    assert.match((await webModelProblem(t.db, '/etc'))!, /outside/);
    assert.match((await webModelProblem(t.db, 'models/nothing'))!, /no model "models\/nothing" under models\//);
    assert.equal(runsInSubmission({ losses: ['ce', 'soft-triple'], sampleSizes: '10, 20', folds: '3', seeds: '1,2' }).runs, 24);
    assert.equal(runsInSubmission({ losses: 'ce' }).runs, 4, 'kfold with the default 4 folds');
    assert.equal(runsInSubmission({ losses: 'ce', protocol: 'per-class', folds: '9', seeds: '1 2 3' }).runs, 3);
    const tooMany = await webSubmissionProblems(t.db, {
      model: 'registered',
      losses: ['ce', 'supcon', 'soft-triple'],
      sampleSizes: '10,20,40,80',
      folds: '5',
      seeds: '1,2',
    });
    assert.deepEqual(Object.keys(tooMany), ['folds']);
    assert.match(
      tooMany.folds[0],
      new RegExp(
        `would queue 120 runs \\(3 losses × 4 sizes × 5 folds × 2 seeds\\); one submission may queue at most ${MAX_RUNS_PER_SUBMISSION}`,
      ),
    );
    assert.deepEqual(await webSubmissionProblems(t.db, { model: 'mine', losses: 'ce', folds: '2' }), {});
  } finally {
    if (savedRoot === undefined) delete process.env.DML_LENS_ROOT;
    else process.env.DML_LENS_ROOT = savedRoot;
    await t.cleanup();
  }
});
