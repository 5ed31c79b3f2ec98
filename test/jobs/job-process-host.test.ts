// The worker's job process host never hands a job to a process it has just SIGKILLed (it may not
// have exited yet): the next job would die with it and be recorded failed (found by
// scripts/check-scale-out.ts: a heartbeat that saw a finished job as lost killed its process).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { JobProcessHost } from '../../lib/jobs/job-runner';

test('a SIGKILLed job process is replaced at once, not reused', () => {
  const host = new JobProcessHost('file:/nonexistent/never-opened.db');
  try {
    const first = host.get();
    assert.equal(host.get(), first, 'a live job process is reused');
    first.kill('SIGKILL');
    const second = host.get(); // before `first` has exited
    assert.notEqual(second, first);
    assert.notEqual(second.pid, first.pid);
  } finally {
    host.close();
  }
});

test('the job process says what it computes with once its backend is up (the worker row shows it)', { timeout: 120_000 }, async () => {
  let told: (d: string) => void = () => {};
  const described = new Promise<string>((resolve) => (told = resolve));
  const host = new JobProcessHost('file:/nonexistent/never-opened.db', (d) => told(d));
  try {
    host.get();
    const description = await described;
    assert.match(description, /^(wasm \(\d+ threads?\)|cpu|tensorflow|webgl|node)/, description);
  } finally {
    host.close();
  }
});
