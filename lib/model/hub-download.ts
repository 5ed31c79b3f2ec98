// One file from a Hugging Face hub (or mirror) resolve URL to disk: streamed to a .part file with
// progress, its size checked against Content-Length, then renamed into place. Network failures
// become HubUnreachableError; HTTP statuses are reported as such.
import fs from 'node:fs';
import path from 'node:path';
import { UserError } from '../errors';

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
  constructor(readonly endpoint: string, readonly reason: string, guidance: string) {
    super(`the Hugging Face hub at ${endpoint} is unreachable (${reason}).\n${guidance}`);
    this.name = 'HubUnreachableError';
  }
}

const NETWORK_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENETUNREACH', 'EHOSTUNREACH', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_SOCKET', 'CERT_HAS_EXPIRED', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE']);

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
  return `${req.endpoint.replace(/\/+$/, '')}/${req.id}/resolve/${encodeURIComponent(req.revision)}/${file}`;
}

/** GET (or HEAD) a file; undefined on 404. Throws on other statuses. */
export async function hubFetch(req: HubRequest, file: string, method: 'GET' | 'HEAD', onUnreachable: (reason: string) => never): Promise<Response | undefined> {
  const url = resolveUrl(req, file);
  let res: Response;
  try {
    res = await fetch(url, { method, headers: req.token ? { authorization: `Bearer ${req.token}` } : {}, signal: AbortSignal.timeout(req.timeoutMs), redirect: 'follow' });
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
    throw new UserError(`${url}: HTTP ${res.status}. The model is gated or private: accept its terms on the hub and set HF_TOKEN to an access token, or copy the files into a local folder`);
  }
  if (!res.ok) {
    await res.body?.cancel();
    throw new UserError(`${url}: HTTP ${res.status} ${res.statusText}; try again later, or use a local folder`);
  }
  return res;
}

/** Streams `res` into `dest` (via dest.part); checks the byte count against Content-Length. */
export async function saveResponse(res: Response, dest: string, file: string, onProgress?: (p: DownloadProgress) => void): Promise<number> {
  const header = res.headers.get('content-length');
  const total = header !== null && /^\d+$/.test(header) ? Number(header) : undefined;
  fs.mkdirSync(path.dirname(dest), { recursive: true });
  const part = `${dest}.part`;
  const out = fs.openSync(part, 'w');
  let received = 0;
  try {
    if (res.body) {
      const reader = res.body.getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        fs.writeSync(out, value);
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
  fs.renameSync(part, dest);
  onProgress?.({ file, received, total: total ?? received });
  return received;
}

/** Checks that a safetensors file is complete: header parses and the data ends at the file end. */
export function checkSafetensorsFile(file: string): void {
  const size = fs.statSync(file).size;
  const fd = fs.openSync(file, 'r');
  try {
    const head = Buffer.alloc(8);
    const bad = (why: string) => new UserError(`${file} is not a complete safetensors file (${why}); delete it and pull again`);
    if (size < 8 || fs.readSync(fd, head, 0, 8, 0) !== 8) throw bad('too short');
    const n = Number(head.readBigUInt64LE(0));
    if (n <= 0 || 8 + n > size) throw bad('bad header length');
    const json = Buffer.alloc(n);
    fs.readSync(fd, json, 0, n, 8);
    let header: Record<string, { data_offsets?: [number, number] }>;
    try {
      header = JSON.parse(json.toString('utf8'));
    } catch {
      throw bad('header is not JSON');
    }
    const end = Math.max(0, ...Object.entries(header).filter(([k]) => k !== '__metadata__').map(([, v]) => v.data_offsets?.[1] ?? 0));
    if (8 + n + end !== size) throw bad(`data should end at byte ${8 + n + end}, file has ${size}`);
  } finally {
    fs.closeSync(fd);
  }
}
