// The artifact store: run folders keyed by the database's identity (two databases sharing a home
// never touch each other's files), staged writes published atomically, checksums verified on read
// with errors naming run and file, stale temps of dead workers removed; the same on a real S3 server
// (s3rver, in-process) including a multipart upload and a bucket that does not exist.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { writeArray } from '../../lib/store/arrays';
import { checkedArtifactStore, artifactStore } from '../../lib/store/artifacts';
import { databaseIdentity } from '../../lib/store/artifacts/identity';
import {
  cleanStaleArtifactTemps,
  localRunFolder,
  readRunArray,
  removeRunArtifacts,
  stageRunArtifacts,
} from '../../lib/store/artifacts/run-artifacts';
import { createTestDb, type TestDb } from '../helpers/db';
import { startTestS3 } from '../helpers/s3-server';

async function withEnv<T>(vars: Record<string, string>, fn: () => T | Promise<T>): Promise<T> {
  const saved = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  Object.assign(process.env, vars);
  try {
    return await fn();
  } finally {
    for (const [k, v] of Object.entries(saved))
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
  }
}

/** Stages and publishes one array (and a model/ file) for `runId`; returns the Artifact-like row. */
async function storeRun(t: TestDb, runId: number, values: number[]) {
  const staged = await stageRunArtifacts(t.db, runId);
  const data = Float32Array.from(values);
  const { sha256 } = writeArray(path.join(staged.dir, 'embeddings.f32'), data, [values.length / 2, 2]);
  fs.mkdirSync(path.join(staged.dir, 'model'));
  fs.writeFileSync(path.join(staged.dir, 'model', 'config.json'), '{"ok":true}');
  await staged.publish();
  staged.discard();
  assert.equal(fs.existsSync(staged.dir), false, 'staging folder removed');
  return { path: staged.keyOf('embeddings.f32'), sha256 };
}

async function exerciseStore(home: string, setting: string, corrupt: (key: string) => void): Promise<void> {
  const [a, b] = [await createTestDb(), await createTestDb()];
  try {
    await withEnv({ DML_LENS_HOME: home, DML_LENS_ARTIFACTS: setting }, async () => {
      assert.notEqual(await databaseIdentity(a.db), await databaseIdentity(b.db), 'each database has its own identity');
      assert.equal(await databaseIdentity(a.db), await databaseIdentity(a.db));
      const ra = await storeRun(a, 1, [1, 2, 3, 4]);
      const rb = await storeRun(b, 1, [5, 6, 7, 8]); // same run id, other database
      assert.notEqual(ra.path, rb.path);
      assert.deepEqual(Array.from((await readRunArray(1, ra)).data), [1, 2, 3, 4]);
      assert.deepEqual(Array.from((await readRunArray(1, rb)).data), [5, 6, 7, 8]);
      const model = await localRunFolder(a.db, 1, 'model');
      assert.equal(fs.readFileSync(path.join(model!, 'config.json'), 'utf8'), '{"ok":true}');

      await removeRunArtifacts(a.db, 1); // a failed retry in database a ...
      assert.equal(await artifactStore().exists(ra.path), false);
      fs.rmSync(path.join(home, 'cache'), { recursive: true, force: true }); // (S3: the local verified copy)
      await assert.rejects(readRunArray(1, ra), /^UserError: run 1: artifact embeddings\.f32 is missing from/);
      assert.deepEqual(Array.from((await readRunArray(1, rb)).data), [5, 6, 7, 8], '... leaves database b alone');

      corrupt(rb.path);
      await assert.rejects(readRunArray(1, rb), (err: Error) => {
        assert.match(
          err.message,
          /^run 1: artifact embeddings\.f32 \(.+\) fails its checksum \(sha256 [0-9a-f]{12}\.\.\., recorded [0-9a-f]{12}\.\.\.\): the file is corrupt or was replaced/,
        );
        assert.equal(err.message.split('\n').length, 1);
        return true;
      });
    });
  } finally {
    await a.cleanup();
    await b.cleanup();
  }
}

test('directory store: keyed by database identity, atomic publish, checksums checked on read', async () => {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'dml-lens-art-'));
  try {
    const root = path.join(home, 'runs');
    await exerciseStore(home, root, (key) => {
      const file = path.join(root, ...key.split('/'));
      const buf = fs.readFileSync(file);
      buf[buf.length - 1] ^= 0xff;
      fs.writeFileSync(file, buf);
    });
    assert.deepEqual(
      fs.readdirSync(root).filter((n) => n.includes('.dml-tmp-')),
      [],
      'no temp files left',
    );
  } finally {
    fs.rmSync(home, { recursive: true, force: true });
  }
});

test('stale temp files and staging folders of dead workers are removed at worker start, live ones kept', async () => {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'dml-lens-stale-'));
  try {
    await withEnv({ DML_LENS_HOME: home, DML_LENS_ARTIFACTS: path.join(home, 'runs') }, () => {
      const dir = path.join(home, 'runs', 'uuid', '3');
      fs.mkdirSync(dir, { recursive: true });
      const dead = 2 ** 22 + 12345; // above Linux's default pid_max: no such process
      const host = os.hostname();
      fs.writeFileSync(path.join(dir, `embeddings.f32.dml-tmp-${host}-${dead}-abc123`), 'x');
      fs.writeFileSync(path.join(dir, `proxies.json.dml-tmp-${host}-${process.pid}-abc123`), 'mine');
      fs.writeFileSync(path.join(dir, 'embeddings.f32'), 'kept');
      fs.mkdirSync(path.join(home, 'staging', `uuid-3.dml-tmp-${host}-${dead}-00aa11`), { recursive: true });
      assert.equal(cleanStaleArtifactTemps(), 2);
      assert.deepEqual(fs.readdirSync(dir).sort(), ['embeddings.f32', `proxies.json.dml-tmp-${host}-${process.pid}-abc123`]);
      assert.deepEqual(fs.readdirSync(path.join(home, 'staging')), []);
    });
  } finally {
    fs.rmSync(home, { recursive: true, force: true });
  }
});

test('S3 store (s3rver): the same guarantees, a multipart upload, and a missing bucket in one line', async () => {
  const s3 = await startTestS3(['dml-test-art']);
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'dml-lens-art-s3-'));
  try {
    await exerciseStore(home, 's3://dml-test-art/lab/one', (key) => {
      // corrupt the object in the server's own folder (s3rver keeps <bucket>/<key>._S3rver_object)
      const file = path.join(s3.dir, 'dml-test-art', 'lab', 'one', ...key.split('/')) + '._S3rver_object';
      assert.ok(fs.existsSync(file), `object ${key} not found under ${s3.dir}`);
      const buf = fs.readFileSync(file);
      buf[buf.length - 1] ^= 0xff;
      fs.writeFileSync(file, buf);
      fs.rmSync(path.join(home, 'cache'), { recursive: true, force: true }); // else the verified cached copy is read
    });
    await withEnv({ DML_LENS_HOME: home, DML_LENS_ARTIFACTS: 's3://dml-test-art/big' }, async () => {
      const store = await checkedArtifactStore();
      const big = path.join(home, 'big.bin');
      const bytes = Buffer.alloc(20 * 1024 * 1024 + 123); // > 2 parts of 8 MiB: multipart
      for (let i = 0; i < bytes.length; i += 4096) bytes[i] = i % 251;
      fs.writeFileSync(big, bytes);
      await store.putFile('u/1/big.bin', big);
      const back = path.join(home, 'back.bin');
      assert.equal(await store.getToFile('u/1/big.bin', back), true);
      assert.ok(fs.readFileSync(back).equals(bytes));
      assert.deepEqual(await store.list('u/1'), ['u/1/big.bin']);
      assert.equal(await store.getToFile('u/1/nothing', back), false);
    });
    const t = await createTestDb();
    try {
      await withEnv({ DML_LENS_HOME: home, DML_LENS_ARTIFACTS: 's3://no-such-bucket-here/x' }, async () => {
        await assert.rejects(checkedArtifactStore(), (err: Error) => {
          assert.equal(
            err.message,
            `S3 bucket "no-such-bucket-here" does not exist (s3://no-such-bucket-here/x at ${s3.endpoint}): create it or fix DML_LENS_ARTIFACTS`,
          );
          return true;
        });
        await assert.rejects(stageRunArtifacts(t.db, 7), /S3 bucket "no-such-bucket-here" does not exist/);
        assert.equal(
          fs.existsSync(path.join(home, 'staging')) && fs.readdirSync(path.join(home, 'staging')).length > 0,
          false,
          'nothing staged',
        );
      });
    } finally {
      await t.cleanup();
    }
    assert.equal(artifactStore('s3://dml-test-art/lab/one').location, 's3://dml-test-art/lab/one');
  } finally {
    await s3.close();
    fs.rmSync(home, { recursive: true, force: true });
  }
});

test('DML_LENS_ARTIFACTS with an unknown scheme or a bad bucket name: one line', () => {
  assert.throws(
    () => artifactStore('ftp://host/x'),
    /^UserError: DML_LENS_ARTIFACTS "ftp:\/\/host\/x": unknown scheme; use a directory or s3:\/\/bucket\/prefix$/,
  );
  assert.throws(() => artifactStore('s3://A_b/x'), /"A_b" is not a valid S3 bucket name/);
});
