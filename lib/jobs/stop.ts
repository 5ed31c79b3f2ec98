// Job vocabulary shared by the worker, its job process and the handlers: why a job must stop.
// (tfjs-free: the worker process loads this, never the training code.)

export type StopReason = 'cancelled' | 'lease-lost' | 'shutdown';

/** Thrown by a job's tick to stop it: cancelled by the user, lease lost, or worker shutting down. */
export class RunStopped extends Error {
  constructor(
    readonly reason: StopReason,
    message: string,
  ) {
    super(message);
    this.name = 'RunStopped';
  }
}

/** The stop reason of an error thrown by a tick (RunStopped, or a refused fenced write), if any. */
export function stopReasonOf(err: unknown): StopReason | undefined {
  const e = err as { name?: string; reason?: StopReason };
  if (e?.name === 'RunStopped') return e.reason;
  if (e?.name === 'FenceLost') return 'lease-lost';
  return undefined;
}
