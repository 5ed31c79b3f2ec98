// The live progress stream (GET /api/runs/[id]/progress): server-sent events with the run's status
// and progress, ending with an `end` event once the run finishes.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { GET } from '../../app/api/runs/[id]/progress/route';
import { seededFixture } from './views-fixture';

test('progress events stream until the run is done, then the stream ends', async () => {
  const f = await seededFixture({ datasets: 1, losses: ['ce'], sampleSizes: [10], folds: 1, artifacts: false });
  const previous = process.env.DATABASE_URL;
  process.env.DATABASE_URL = f.url; // the route reads the configured database
  try {
    const runId = f.seed.extras!.runningRunId;
    const res = await GET(new Request(`http://x/api/runs/${runId}/progress`), { params: Promise.resolve({ id: String(runId) }) });
    assert.equal(res.headers.get('content-type'), 'text/event-stream; charset=utf-8');
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    const readUntil = async (pattern: RegExp) => {
      while (!pattern.test(text)) {
        const { value, done } = await reader.read();
        if (done) break;
        text += decoder.decode(value);
      }
    };
    await readUntil(/data: .*\n\n/);
    const first = JSON.parse(/data: (.*)\n/.exec(text)![1]) as {
      status: string;
      progress: { step: number; totalSteps: number };
      finished: boolean;
    };
    assert.deepEqual([first.status, first.progress.step, first.progress.totalSteps, first.finished], ['running', 37, 120, false]);
    await f.db.run.update({
      where: { id: runId },
      data: {
        status: 'done',
        metricsJson: JSON.stringify({ accuracy: 0.75 }),
        progressJson: JSON.stringify({ step: 120, totalSteps: 120 }),
      },
    });
    await readUntil(/event: end\ndata: .*\n\n/);
    const end = JSON.parse(/event: end\ndata: (.*)\n/.exec(text)![1]) as { status: string; accuracy: number; finished: boolean };
    assert.deepEqual([end.status, end.accuracy, end.finished], ['done', 0.75, true]);
    assert.equal((await reader.read()).done, true);
    const missing = await GET(new Request('http://x'), { params: Promise.resolve({ id: '999999' }) });
    assert.equal(missing.status, 404);
  } finally {
    if (previous === undefined) delete process.env.DATABASE_URL;
    else process.env.DATABASE_URL = previous;
    f.restoreHome();
    await f.cleanup();
  }
});
