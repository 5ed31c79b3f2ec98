import Link from 'next/link';
import { getDb } from '../../lib/db/client';
import { compareTable, datasetBarsFigure, hasSampleSizeCurve, sampleSizeFigure } from '../../lib/export/figures/compare-figures';
import { recentSweeps } from '../../lib/store/sweep-rows';
import { getCompare, sampleSizeLabel } from '../../lib/store/views/compare';
import { METRIC_KEYS, METRIC_LABELS, type MetricKey } from '../../lib/store/views/run-metrics';
import { FigureCard } from '../_components/charts/figure-card';
import { SpecTable } from '../_components/spec-table';

export const metadata = { title: 'Compare' };

type SP = Record<string, string | string[] | undefined>;
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

export default async function ComparePage({ searchParams }: { searchParams: Promise<SP> }) {
  const sp = await searchParams;
  const db = getDb();
  const sweeps = await recentSweeps(db, 50);
  const experimentIds = one(sp.experiments)?.split(',').map(Number).filter(Number.isInteger);
  const sweepParam = Number(one(sp.sweep));
  const sweepId = Number.isInteger(sweepParam) ? sweepParam : experimentIds?.length ? undefined : sweeps[0]?.id;
  const metric = (METRIC_KEYS as readonly string[]).includes(one(sp.metric) ?? '') ? (one(sp.metric) as MetricKey) : 'accuracy';
  const sizeParam = one(sp.sampleSize);
  const test = one(sp.test) === 'wilcoxon' ? 'wilcoxon' : 't';
  if (sweepId === undefined && !experimentIds?.length) {
    return (
      <>
        <h1>Compare</h1>
        <p className="card">
          Nothing to compare yet: run a sweep (<code>dml-lens sweep</code>) or pick experiments on the{' '}
          <Link href="/runs?view=experiments">Runs</Link> page.
        </p>
      </>
    );
  }
  const v = await getCompare(
    db,
    { sweepId, experimentIds },
    { metric, sampleSize: sizeParam !== undefined ? Number(sizeParam) : undefined, test },
  );
  const table = compareTable(v);
  return (
    <>
      <h1>Compare</h1>
      <p className="subtitle">
        {v.scope.sweep ? (
          <>
            Sweep <strong>{v.scope.sweep.name}</strong>
          </>
        ) : (
          <>{v.scope.experimentIds.length} selected experiments</>
        )}{' '}
        · {v.runsUsed} finished runs · mean ± population std over folds · differences vs {v.baseline ?? '(no CE baseline in scope)'} with a{' '}
        {test === 'wilcoxon' ? 'Wilcoxon signed-rank' : 'paired t'} test over matching folds.
      </p>
      <form method="get" className="filters" aria-label="Comparison settings">
        {experimentIds?.length ? (
          <input type="hidden" name="experiments" value={experimentIds.join(',')} />
        ) : (
          <label>
            Sweep
            <select name="sweep" defaultValue={String(sweepId)}>
              {sweeps.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.id}: {s.name}
                </option>
              ))}
            </select>
          </label>
        )}
        <label>
          Metric
          <select name="metric" defaultValue={metric}>
            {METRIC_KEYS.map((k) => (
              <option key={k} value={k}>
                {METRIC_LABELS[k]}
              </option>
            ))}
          </select>
        </label>
        <label>
          Sample size
          <select name="sampleSize" defaultValue={v.sampleSize !== undefined ? String(v.sampleSize) : ''}>
            {v.sampleSizes.map((s) => (
              <option key={s} value={s}>
                {sampleSizeLabel(s)}
              </option>
            ))}
          </select>
        </label>
        <label>
          Test
          <select name="test" defaultValue={test}>
            <option value="t">paired t-test</option>
            <option value="wilcoxon">Wilcoxon signed-rank</option>
          </select>
        </label>
        <button type="submit">Show</button>
      </form>
      {v.rows.length === 0 ? (
        <p className="card muted">No finished runs in this scope yet.</p>
      ) : (
        <>
          <SpecTable table={table} testId="results-table" />
          <div className="grid cols-2" style={{ marginTop: 16 }}>
            <FigureCard spec={datasetBarsFigure(v)} />
            {hasSampleSizeCurve(v) ? (
              v.curves.map((c) => <FigureCard key={c.row} spec={sampleSizeFigure(v, c.row)} />)
            ) : (
              <section className="figure-card" data-testid="one-sample-size">
                <header>
                  <h3>{METRIC_LABELS[metric]} vs sample size</h3>
                </header>
                <p className="muted">
                  Every run here used {sampleSizeLabel(v.sampleSizes[0])} training examples, so there is no curve to draw: the table above
                  has the numbers. Sweep two or more sizes (<code>--samples 10,20,50</code> in <code>dml-lens sweep</code>) to see how the
                  losses scale.
                </p>
              </section>
            )}
          </div>
          <details style={{ marginTop: 16 }}>
            <summary>Runs behind each cell</summary>
            <table>
              <thead>
                <tr>
                  <th>Dataset</th>
                  <th>Loss</th>
                  <th>Runs (fold: value)</th>
                </tr>
              </thead>
              <tbody>
                {v.rows.flatMap((r) =>
                  r.cells.map((c, i) =>
                    c ? (
                      <tr key={`${r.row}-${i}`}>
                        <td>{r.row}</td>
                        <td>{v.columns[i]}</td>
                        <td className="small">
                          {c.values.map((x) => (
                            <Link key={x.runId} href={`/runs/${x.runId}`} style={{ marginRight: 8 }}>
                              {x.fold}: {(x.value * 100).toFixed(1)}
                            </Link>
                          ))}
                        </td>
                      </tr>
                    ) : null,
                  ),
                )}
              </tbody>
            </table>
          </details>
        </>
      )}
    </>
  );
}
