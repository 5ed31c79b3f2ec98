// A real S3-compatible HTTP server for tests: s3rver, in-process, on 127.0.0.1 (a free port),
// storing into a temp folder. Sets the AWS_* variables the artifact store reads, restores them on close.
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';

const VARS = [
  'AWS_ENDPOINT_URL',
  'AWS_ENDPOINT_URL_S3',
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_REGION',
  'DML_LENS_S3_PATH_STYLE',
] as const;

export interface TestS3 {
  endpoint: string;
  dir: string;
  close(): Promise<void>;
}

export async function startTestS3(buckets: string[]): Promise<TestS3> {
  const { default: S3rver } = (await import('s3rver')) as unknown as {
    default: new (o: Record<string, unknown>) => { run(): Promise<AddressInfo>; close(): Promise<void> };
  };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dml-lens-s3-'));
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory: dir,
    configureBuckets: buckets.map((name) => ({ name })),
  });
  const addr = await server.run();
  const endpoint = `http://127.0.0.1:${addr.port}`;
  const saved = Object.fromEntries(VARS.map((v) => [v, process.env[v]]));
  Object.assign(process.env, {
    AWS_ENDPOINT_URL: endpoint,
    AWS_ACCESS_KEY_ID: 'S3RVER',
    AWS_SECRET_ACCESS_KEY: 'S3RVER',
    AWS_REGION: 'us-east-1',
  });
  delete process.env.AWS_ENDPOINT_URL_S3;
  delete process.env.DML_LENS_S3_PATH_STYLE;
  return {
    endpoint,
    dir,
    async close() {
      await server.close();
      for (const v of VARS) {
        if (saved[v] === undefined) delete process.env[v];
        else process.env[v] = saved[v];
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
