import Link from 'next/link';
import { getDb } from '../lib/db/client';
import { getOverview } from '../lib/store/views/overview';
import { formatDate, formatInt, formatMeanStd } from './_components/format';
import { StatusBadge } from './_components/status-badge';
import { WorkersPanel } from './_components/workers-panel';

export default async function OverviewPage() {
  const o = await getOverview(getDb());
  const stats = [
    ['Datasets', o.counts.datasets],
    ['Models', o.counts.models],
    ['Sweeps', o.counts.sweeps],
    ['Experiments', o.counts.experiments],
    ['Runs', o.counts.runs],
    ['Predictions', o.counts.predictions],
  ] as const;
  return (
    <>
      <h1>Overview</h1>
      <p className="subtitle">Data sets, models, recent experiments and sweeps, and what the workers are doing.</p>
      <div className="cards">
        {stats.map(([label, value]) => (
          <div key={label} className="card stat" data-stat={label}>
            <div className="value">{formatInt(value)}</div>
            <div className="label">{label}</div>
          </div>
        ))}
      </div>
      {o.counts.runs === 0 ? (
        <div className="card" style={{ marginBottom: 16 }}>
          <strong>No runs yet.</strong> Import a data set (<code>dml-lens data import</code>), then start a run from{' '}
          <Link href="/runs/new">New run</Link> or <code>dml-lens train</code>
          {o.liveWorkers === 0 ? (
            <>
              , and keep a <code>dml-lens worker</code> running
            </>
          ) : null}
          .
        </div>
      ) : null}
      <div className="grid cols-2">
        <section className="card">
          <h2>Recent experiments</h2>
          <table>
            <thead>
              <tr>
                <th>Experiment</th>
                <th>Dataset</th>
                <th>Loss</th>
                <th className="num">n</th>
                <th className="num">Runs</th>
                <th className="num">Accuracy %</th>
                <th>Status</th>
              </tr>
            </thead>
            <tbody>
              {o.experiments.map((e) => (
                <tr key={e.id}>
                  <td>
                    <Link href={`/runs?experiment=${e.id}`}>{e.name}</Link>
                  </td>
                  <td>{e.dataset}</td>
                  <td>
                    {e.loss}
                    {e.loss !== 'ce' ? ` β=${e.beta}` : ''}
                  </td>
                  <td className="num">{e.sampleSize ?? 'full'}</td>
                  <td className="num">{e.runs}</td>
                  <td className="num">{formatMeanStd(e.accuracy)}</td>
                  <td>
                    <StatusBadge status={e.status} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
        <section className="card">
          <h2>Sweeps</h2>
          {o.sweeps.length === 0 ? (
            <p className="muted">No sweeps yet.</p>
          ) : (
            <table>
              <thead>
                <tr>
                  <th>Sweep</th>
                  <th className="num">Experiments</th>
                  <th>Created</th>
                  <th>Status</th>
                  <th></th>
                </tr>
              </thead>
              <tbody>
                {o.sweeps.map((s) => (
                  <tr key={s.id}>
                    <td>{s.name}</td>
                    <td className="num">{s.experiments}</td>
                    <td>{formatDate(s.createdAt)}</td>
                    <td>
                      <StatusBadge status={s.status} />
                    </td>
                    <td>
                      <Link href={`/compare?sweep=${s.id}`}>compare</Link>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
        <section className="card">
          <h2>Queue and workers</h2>
          <p>
            {(['queued', 'running', 'done', 'failed', 'cancelled'] as const).map((k) => (
              <span key={k} style={{ marginRight: 14 }} data-queue={k}>
                <StatusBadge status={k} /> {o.queue[k]}
              </span>
            ))}
          </p>
          <WorkersPanel workers={o.workers} pools={o.pools} liveWorkers={o.liveWorkers} unserved={o.unservedTags} />
          <h2 style={{ marginTop: 12 }}>Recent jobs</h2>
          <table>
            <thead>
              <tr>
                <th>Job</th>
                <th>Kind</th>
                <th>Run</th>
                <th>Status</th>
                <th>Error</th>
              </tr>
            </thead>
            <tbody>
              {o.recentJobs.map((j) => (
                <tr key={j.id}>
                  <td>{j.id}</td>
                  <td>{j.kind}</td>
                  <td>{j.runId ? <Link href={`/runs/${j.runId}`}>{j.runId}</Link> : '–'}</td>
                  <td>
                    <StatusBadge status={j.status} />
                  </td>
                  <td className="small warn">{j.error ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
        <section className="card">
          <h2>Datasets</h2>
          <table>
            <thead>
              <tr>
                <th>Name</th>
                <th className="num">Classes</th>
                <th className="num">Examples</th>
                <th className="num">Runs</th>
                <th>Labels</th>
              </tr>
            </thead>
            <tbody>
              {o.datasets.map((d) => (
                <tr key={d.id}>
                  <td>
                    <Link href={`/runs?dataset=${encodeURIComponent(d.name)}`}>{d.name}</Link>
                  </td>
                  <td className="num">{d.numClasses}</td>
                  <td className="num">{formatInt(d.examples)}</td>
                  <td className="num">{formatInt(d.runs)}</td>
                  <td className="small muted">{d.labelNames.join(', ')}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <h2 style={{ marginTop: 12 }}>Models</h2>
          <table>
            <thead>
              <tr>
                <th>Name</th>
                <th>Arch</th>
                <th>Origin</th>
                <th className="num">Parameters</th>
                <th className="num">Runs</th>
              </tr>
            </thead>
            <tbody>
              {o.models.map((m) => (
                <tr key={m.id}>
                  <td>{m.name}</td>
                  <td>{m.arch}</td>
                  <td>{m.origin}</td>
                  <td className="num">{m.numParams ? formatInt(m.numParams) : '–'}</td>
                  <td className="num">{m.runs}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      </div>
    </>
  );
}
