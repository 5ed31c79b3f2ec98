// Next.js proxy (formerly middleware): runs before every page, route handler and server action.
// Body limits and the dashboard token (lib/server/request-guard.ts; docs/serving.md).
import { NextResponse, type NextRequest } from 'next/server';
import { guardRequest } from './lib/server/request-guard';

export function proxy(request: NextRequest): NextResponse {
  const decision = guardRequest(request, {
    token: process.env.DML_LENS_TOKEN?.trim() || undefined,
    exposed: process.env.DML_LENS_EXPOSED === '1',
  });
  if (decision.kind === 'pass') return NextResponse.next();
  if (decision.kind === 'login') {
    const target = request.nextUrl.clone();
    target.searchParams.delete('token');
    const res = NextResponse.redirect(target, 303);
    res.headers.append('set-cookie', decision.cookie);
    return res;
  }
  return new NextResponse(`${decision.status}: ${decision.message}\n`, {
    status: decision.status,
    headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' },
  });
}

export const config = {
  // everything but the app's static build files (public code, no data)
  matcher: ['/((?!_next/static/).*)'],
};
