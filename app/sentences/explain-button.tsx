'use client';
import { useActionState } from 'react';
import { methodLabel } from '../../lib/explain/method-list';
import { explainAction } from './actions';

/** Queues an explain job for sentences on this page that have no attribution of `method` yet. */
export function ExplainButton({ runId, method, exampleIds }: { runId: number; method: string; exampleIds: number[] }) {
  const [state, action, pending] = useActionState(explainAction, null);
  return (
    <form action={action} style={{ display: 'inline-flex', gap: 6, alignItems: 'center', marginRight: 12 }}>
      <input type="hidden" name="runId" value={runId} />
      <input type="hidden" name="method" value={method} />
      <input type="hidden" name="exampleIds" value={exampleIds.join(',')} />
      <button type="submit" className="secondary" disabled={pending}>
        Compute {methodLabel(method)} for {exampleIds.length} sentence{exampleIds.length === 1 ? '' : 's'} (run {runId})
      </button>
      {state ? (
        <span className="small muted" role="status">
          {state.message}
        </span>
      ) : null}
    </form>
  );
}
