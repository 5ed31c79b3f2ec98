// The S3 artifact store (any S3-compatible service) through @aws-sdk/client-s3: region, endpoint
// and credentials come from the usual AWS variables (AWS_REGION, AWS_ENDPOINT_URL_S3 or
// AWS_ENDPOINT_URL, AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY or a profile); path-style addressing
// is used with a custom endpoint (DML_LENS_S3_PATH_STYLE=0 turns it off). Uploads are streamed
// from the file and multipart when large (@aws-sdk/lib-storage); downloads stream to a file.
import fs from 'node:fs';
import type { Readable } from 'node:stream';
import {
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  S3Client,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { UserError } from '../../errors';
import { streamToFileAtomic } from './atomic-file';
import { checkKey, type ArtifactStore } from './store';

const PART_SIZE = 8 * 1024 * 1024;

export function s3ClientFromEnv(): { client: S3Client; endpoint: string | undefined } {
  // the installed SDK supports this project's Node (20-22); its notice about future releases is noise here
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const endpoint = process.env.AWS_ENDPOINT_URL_S3 || process.env.AWS_ENDPOINT_URL || undefined;
  const pathStyle = process.env.DML_LENS_S3_PATH_STYLE ? process.env.DML_LENS_S3_PATH_STYLE !== '0' : Boolean(endpoint);
  const region = process.env.AWS_REGION || process.env.AWS_DEFAULT_REGION || 'us-east-1';
  return { client: new S3Client({ region, endpoint, forcePathStyle: pathStyle }), endpoint };
}

export class S3ArtifactStore implements ArtifactStore {
  readonly localRoot = undefined;
  readonly location: string;
  private readonly client: S3Client;
  private readonly endpoint: string | undefined;

  constructor(
    readonly bucket: string,
    readonly prefix: string,
    made = s3ClientFromEnv(),
  ) {
    this.client = made.client;
    this.endpoint = made.endpoint;
    this.location = `s3://${bucket}${prefix ? `/${prefix}` : ''}`;
  }

  private objectKey(key: string): string {
    return this.prefix ? `${this.prefix}/${checkKey(key)}` : checkKey(key);
  }

  /** One line for an S3 failure: missing bucket, refused credentials, unreachable endpoint. */
  explain(err: unknown, what: string): Error {
    const e = err as { name?: string; code?: string; message?: string; $metadata?: { httpStatusCode?: number } };
    const where = `${this.location}${this.endpoint ? ` at ${this.endpoint}` : ''}`;
    const status = e.$metadata?.httpStatusCode;
    if (e.name === 'NoSuchBucket' || (e.name === 'NotFound' && what === 'bucket')) {
      return new UserError(`S3 bucket "${this.bucket}" does not exist (${where}): create it or fix DML_LENS_ARTIFACTS`);
    }
    if (e.name === 'CredentialsProviderError')
      return new UserError(`no S3 credentials for ${where}: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or AWS_PROFILE)`);
    if (status === 403 || e.name === 'AccessDenied' || e.name === 'InvalidAccessKeyId' || e.name === 'SignatureDoesNotMatch') {
      return new UserError(`S3 refused access to ${where} (${e.name}): check the AWS credentials and the bucket's policy`);
    }
    if (e.code === 'ECONNREFUSED' || e.code === 'ENOTFOUND' || e.name === 'TimeoutError') {
      return new UserError(`cannot reach S3 ${where} (${e.code ?? e.name}): check AWS_ENDPOINT_URL and the network`);
    }
    return err instanceof Error ? err : new Error(String(err));
  }

  async putFile(key: string, file: string, opts: { move?: boolean } = {}): Promise<void> {
    try {
      const upload = new Upload({
        client: this.client,
        partSize: PART_SIZE,
        queueSize: 2,
        params: { Bucket: this.bucket, Key: this.objectKey(key), Body: fs.createReadStream(file) },
      });
      await upload.done(); // S3 makes an object visible only when it is complete
    } catch (err) {
      throw this.explain(err, 'object');
    }
    if (opts.move) fs.rmSync(file, { force: true });
  }

  async getToFile(key: string, file: string): Promise<boolean> {
    let body: Readable;
    try {
      const res = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: this.objectKey(key) }));
      body = res.Body as Readable;
    } catch (err) {
      if ((err as { name?: string }).name === 'NoSuchKey') return false;
      throw this.explain(err, 'object');
    }
    await streamToFileAtomic(body, file);
    return true;
  }

  async exists(key: string): Promise<boolean> {
    try {
      await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: this.objectKey(key) }));
      return true;
    } catch (err) {
      const e = err as { name?: string; $metadata?: { httpStatusCode?: number } };
      if (e.name === 'NotFound' || e.name === 'NoSuchKey' || e.$metadata?.httpStatusCode === 404) return false;
      throw this.explain(err, 'object');
    }
  }

  async list(prefix: string): Promise<string[]> {
    const full = this.objectKey(prefix.replace(/\/+$/, '')) + '/';
    const strip = this.prefix ? this.prefix.length + 1 : 0;
    const out: string[] = [];
    let token: string | undefined;
    try {
      do {
        const res = await this.client.send(new ListObjectsV2Command({ Bucket: this.bucket, Prefix: full, ContinuationToken: token }));
        for (const o of res.Contents ?? []) if (o.Key) out.push(o.Key.slice(strip));
        token = res.IsTruncated ? res.NextContinuationToken : undefined;
      } while (token);
    } catch (err) {
      throw this.explain(err, 'bucket');
    }
    return out.sort();
  }

  async removePrefix(prefix: string): Promise<void> {
    const keys = await this.list(prefix);
    for (let i = 0; i < keys.length; i += 1000) {
      const chunk = keys.slice(i, i + 1000).map((k) => ({ Key: this.objectKey(k) }));
      try {
        await this.client.send(new DeleteObjectsCommand({ Bucket: this.bucket, Delete: { Objects: chunk, Quiet: true } }));
      } catch (err) {
        throw this.explain(err, 'object');
      }
    }
  }

  async check(): Promise<void> {
    try {
      await this.client.send(new HeadBucketCommand({ Bucket: this.bucket }));
    } catch (err) {
      throw this.explain(err, 'bucket');
    }
  }
}
