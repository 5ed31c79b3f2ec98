// One file from a Hugging Face hub (or mirror) resolve URL to disk: streamed to a .part file with
// progress, its size checked against Content-Length and, where the hub gives a sha256 ETag (LFS
// files: X-Linked-Etag on the resolve answer), its sha256, then renamed into place. Redirects are
// followed by hand so that the hub's own headers (X-Repo-Commit: the commit the revision resolved
// to) are read before the CDN answers, and the token never goes to another origin. File names are
// URL-encoded. Network failures become HubUnreachableError; HTTP statuses are reported as such.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { UserError } from '../errors';
import { checkHeaderLength, validateHeader } from './safetensors-header';

export interface DownloadProgress {
  file: string;
  received: number;
  total: number | undefined;
}

export interface HubRequest {
  endpoint: string;
  id: string;
  revision: string;
  token?: string;
  /** Abort when no response (headers) arrives within this time. */
  timeoutMs: number;
}

/** The hub cannot be reached at all (DNS, refused, timeout, no route). */
export class HubUnreachableError extends UserError {
  constructor(
    readonly endpoint: string,
    readonly reason: string,
    guidance: string,
  ) {
    super(`the Hugging Face hub at ${endpoint} is unreachable (${reason}).\n${guidance}`);
    this.name = 'HubUnreachableError';
  }
}

const NETWORK_CODES = new Set([
  'ENOTFOUND',
  'EAI_AGAIN',
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_SOCKET',
  'CERT_HAS_EXPIRED',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
]);

/** The network reason behind a fetch failure, or undefined when it was something else. */
export function networkFailureReason(err: unknown): string | undefined {
  const e = err as { name?: string; message?: string; cause?: { code?: string; message?: string; errors?: { code?: string }[] } };
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError') return 'no answer before the timeout';
  const code = e?.cause?.code ?? e?.cause?.errors?.find((x) => x.code)?.code;
  if (code && NETWORK_CODES.has(code)) return `${code}${e.cause?.message ? `: ${e.cause.message}` : ''}`;
  if (e?.name === 'TypeError' && e.message === 'fetch failed') return e.cause?.message ?? 'fetch failed';
  return undefined;
}

export function resolveUrl(req: HubRequest, file: string): string {
  const id = req.id.split('/').map(encodeURIComponent).join('/');
  return `${req.endpoint.replace(/\/+$/, '')}/${id}/resolve/${encodeURIComponent(req.revision)}/${encodeURIComponent(file)}`;
}

/** What the hub said about a file besides its bytes. */
export interface HubFileInfo {
  /** The commit the revision resolved to (X-Repo-Commit), when the hub says. */
  commit?: string;
  /** The file's sha256 (hex) when the hub's ETag is one (LFS files), else undefined. */
  sha256?: string;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const MAX_REDIRECTS = 5;

/** A sha256 hex digest from an ETag header value (`"<64 hex>"`, possibly weak), else undefined. */
export function sha256FromEtag(etag: string | null | undefined): string | undefined {
  const m = /^(?:W\/)?"?([0-9a-fA-F]{64})"?$/.exec(etag?.trim() ?? '');
  return m ? m[1].toLowerCase() : undefined;
}

/** GET (or HEAD) a file; undefined on 404. Throws on other statuses. `info` gets the hub's commit and sha256. */
export async function hubFetch(
  req: HubRequest,
  file: string,
  method: 'GET' | 'HEAD',
  onUnreachable: (reason: string) => never,
  info: HubFileInfo = {},
): Promise<Response | undefined> {
  const url = resolveUrl(req, file);
  let res: Response;
  try {
    let current = new URL(url);
    let token = req.token;
    for (let hop = 0; ; hop++) {
      res = await fetch(current, {
        method,
        headers: token ? { authorization: `Bearer ${token}` } : {},
        signal: AbortSignal.timeout(req.timeoutMs),
        redirect: 'manual',
      });
      if (hop === 0) {
        info.commit = res.headers.get('x-repo-commit') ?? undefined;
        info.sha256 = sha256FromEtag(res.headers.get('x-linked-etag') ?? res.headers.get('etag'));
      }
      const location = res.headers.get('location');
      if (!REDIRECTS.has(res.status) || !location) break;
      await res.body?.cancel();
      if (hop >= MAX_REDIRECTS) throw new UserError(`${url}: more than ${MAX_REDIRECTS} redirects; check HF_ENDPOINT`);
      const next = new URL(location, current);
      if (next.protocol !== 'https:' && next.protocol !== 'http:')
        throw new UserError(`${url}: redirected to a ${next.protocol} URL; refusing to follow it`);
      if (next.origin !== current.origin) token = undefined; // the token is for the hub only
      current = next;
    }
  } catch (err) {
    const reason = networkFailureReason(err);
    if (reason) onUnreachable(reason);
    throw err;
  }
  if (res.status === 404) {
    await res.body?.cancel();
    return undefined;
  }
  if (res.status === 401 || res.status === 403) {
    await res.body?.cancel();
    throw new UserError(
      `${url}: HTTP ${res.status}. The model is gated or private: accept its terms on the hub and set HF_TOKEN to an access token, or copy the files into a local folder`,
    );
  }
  if (!res.ok) {
    await res.body?.cancel();
    throw new UserError(`${url}: HTTP ${res.status} ${res.statusText}; try again later, or use a local folder`);
  }
  return res;
}

/**
 * Streams `res` into `dest` (via dest.part); checks the byte count against Content-Length and the
 * bytes against `expectSha256` when given. A mismatch deletes the partial file.
 */
export async function saveResponse(
  res: Response,
  dest: string,
  file: string,
  onProgress?: (p: DownloadProgress) => void,
  expectSha256?: string,
): Promise<number> {
  const header = res.headers.get('content-length');
  const total = header !== null && /^\d+$/.test(header) ? Number(header) : undefined;
  fs.mkdirSync(path.dirname(dest), { recursive: true });
  const part = `${dest}.part`;
  const out = fs.openSync(part, 'w');
  let received = 0;
  const hash = crypto.createHash('sha256');
  try {
    if (res.body) {
      const reader = res.body.getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        fs.writeSync(out, value);
        hash.update(value);
        received += value.byteLength;
        onProgress?.({ file, received, total });
      }
    }
  } finally {
    fs.closeSync(out);
  }
  if (total !== undefined && received !== total) {
    fs.rmSync(part, { force: true });
    throw new UserError(`download of ${file} was cut short (${received} of ${total} bytes); run the pull again`);
  }
  const got = hash.digest('hex');
  if (expectSha256 && got !== expectSha256) {
    fs.rmSync(part, { force: true });
    throw new UserError(`download of ${file} is corrupt: its sha256 is ${got}, the hub's ETag says ${expectSha256}; run the pull again`);
  }
  fs.renameSync(part, dest);
  onProgress?.({ file, received, total: total ?? received });
  return received;
}

/** Checks that a safetensors file is complete and its header valid: the data ends at the file end. */
export function checkSafetensorsFile(file: string): void {
  const size = fs.statSync(file).size;
  const fd = fs.openSync(file, 'r');
  try {
    const head = Buffer.alloc(8);
    const bad = (why: string) => new UserError(`${file} is not a complete safetensors file (${why}); delete it and pull again`);
    if (size < 8 || fs.readSync(fd, head, 0, 8, 0) !== 8) throw bad('too short');
    const n = checkHeaderLength(head.readBigUInt64LE(0), size, file);
    const json = Buffer.alloc(n);
    fs.readSync(fd, json, 0, n, 8);
    const { entries } = validateHeader(json.toString('utf8'), size - 8 - n, file);
    const end = Math.max(0, ...entries.map((e) => e.end));
    if (8 + n + end !== size) throw bad(`data should end at byte ${8 + n + end}, file has ${size}`);
  } finally {
    fs.closeSync(fd);
  }
}
