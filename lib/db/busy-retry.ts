// Retries a small write (heartbeat, progress) when SQLite stays locked past its busy timeout:
// backoff doubling from 200 ms up to `totalMs`, then the last error. Other errors pass at once.
const BUSY = /SQLITE_BUSY|database is locked|SocketTimeout|Timed out/i;

export function isBusyError(err: unknown): boolean {
  const e = err as { message?: string; code?: string; cause?: { code?: string } };
  return BUSY.test(`${e?.code ?? ''} ${e?.cause?.code ?? ''} ${e?.message ?? String(err)}`);
}

export async function withBusyRetry<T>(fn: () => Promise<T>, totalMs = 60_000): Promise<T> {
  const t0 = Date.now();
  for (let wait = 200; ; wait = Math.min(wait * 2, 5000)) {
    try {
      return await fn();
    } catch (err) {
      if (!isBusyError(err) || Date.now() - t0 + wait > totalMs) throw err;
      await new Promise((r) => setTimeout(r, wait));
    }
  }
}
