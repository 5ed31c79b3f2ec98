// Layers only point down. (1) app/ never imports tfjs: follows every static relative import from
// app/ and fails if a module on the way imports @tensorflow/* (pages read stored results; heavy
// work is queued). (2) The allowed-dependency matrix over lib/* folders below: any import (static,
// type-only or dynamic `import()`) from one lib folder into another that the matrix does not list
// fails, and so does a cycle between files of lib/jobs and lib/store.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { dataAccessCalls, prismaDelegates } from './helpers/data-access-calls';

const root = process.cwd();
const IMPORT = /^\s*(?:import|export)\s+(?!type\b)(?:[^'"]*?\sfrom\s+)?['"]([^'"]+)['"]/gm;

function resolve(from: string, spec: string): string | undefined {
  const base = path.resolve(path.dirname(from), spec);
  for (const c of [base, `${base}.ts`, `${base}.tsx`, path.join(base, 'index.ts'), path.join(base, 'index.tsx')]) {
    if (fs.existsSync(c) && fs.statSync(c).isFile()) return c;
  }
  return undefined;
}

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? sources(p) : /\.tsx?$/.test(e.name) ? [p] : [];
  });
}

test('no module reachable from app/ imports tfjs', () => {
  const seen = new Map<string, string | undefined>(); // file -> the file that imported it
  const queue = sources(path.join(root, 'app'));
  queue.forEach((f) => seen.set(f, undefined));
  const offenders: string[] = [];
  while (queue.length) {
    const file = queue.pop()!;
    const text = fs.readFileSync(file, 'utf8');
    for (const m of text.matchAll(IMPORT)) {
      const spec = m[1];
      if (spec.startsWith('@tensorflow/')) {
        const chain = [file];
        for (let f = seen.get(file); f; f = seen.get(f)) chain.push(f);
        offenders.push(
          chain
            .reverse()
            .map((f) => path.relative(root, f))
            .join(' -> ') + ` -> ${spec}`,
        );
      }
      if (!spec.startsWith('.')) continue;
      const target = resolve(file, spec);
      if (target && !seen.has(target)) {
        seen.set(target, file);
        queue.push(target);
      }
    }
  }
  assert.ok(seen.size > 20, 'the app imports something');
  assert.deepEqual(offenders, []);
});

// ---------------------------------------------------------------------------------------------
// Allowed dependencies between lib/* folders (a folder may always import itself and the root
// files lib/errors.ts, lib/paths.ts, lib/app-build.ts). Top to bottom:
//
//   folder     may import
//   ---------  ----------------------------------------------------------------------------------
//   server     jobs store db model util           (the dashboard's launcher, worker pool, guard)
//   demo       jobs training explain analysis export store data db model losses eval ui util
//   jobs       training explain analysis store data db model losses backend eval cli util
//   what-if    explain training onnx store db model eval util
//   export     explain onnx store analysis db model eval ui util
//   pretrain   training model losses data store db backend eval cli util
//   training   analysis onnx store data db model losses backend eval cli util
//   explain    analysis onnx store data db model losses backend eval util
//   analysis   store db model backend eval util
//   data       store db util                    (parsers and import rules; rows are written by the store)
//   store      db model losses eval util          (model/loss metadata only: names, configs, files)
//   onnx       model backend util                (the backend's name keys the measured engine choice)
//   losses     backend util                      (kernels from lib/backend, never from lib/model)
//   model      backend util
//   backend    util                              (compute kernels: below losses and model)
//   eval, cli  util
//   ui         losses util                       (the loss catalog's colours)
//   db         (nothing but the root files)
//   util       (nothing)
//
// app/ and scripts/ sit above all of lib/. Every import in lib/ follows this table (the test below
// fails on any other, static, type-only or dynamic).
export const LAYERS: Record<string, string[]> = {
  server: ['jobs', 'store', 'db', 'model', 'util'],
  demo: ['jobs', 'training', 'explain', 'analysis', 'export', 'store', 'data', 'db', 'model', 'losses', 'eval', 'ui', 'util'],
  jobs: ['training', 'explain', 'analysis', 'store', 'data', 'db', 'model', 'losses', 'backend', 'eval', 'cli', 'util'],
  'what-if': ['explain', 'training', 'onnx', 'store', 'db', 'model', 'eval', 'util'],
  export: ['explain', 'onnx', 'store', 'analysis', 'db', 'model', 'eval', 'ui', 'util'],
  pretrain: ['training', 'model', 'losses', 'data', 'store', 'db', 'backend', 'eval', 'cli', 'util'],
  training: ['analysis', 'onnx', 'store', 'data', 'db', 'model', 'losses', 'backend', 'eval', 'cli', 'util'],
  explain: ['analysis', 'onnx', 'store', 'data', 'db', 'model', 'losses', 'backend', 'eval', 'util'],
  analysis: ['store', 'db', 'model', 'backend', 'eval', 'util'],
  data: ['store', 'db', 'util'],
  store: ['db', 'model', 'losses', 'eval', 'util'],
  onnx: ['model', 'backend', 'util'],
  losses: ['backend', 'util'],
  model: ['backend', 'util'],
  backend: ['util'],
  eval: ['util'],
  ui: ['losses', 'util'],
  cli: ['util'],
  db: [],
  util: [],
};

/** Imports that break the matrix today: "from-file -> to-folder": what would fix it. (None left.) */
const KNOWN: Record<string, string> = {};

const ANY_IMPORT = /(?:^\s*(?:import|export)\s+(?:type\s+)?(?:[^'"]*?\sfrom\s+)?['"]([^'"]+)['"])|(?:\bimport\(\s*['"]([^'"]+)['"]\s*\))/gm;

function libFolderOf(file: string): string | undefined {
  const rel = path.relative(path.join(root, 'lib'), file).split(path.sep);
  return rel.length > 1 && !rel[0].startsWith('..') ? rel[0] : undefined;
}

function libImports(): { from: string; to: string }[] {
  const out: { from: string; to: string }[] = [];
  for (const file of sources(path.join(root, 'lib'))) {
    for (const m of fs.readFileSync(file, 'utf8').matchAll(ANY_IMPORT)) {
      const spec = m[1] ?? m[2];
      if (!spec.startsWith('.')) continue;
      const target = resolve(file, spec) ?? path.resolve(path.dirname(file), spec);
      out.push({ from: file, to: target });
    }
  }
  return out;
}

test('the dependency matrix itself has no cycle', () => {
  const state = new Map<string, 'open' | 'done'>();
  const visit = (f: string, trail: string[]): void => {
    if (state.get(f) === 'done') return;
    assert.notEqual(state.get(f), 'open', `cycle in LAYERS: ${[...trail, f].join(' -> ')}`);
    state.set(f, 'open');
    for (const g of LAYERS[f] ?? []) visit(g, [...trail, f]);
    state.set(f, 'done');
  };
  Object.keys(LAYERS).forEach((f) => visit(f, []));
});

test('lib/* folders import only what the dependency matrix allows (static, type-only and dynamic imports)', () => {
  const offenders = new Set<string>();
  const folders = new Set(
    fs
      .readdirSync(path.join(root, 'lib'), { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => e.name),
  );
  for (const f of folders)
    assert.ok(f in LAYERS, `lib/${f}/ is not in the dependency matrix (LAYERS in test/architecture.test.ts): add it`);
  for (const { from, to } of libImports()) {
    const a = libFolderOf(from);
    const b = libFolderOf(to);
    if (!a || !b || a === b || LAYERS[a]?.includes(b)) continue;
    const key = `${path.relative(root, from)} -> ${b}`;
    if (!(key in KNOWN)) offenders.add(key);
  }
  assert.deepEqual([...offenders].sort(), [], 'imports against the dependency matrix (see LAYERS)');
});

test('no import cycle between files of lib/jobs and lib/store', () => {
  const graph = new Map<string, string[]>();
  for (const { from, to } of libImports()) {
    if (!['jobs', 'store'].includes(libFolderOf(from) ?? '') || !['jobs', 'store'].includes(libFolderOf(to) ?? '')) continue;
    graph.set(from, [...(graph.get(from) ?? []), to]);
  }
  const state = new Map<string, 'open' | 'done'>();
  const cycles: string[] = [];
  const visit = (f: string, trail: string[]): void => {
    if (state.get(f) === 'done') return;
    if (state.get(f) === 'open') {
      cycles.push([...trail.slice(trail.indexOf(f)), f].map((x) => path.relative(root, x)).join(' -> '));
      return;
    }
    state.set(f, 'open');
    for (const g of graph.get(f) ?? []) visit(g, [...trail, f]);
    state.set(f, 'done');
  };
  [...graph.keys()].forEach((f) => visit(f, []));
  assert.deepEqual(cycles, []);
});

test('the worker process never loads tfjs (its jobs run in the job process)', () => {
  const start = path.join(root, 'lib', 'jobs', 'worker.ts');
  const seen = new Set([start]);
  const queue = [start];
  const tf: string[] = [];
  while (queue.length) {
    const file = queue.pop()!;
    for (const m of fs.readFileSync(file, 'utf8').matchAll(IMPORT)) {
      if (m[1].startsWith('@tensorflow/')) tf.push(path.relative(root, file));
      const target = m[1].startsWith('.') ? resolve(file, m[1]) : undefined;
      if (target && !seen.has(target)) {
        seen.add(target);
        queue.push(target);
      }
    }
  }
  assert.deepEqual(tf, []);
});

// ---------------------------------------------------------------------------------------------
// One data-access boundary: only lib/store (and lib/db below it) query the database. Everyone
// else calls a store function (getDb() to get a handle is fine; db.<model>.<operation>(...), raw
// SQL and $transaction are not). Tests (test/, e2e/) may read and seed rows directly.

/** Folders (relative to the root) whose files may access the database directly, and top-level folders that hold no sources. */
const DATA_ACCESS_ALLOWED = ['lib/store', 'lib/db', 'test', 'e2e'];
const NOT_SOURCE = ['var', 'models', 'test-artifacts', 'data'];

/**
 * Files that still query the database themselves, on their way into lib/store (issue 14): remove an
 * entry when its file stops (the test fails while a listed file no longer needs it).
 */
const KNOWN_DATA_ACCESS = new Set<string>([]);

function scannedSources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    const rel = path.relative(root, p).split(path.sep).join('/');
    if (e.isDirectory()) {
      if (e.name.startsWith('.') || e.name === 'node_modules' || NOT_SOURCE.includes(rel) || DATA_ACCESS_ALLOWED.includes(rel)) return [];
      return scannedSources(p);
    }
    return /\.(?:[cm]?[jt]s|tsx|jsx)$/.test(e.name) ? [p] : [];
  });
}

test('the data-access detector finds Prisma calls and nothing else', () => {
  const delegates = prismaDelegates(path.join(root, 'prisma', 'schema.prisma'));
  assert.ok(delegates.has('run') && delegates.has('databaseIdentity'), 'models of prisma/schema.prisma');
  const found = (code: string, file = 'x.ts') => dataAccessCalls(code, file, delegates).map((c) => c.code);
  const calls = [
    'await db.run.findMany({ where: { id } })',
    'tx.example.deleteMany({})',
    'getDb().run.count()',
    'await d.experiment.findUnique({ where: { id } })',
    'this.db.job.updateMany({ where: {}, data: {} })',
    'db?.attribution.upsert(x)',
    'return db.$transaction(async (tx) => 1)',
    'await tx.$executeRawUnsafe(\'DELETE FROM "Job"\')',
    'const rows = await db.$queryRaw`SELECT 1`',
    'const t = db.$transaction',
  ];
  for (const c of calls) assert.equal(found(c).length, 1, `not found: ${c}`);
  assert.equal(found('export default function P() { return <div>{db.run.count()}</div>; }', 'page.tsx').length, 1);
  const notCalls = [
    'tf.add(a, b)',
    'map.delete(key)',
    'this.where.get(key)?.delete(wi)',
    'hash.update(bytes)',
    'ort.InferenceSession.create(model, options)',
    'this.model.forward(batch)',
    'this.model.update(x)',
    'dp.model.trainableVariables()',
    'this.worker.postMessage(msg)',
    'url.searchParams.delete("token")',
    'db.run',
    "type Tx = Parameters<Parameters<Db['$transaction']>[0]>[0];",
    '// db.run.findMany({}) in a comment',
    "const s = 'db.run.findMany({})';",
  ];
  for (const c of notCalls) assert.deepEqual(found(c), [], `false positive: ${c}`);
});

test('only lib/store and lib/db access the database (Prisma model calls, raw SQL, $transaction)', () => {
  const delegates = prismaDelegates(path.join(root, 'prisma', 'schema.prisma'));
  const files = scannedSources(root);
  const seen = new Set(files.map((f) => path.relative(root, f).split(path.sep).join('/')));
  for (const f of [
    'app/compare/page.tsx',
    'lib/data/load-split.ts',
    'lib/jobs/worker.ts',
    'scripts/cli/commands/runs.ts',
    'bench/jobs.ts',
    'proxy.ts',
  ])
    assert.ok(seen.has(f), `the scan reads ${f}`);
  for (const f of ['lib/store/runs.ts', 'lib/db/client.ts', 'test/architecture.test.ts']) assert.ok(!seen.has(f), `the scan skips ${f}`);
  const offenders = new Map<string, string>();
  for (const file of files) {
    const calls = dataAccessCalls(fs.readFileSync(file, 'utf8'), file, delegates);
    const rel = path.relative(root, file).split(path.sep).join('/');
    if (calls.length) offenders.set(rel, `${rel}:${calls[0].line} ${calls[0].code}`);
  }
  const unexpected = [...offenders].filter(([rel]) => !KNOWN_DATA_ACCESS.has(rel)).map(([, where]) => where);
  assert.deepEqual(unexpected, [], 'direct data access outside lib/store: move the query into a lib/store function (docs/store.md)');
  const fixed = [...KNOWN_DATA_ACCESS].filter((rel) => !offenders.has(rel));
  assert.deepEqual(fixed, [], 'these files no longer access the database directly: remove them from KNOWN_DATA_ACCESS');
});
