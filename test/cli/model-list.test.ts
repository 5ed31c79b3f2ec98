// `dml-lens model list` and name/path resolution over a temp project root and database.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from '../../lib/cli/command';
import { UserError } from '../../lib/errors';
import { commands } from '../../scripts/cli/commands/model';
import { createTestDb, type TestDb } from '../helpers/db';
import { registerModel, resolveModelDir } from '../../lib/store/models';
import { modelSize } from '../../lib/model/sizes';

let t: TestDb;
let root: string;
const saved = { url: process.env.DATABASE_URL, root: process.env.DML_LENS_ROOT };

function fakeModelFolder(dir: string, arch: 'bert' | 'roberta', size: 'tiny' | 'small'): void {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'config.json'), JSON.stringify(modelSize(arch, size, 500)));
  fs.writeFileSync(path.join(dir, 'model.safetensors'), '');
}

before(async () => {
  t = await createTestDb();
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'dml-list-'));
  process.env.DATABASE_URL = t.url;
  process.env.DML_LENS_ROOT = root;
  fakeModelFolder(path.join(root, 'models', 'mine'), 'roberta', 'small');
  fakeModelFolder(path.join(root, 'models', 'cache', 'org', 'pulled'), 'bert', 'tiny');
  fakeModelFolder(path.join(root, 'elsewhere', 'registered'), 'bert', 'tiny');
  fs.mkdirSync(path.join(root, 'models', 'broken'), { recursive: true });
  fs.writeFileSync(path.join(root, 'models', 'broken', 'config.json'), '{"model_type":"gpt2"}');
});

after(async () => {
  for (const [k, v] of [
    ['DATABASE_URL', saved.url],
    ['DML_LENS_ROOT', saved.root],
  ] as const) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  await t.cleanup();
  fs.rmSync(root, { recursive: true, force: true });
});

async function list(argv: string[]): Promise<string> {
  const spec = commands.find((c) => c.name === 'model list')!;
  const lines: string[] = [];
  const log = console.log;
  console.log = (...a: unknown[]) => lines.push(a.join(' '));
  try {
    await spec.run(parseArgs(spec, argv) as Exclude<ReturnType<typeof parseArgs>, 'help'>);
  } finally {
    console.log = log;
  }
  return lines.join('\n');
}

test('model list: registered models and unregistered folders under models/', async () => {
  const dir = path.join(root, 'elsewhere', 'registered');
  await registerModel({ name: 'reg', dir, origin: 'init', config: modelSize('bert', 'tiny', 500) });
  const json = JSON.parse(await list(['--json'])) as {
    name: string;
    origin: string;
    arch: string;
    layers: number;
    hidden: number;
    numParams: number;
    problem?: string;
  }[];
  assert.deepEqual(
    json.map((m) => [m.name, m.origin, m.arch, m.layers, m.hidden]),
    [
      ['reg', 'init', 'bert', 2, 128],
      ['broken', 'folder', '?', null, null],
      ['org/pulled', 'folder', 'bert', 2, 128],
      ['mine', 'folder', 'roberta', 4, 256],
    ],
  );
  assert.match(json[1].problem ?? '', /not supported/);
  assert.ok(json[0].numParams > 0);
  const table = await list([]);
  assert.match(table.split('\n')[0], /^NAME\s+ARCH\s+LAYERSxHIDDEN\s+PARAMS\s+ORIGIN\s+PATH/);
  assert.match(table, /mine\s+roberta\s+4x256/);
});

test('resolveModelDir: by path, registered name, models/<name>, models/cache/<id>; clear error otherwise', async () => {
  assert.equal((await resolveModelDir('reg', t.db)).dir, path.join(root, 'elsewhere', 'registered'));
  assert.equal((await resolveModelDir('mine', t.db)).dir, path.join(root, 'models', 'mine'));
  assert.equal((await resolveModelDir('org/pulled', t.db)).dir, path.join(root, 'models', 'cache', 'org', 'pulled'));
  assert.equal((await resolveModelDir(path.join(root, 'elsewhere', 'registered'), t.db)).record?.name, 'reg');
  await assert.rejects(
    resolveModelDir('nothing-here', t.db),
    (e: unknown) => e instanceof UserError && /registered: reg/.test(e.message) && /model pull/.test(e.message),
  );
  await assert.rejects(
    registerModel(
      { name: 'reg', dir: path.join(root, 'models', 'mine'), origin: 'local', config: modelSize('roberta', 'small', 500) },
      t.db,
    ),
    /already registered/,
  );
});
