'use client';
// Live status of a run over server-sent events (/api/runs/[id]/progress), with a cancel button.
import { useEffect, useState } from 'react';
import { useRouter } from 'next/navigation';
import type { RunProgressSnapshot } from '../../lib/store/views/run-progress';
import { cancelRunAction } from '../runs/actions/cancel';
import { StatusBadge } from './status-badge';

export function LiveProgress({
  runId,
  initial,
  refreshOnEnd = true,
}: {
  runId: number;
  initial?: RunProgressSnapshot;
  refreshOnEnd?: boolean;
}) {
  const [snap, setSnap] = useState<RunProgressSnapshot | undefined>(initial);
  const [cancel, setCancel] = useState<string | null>(null);
  const router = useRouter();
  useEffect(() => {
    const source = new EventSource(`/api/runs/${runId}/progress`);
    const onData = (e: MessageEvent<string>) => setSnap(JSON.parse(e.data) as RunProgressSnapshot);
    source.onmessage = onData;
    source.addEventListener('end', (e) => {
      onData(e as MessageEvent<string>);
      source.close();
      if (refreshOnEnd) router.refresh();
    });
    return () => source.close();
  }, [runId, refreshOnEnd, router]);
  const p = snap?.progress;
  const fraction = p?.step !== undefined && p.totalSteps ? Math.min(1, p.step / p.totalSteps) : undefined;
  const live = snap && !snap.finished;
  return (
    <div className="card live-progress" data-run={runId} data-status={snap?.status ?? 'unknown'} aria-live="polite">
      <div style={{ display: 'flex', gap: 10, alignItems: 'center', flexWrap: 'wrap' }}>
        <strong>Run {runId}</strong>
        <StatusBadge status={snap?.status ?? 'connecting'} />
        {p?.phase ? <span className="small muted">{p.phase}</span> : null}
        {fraction !== undefined ? (
          <span className="small">
            step {p!.step} / {p!.totalSteps}
          </span>
        ) : null}
        {p?.epoch !== undefined ? <span className="small muted">epoch {p.epoch}</span> : null}
        {p?.loss !== undefined ? <span className="small muted">loss {p.loss.toFixed(4)}</span> : null}
        {p?.etaMs !== undefined && live ? <span className="small muted">about {Math.ceil(p.etaMs / 1000)} s left</span> : null}
        {snap?.accuracy !== undefined ? <span className="small">accuracy {(snap.accuracy * 100).toFixed(1)}%</span> : null}
        {live ? (
          <button
            type="button"
            className="danger"
            disabled={cancel !== null || snap?.cancelRequested}
            onClick={() => {
              setCancel('…');
              void cancelRunAction(runId).then(setCancel);
            }}
          >
            {snap?.cancelRequested || cancel === 'cancel-requested' ? 'Stopping…' : 'Cancel'}
          </button>
        ) : null}
      </div>
      {fraction !== undefined ? (
        <div className="progress-bar" style={{ marginTop: 8 }}>
          <div style={{ width: `${(fraction * 100).toFixed(1)}%` }} />
        </div>
      ) : null}
      {snap?.error ? <p className="small warn">{snap.error}</p> : null}
    </div>
  );
}
