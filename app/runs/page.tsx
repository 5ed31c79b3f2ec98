import Link from 'next/link';
import { getDb } from '../../lib/db/client';
import { listRuns } from '../../lib/store/views/runs-list';
import { parseRunsQuery, runsQueryString } from '../../lib/store/views/runs-query';
import { formatDuration, formatInt, formatMeanStd, formatPct } from '../_components/format';
import { StatusBadge } from '../_components/status-badge';
import { TableExport } from '../_components/table-export';
import { experimentsTable, runsTable } from '../../lib/export/figures/runs-tables';
import { RunsFilterForm } from './filter-form';
import { SortHeader } from './sort-header';

export const metadata = { title: 'Runs' };

export default async function RunsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const q = parseRunsQuery(await searchParams);
  const v = await listRuns(getDb(), q);
  const compareLink = v.experiments.length ? `/compare?experiments=${v.experiments.map((e) => e.id).join(',')}` : undefined;
  return (
    <>
      <h1>Runs</h1>
      <p className="subtitle">
        {formatInt(v.total)} {q.view} match{q.experiment !== undefined ? ` in experiment ${q.experiment}` : ''}
        {q.sweep !== undefined ? ` in sweep ${q.sweep}` : ''}. Filtering, sorting and paging run on the server.
      </p>
      <RunsFilterForm q={q} options={v.options} />
      {q.view === 'experiments' ? (
        <table data-testid="experiments-table">
          <thead>
            <tr>
              <SortHeader q={q} k="id" label="ID" num />
              <th>Experiment</th>
              <SortHeader q={q} k="dataset" label="Dataset" />
              <SortHeader q={q} k="model" label="Model" />
              <SortHeader q={q} k="loss" label="Loss" />
              <SortHeader q={q} k="beta" label="β" num />
              <SortHeader q={q} k="sampleSize" label="Sample size" num />
              <th className="num">Runs</th>
              <th className="num">Accuracy % (mean ± std)</th>
              <th className="num">Macro F1 %</th>
              <SortHeader q={q} k="status" label="Status" />
            </tr>
          </thead>
          <tbody>
            {v.experiments.map((e) => (
              <tr key={e.id}>
                <td className="num">{e.id}</td>
                <td>
                  <Link href={`/runs?experiment=${e.id}`}>{e.name}</Link>
                </td>
                <td>{e.dataset}</td>
                <td>{e.model ?? '–'}</td>
                <td>{e.loss}</td>
                <td className="num">{e.beta}</td>
                <td className="num">{e.sampleSize ?? 'full'}</td>
                <td className="num">{e.runs}</td>
                <td className="num">{formatMeanStd(e.accuracy)}</td>
                <td className="num">{formatMeanStd(e.macroF1)}</td>
                <td>
                  <StatusBadge status={e.status} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <table data-testid="runs-table">
          <thead>
            <tr>
              <SortHeader q={q} k="id" label="Run" num />
              <th>Experiment</th>
              <SortHeader q={q} k="dataset" label="Dataset" />
              <SortHeader q={q} k="model" label="Model" />
              <SortHeader q={q} k="loss" label="Loss" />
              <SortHeader q={q} k="beta" label="β" num />
              <SortHeader q={q} k="sampleSize" label="Sample size" num />
              <SortHeader q={q} k="fold" label="Fold" num />
              <th className="num">Seed</th>
              <th className="num">Accuracy %</th>
              <th className="num">Macro F1 %</th>
              <SortHeader q={q} k="durationMs" label="Duration" num />
              <SortHeader q={q} k="status" label="Status" />
            </tr>
          </thead>
          <tbody>
            {v.runs.map((r) => (
              <tr key={r.id}>
                <td className="num">
                  <Link href={`/runs/${r.id}`}>{r.id}</Link>
                </td>
                <td>{r.experimentId ? <Link href={`/runs?experiment=${r.experimentId}`}>{r.experimentName}</Link> : '–'}</td>
                <td>{r.dataset}</td>
                <td>{r.model ?? '–'}</td>
                <td>{r.loss}</td>
                <td className="num">{r.beta}</td>
                <td className="num">{r.sampleSize ?? 'full'}</td>
                <td className="num">{r.fold}</td>
                <td className="num">{r.seed}</td>
                <td className="num">{formatPct(r.accuracy)}</td>
                <td className="num">{formatPct(r.macroF1)}</td>
                <td className="num" style={{ whiteSpace: 'nowrap' }} data-col="duration">
                  {formatDuration(r.durationMs)}
                </td>
                <td>
                  <StatusBadge status={r.status} />
                  {r.progress?.step !== undefined && r.progress.totalSteps ? (
                    <span className="small muted">
                      {' '}
                      {r.progress.step}/{r.progress.totalSteps}
                    </span>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {v.total === 0 ? <p className="muted">Nothing matches these filters.</p> : null}
      <div className="pager">
        {q.page > 1 ? <Link href={`/runs${runsQueryString(q, { page: q.page - 1 })}`}>← previous</Link> : <span>← previous</span>}
        <span>
          page {v.page} of {v.pages}
        </span>
        {q.page < v.pages ? <Link href={`/runs${runsQueryString(q, { page: q.page + 1 })}`}>next →</Link> : <span>next →</span>}
        <span style={{ marginLeft: 'auto' }} />
        {compareLink ? <Link href={compareLink}>Compare these experiments →</Link> : null}
        <span className="small">this page:</span>
        <TableExport table={q.view === 'experiments' ? experimentsTable(v.experiments) : runsTable(v.runs)} />
      </div>
    </>
  );
}
