// The overview's workers: the dashboard's worker pool (size, each slot's worker, restarts and the
// last crash), every known worker's state (stopped, idle, busy, lost), tags and current job, and
// the queued jobs whose required tags no live worker holds (with the command that starts one).
import type { PoolStatus } from '../../lib/store/pool-status';
import type { UnservedTags, WorkerView } from '../../lib/store/views/workers';
import { formatDate } from './format';

export function WorkersPanel({
  workers,
  pools,
  liveWorkers,
  unserved = [],
}: {
  workers: WorkerView[];
  pools: PoolStatus[];
  liveWorkers: number;
  unserved?: UnservedTags[];
}) {
  return (
    <div data-testid="workers">
      {pools.map((p) => (
        <div key={p.serverPid} className="small" data-testid="pool" data-size={p.size} style={{ marginBottom: 8 }}>
          <strong>Worker pool</strong> of the dashboard (server pid {p.serverPid}): {p.size} worker{p.size === 1 ? '' : 's'}
          {p.slots
            .filter((s) => s.restarts > 0)
            .map((s) => (
              <div key={s.slot} className="warn" data-testid="pool-crash">
                worker {s.slot} restarted {s.restarts}×
                {s.lastCrash
                  ? `; last crash ${formatDate(s.lastCrash.at)}: ${s.lastCrash.signal ? `killed by ${s.lastCrash.signal}` : `exit code ${s.lastCrash.code}`}`
                  : ''}
                {s.state === 'restarting' && s.nextStartAt ? ` (restarting at ${formatDate(s.nextStartAt)})` : ''}
              </div>
            ))}
        </div>
      ))}
      {liveWorkers === 0 ? (
        <p className="muted small" data-testid="worker-hint">
          No worker is running, so queued jobs wait. Start the dashboard with <code>npm start</code> (it starts a worker pool), or run{' '}
          <code>npx dml-lens worker</code>.
        </p>
      ) : null}
      {unserved.map((u) => (
        <p key={u.tags.join(',')} className="warn small" data-testid="unserved-tags" data-tags={u.tags.join(',')}>
          {u.jobs} queued job{u.jobs === 1 ? '' : 's'} need{u.jobs === 1 ? 's' : ''} a worker with {u.tags.length === 1 ? 'tag' : 'tags'}{' '}
          {u.tags.join(', ')}, and no live worker has {u.tags.length === 1 ? 'it' : 'them'}: start one with <code>npx {u.command}</code>.
        </p>
      ))}
      {workers.length ? (
        <table>
          <thead>
            <tr>
              <th>Worker</th>
              <th>Host</th>
              <th>Backend</th>
              <th>State</th>
              <th>Tags</th>
              <th>Job</th>
              <th>Heartbeat</th>
            </tr>
          </thead>
          <tbody>
            {workers.map((w) => (
              <tr key={w.id} data-worker={w.id} data-state={w.state}>
                <td className="mono">
                  {w.poolSlot !== undefined ? `pool ${w.poolSlot} · ` : ''}
                  {w.id}
                </td>
                <td>
                  {w.host} (pid {w.pid})
                </td>
                <td className="small" data-testid="worker-backend">
                  {w.backend || '–'}
                </td>
                <td>
                  <span
                    className={`badge ${w.state === 'busy' ? 'running' : w.state === 'idle' ? 'alive' : w.state === 'lost' ? 'lost' : 'stopped'}`}
                  >
                    {w.state}
                  </span>
                </td>
                <td className="mono" data-tags={w.tags.join(',')}>
                  {w.tags.length ? w.tags.join(', ') : '–'}
                </td>
                <td>{w.currentJobId ?? '–'}</td>
                <td>{formatDate(w.heartbeatAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {workers.some((w) => w.state === 'lost') ? (
        <p className="small muted">
          A lost worker stopped answering while holding a job; that job goes back to the queue when its lease ends.
        </p>
      ) : null}
    </div>
  );
}
