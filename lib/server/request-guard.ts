// What proxy.ts decides for each request, in web-standard terms only (no Node APIs, no database):
//  - body limits: a request that announces a body larger than MAX_BODY_BYTES (BODY_LIMITS for the
//    few routes that take more), or sends one without Content-Length, is refused (413 / 411)
//    before anything reads it;
//  - the token: when DML_LENS_TOKEN is set (always when the server is exposed beyond loopback),
//    every request needs it, as `Authorization: Bearer <token>` (scripts) or the httpOnly cookie
//    that opening any page once with `?token=<token>` sets (browsers).
// An exposed server without a token refuses everything (scripts/serve.ts refuses to start so).

export const TOKEN_COOKIE = 'dml_lens_token';
export const MAX_BODY_BYTES = 1_000_000;
/** Routes that take larger bodies: a figure export posts the figure's whole spec (its route allows 8 MiB). */
export const BODY_LIMITS: Record<string, number> = { '/api/export/figure': 8 * 1024 * 1024 };

export type GuardDecision =
  { kind: 'pass' } | { kind: 'login'; cookie: string; location: string } | { kind: 'refuse'; status: number; message: string };

/** Compares without stopping at the first difference (the length is not secret). */
export function sameToken(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

function cookieValue(header: string | null, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return decodeURIComponent(v.join('='));
  }
  return undefined;
}

export function guardRequest(
  req: { method: string; url: string; headers: Headers },
  env: { token?: string; exposed: boolean },
): GuardDecision {
  const hasBody = !['GET', 'HEAD', 'OPTIONS'].includes(req.method.toUpperCase());
  if (hasBody) {
    const length = req.headers.get('content-length');
    if (length === null && req.headers.get('transfer-encoding'))
      return { kind: 'refuse', status: 411, message: 'a request body needs a Content-Length header' };
    const limit = BODY_LIMITS[new URL(req.url).pathname] ?? MAX_BODY_BYTES;
    if (length !== null && (!/^\d+$/.test(length) || Number(length) > limit)) {
      return { kind: 'refuse', status: 413, message: `request body of ${length} bytes is over the ${limit}-byte limit` };
    }
  }
  const token = env.token;
  if (!token) {
    return env.exposed
      ? {
          kind: 'refuse',
          status: 503,
          message: 'this dashboard is exposed beyond loopback without DML_LENS_TOKEN; restart it with a token (see docs/serving.md)',
        }
      : { kind: 'pass' };
  }
  const bearer = /^Bearer\s+(.+)$/i.exec(req.headers.get('authorization') ?? '')?.[1]?.trim();
  if (bearer !== undefined)
    return sameToken(bearer, token)
      ? { kind: 'pass' }
      : { kind: 'refuse', status: 401, message: 'wrong token in the Authorization header' };
  const url = new URL(req.url);
  const fromQuery = url.searchParams.get('token');
  if (fromQuery !== null && req.method.toUpperCase() === 'GET') {
    if (!sameToken(fromQuery, token)) return { kind: 'refuse', status: 401, message: 'wrong token in ?token=' };
    url.searchParams.delete('token');
    const secure = url.protocol === 'https:' ? '; Secure' : '';
    return {
      kind: 'login',
      cookie: `${TOKEN_COOKIE}=${encodeURIComponent(token)}; Path=/; HttpOnly; SameSite=Strict${secure}`,
      location: url.pathname + url.search,
    };
  }
  const cookie = cookieValue(req.headers.get('cookie'), TOKEN_COOKIE);
  if (cookie !== undefined && sameToken(cookie, token)) return { kind: 'pass' };
  return {
    kind: 'refuse',
    status: 401,
    message:
      'this dashboard needs its token: open any page once with ?token=<DML_LENS_TOKEN> (a browser keeps it in a cookie), or send "Authorization: Bearer <DML_LENS_TOKEN>"',
  };
}
