// `data download` against a local HTTP server that serves what the public hosts serve (the raw
// zip for MR/CR/SUBJ/MPQA, raw TREC, SST and MRPC files), built from ../shared/data/senteval:
// the result must be byte-identical to the shared folder. Offline failures must say what to do.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { downloadSentEval, type SentevalUrls } from '../../lib/data/download';
import { BIN_CLASSIF_FILES } from '../../lib/data/senteval/process';
import { SENTEVAL_TASKS } from '../../lib/data/senteval/tasks';
import { UserError } from '../../lib/errors';
import { sharedSentevalDir } from '../helpers/db';
import { writeZip } from './zip-writer';

const shared = sharedSentevalDir();
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dml-lens-download-'));
process.on('exit', () => fs.rmSync(tmp, { recursive: true, force: true }));

async function serve(routes: Map<string, Buffer | 'hang'>): Promise<{ base: string; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    const body = routes.get(req.url ?? '');
    if (body === 'hang') return; // never answers
    if (!body) { res.writeHead(404).end('not found'); return; }
    res.writeHead(200, { 'content-length': body.length }).end(body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { base, close: () => new Promise((r) => { server.closeAllConnections(); server.close(() => r()); }) };
}

function urlsAt(base: string): SentevalUrls {
  return {
    binClassif: `${base}/zip/datasmall_NB_ACL12.zip`, sstBin: `${base}/sst`, sstKim: `${base}/kim`,
    sstFine: `${base}/fine`, trec: `${base}/trec`, mrpc: `${base}/mrpc`,
  };
}

function mirrorRoutes(dir: string): Map<string, Buffer> {
  const read = (rel: string) => fs.readFileSync(path.join(dir, rel));
  const routes = new Map<string, Buffer>();
  routes.set('/zip/datasmall_NB_ACL12.zip', writeZip(BIN_CLASSIF_FILES.map((f) => ({ name: `data/${f.entry}`, data: read(`${f.task}/original/${f.file}`) }))));
  for (const s of ['train', 'dev', 'test']) {
    routes.set(`/sst/sentiment-${s}`, read(`SST2/sentiment-${s}`));
    routes.set(`/kim/stsa.binary.${s}`, read(`SST2/sentence-level-kim/stsa.binary.${s}`));
    routes.set(`/fine/stsa.fine.${s}`, read(`SST5/stsa.fine.${s}`));
  }
  routes.set('/trec/train_5500.label', read('TREC/original/TREC.train'));
  routes.set('/trec/TREC_10.label', read('TREC/original/TREC.test'));
  for (const s of ['train', 'test']) routes.set(`/mrpc/msr_paraphrase_${s}.txt`, read(`MRPC/msr_paraphrase_${s}.txt`));
  return routes;
}

function listFiles(dir: string, rel = ''): string[] {
  return fs.readdirSync(path.join(dir, rel), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? listFiles(dir, path.join(rel, e.name)) : [path.join(rel, e.name)]).sort();
}

test('download lays out all tasks exactly like the shared folder (byte for byte)', { skip: shared ? false : 'no ../shared/data/senteval' }, async () => {
  const server = await serve(mirrorRoutes(shared!));
  try {
    const out = path.join(tmp, 'senteval');
    const results = await downloadSentEval({ dir: out, urls: urlsAt(server.base), timeoutMs: 10_000 });
    assert.deepEqual(results.map((r) => r.status), SENTEVAL_TASKS.map(() => 'downloaded'));
    const want = listFiles(shared!).filter((f) => f !== 'SOURCES.md');
    assert.deepEqual(listFiles(out), want);
    for (const f of want) assert.ok(fs.readFileSync(path.join(out, f)).equals(fs.readFileSync(path.join(shared!, f))), f);
    const again = await downloadSentEval({ dir: out, urls: urlsAt(server.base), tasks: ['MR', 'TREC'] });
    assert.deepEqual(again.map((r) => r.status), ['present', 'present']);
  } finally {
    await server.close();
  }
});

test('a download with the wrong counts is refused and writes nothing', async () => {
  const routes = new Map<string, Buffer>();
  routes.set('/trec/train_5500.label', Buffer.from('HUM:ind Who is it ?\n'));
  routes.set('/trec/TREC_10.label', Buffer.from('NUM:date When ?\n'));
  const server = await serve(routes);
  try {
    const out = path.join(tmp, 'short');
    await assert.rejects(downloadSentEval({ dir: out, urls: urlsAt(server.base), tasks: ['TREC'] }),
      (e: unknown) => e instanceof UserError && /downloaded TREC does not have the official counts: train: found 1 \(.*HUM 1/.test(e.message));
    assert.equal(fs.existsSync(out), false);
    await assert.rejects(downloadSentEval({ dir: out, urls: urlsAt(server.base), tasks: ['SST5'] }), /answered 404/);
  } finally {
    await server.close();
  }
});

test('offline: an unreachable host gives a clear message with what to do instead', async () => {
  const server = await serve(new Map());
  const closedBase = server.base;
  await server.close(); // nothing listens there any more: connection refused
  await assert.rejects(downloadSentEval({ dir: path.join(tmp, 'off'), urls: urlsAt(closedBase), tasks: ['MRPC'], timeoutMs: 2000 }), (e: unknown) => {
    assert.ok(e instanceof UserError);
    assert.match(e.message, /^could not reach 127\.0\.0\.1:\d+ to download .*msr_paraphrase_train\.txt \(ECONNREFUSED\)/);
    assert.match(e.message, /point --dir or SENTEVAL_DIR at a local copy \(e\.g\. \.\.\/shared\/data\/senteval\) and run `dml-lens data import --senteval <dir>`/);
    return true;
  });
  const hanging = await serve(new Map([['/sst/sentiment-train', 'hang' as const]]));
  try {
    await assert.rejects(downloadSentEval({ dir: path.join(tmp, 'off'), urls: urlsAt(hanging.base), tasks: ['SST2'], timeoutMs: 300 }),
      /could not reach .* \(no answer within 0\.3 s\)\. This machine may be offline/);
  } finally {
    await hanging.close();
  }
  assert.equal(fs.existsSync(path.join(tmp, 'off')), false);
});
