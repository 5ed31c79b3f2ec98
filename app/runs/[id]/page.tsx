import Link from 'next/link';
import { notFound } from 'next/navigation';
import { Suspense } from 'react';
import { getDb } from '../../../lib/db/client';
import {
  confidenceFigure,
  confusionFigure,
  learningRateFigure,
  lossCurvesFigure,
  reliabilityFigure,
} from '../../../lib/export/figures/run-figures';
import { getRunDetail } from '../../../lib/store/views/run-detail';
import { getRunProgress } from '../../../lib/store/views/run-progress';
import { queueWait } from '../../../lib/store/views/workers';
import { FigureCard } from '../../_components/charts/figure-card';
import { formatDate, formatDuration, formatPct } from '../../_components/format';
import { LiveProgress } from '../../_components/live-progress';
import { ChartSkeleton } from '../../_components/skeletons';
import { StatusBadge } from '../../_components/status-badge';
import { TableExport } from '../../_components/table-export';
import { perClassTable } from '../../../lib/export/figures/runs-tables';
import { DecileFigures } from './decile-figures';
import { whatIfView } from '../../../lib/store/views/what-if';
import { WhatIfBox } from './what-if-box';

type Params = { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export async function generateMetadata({ params }: Params) {
  return { title: `Run ${(await params).id}` };
}

export default async function RunDetailPage({ params, searchParams }: Params) {
  const id = Number((await params).id);
  if (!Number.isInteger(id)) notFound();
  const db = getDb();
  const d = await getRunDetail(db, id);
  if (!d) notFound();
  const sp = await searchParams;
  // overlay: ?o=12&o=13 (the form's checkboxes) or ?overlay=12,13; default: up to 3 comparable runs
  const picked = [sp.o ?? [], typeof sp.overlay === 'string' ? sp.overlay.split(',') : []].flat();
  const overlay =
    picked.length || sp.apply !== undefined
      ? [...new Set(picked.map(Number))].filter((n) => Number.isInteger(n) && n !== id)
      : d.comparable
          .filter((c) => c.status === 'done')
          .slice(0, 3)
          .map((c) => c.id);
  const live = d.run.status === 'queued' || d.run.status === 'running' ? await getRunProgress(db, id) : undefined;
  const wait = d.run.status === 'queued' || d.run.status === 'interrupted' ? await queueWait(db, id) : undefined;
  const m = d.metrics;
  const lr = learningRateFigure(d);
  const r = d.run;
  const whatIf = r.status === 'done' ? await whatIfView(db, id) : undefined;
  return (
    <>
      <h1>
        Run {r.id}: {r.loss}
        {r.loss !== 'ce' ? ` (β=${r.beta})` : ''} on {r.dataset.name}
      </h1>
      <p className="subtitle">
        <StatusBadge status={r.status} /> · model {r.model?.name ?? '–'} · sample size {r.sampleSize ?? 'full'} · fold {r.fold} · seed{' '}
        {r.seed}
        {r.experiment ? (
          <>
            {' '}
            · experiment <Link href={`/runs?experiment=${r.experiment.id}`}>{r.experiment.name}</Link>
          </>
        ) : null}{' '}
        · backend {r.backend ?? '–'} · {formatDuration(r.durationMs)} · finished {formatDate(r.finishedAt)}
      </p>
      {live ? <LiveProgress runId={id} initial={live} /> : null}
      {wait?.unattended ? (
        <div className="card warn" role="alert" data-testid="no-worker" style={{ marginBottom: 12 }}>
          Queued for {Math.round(wait.waitingMs / 60_000)} min and no worker is running, so nothing will train it. Start the dashboard with{' '}
          <code>npm start</code> (it starts a worker pool; <code>DML_LENS_WORKERS</code> sets its size), or run{' '}
          <code>npx dml-lens worker</code> on a machine that uses this database.
        </div>
      ) : null}
      {r.error ? (
        <div className="card warn" role="alert" style={{ marginBottom: 12 }}>
          Error: {r.error}
        </div>
      ) : null}
      <div className="cards">
        {(
          [
            ['Accuracy', m?.accuracy],
            ['Macro F1', m?.macroF1],
            ['Weighted F1', m?.weightedF1],
            ['ECE', m?.ece ?? d.reliability.ece],
            ['Proxy accuracy', m?.proxyAccuracy],
          ] as const
        ).map(([label, v]) => (
          <div key={label} className="card stat" data-metric={label}>
            <div className="value">
              {formatPct(v)}
              {v !== undefined ? '%' : ''}
            </div>
            <div className="label">{label}</div>
          </div>
        ))}
        <div className="card stat">
          <div className="value">{d.predictions}</div>
          <div className="label">Evaluated sentences</div>
        </div>
      </div>
      <p>
        <Link href={`/sentences?runA=${id}${overlay[0] ? `&runB=${overlay[0]}` : ''}${d.attributions ? '&filter=explained' : ''}`}>
          Sentences and attributions{d.attributions ? ` (${d.attributions} stored)` : ''} →
        </Link>
        {'  ·  '}
        <Link href={`/embeddings?runA=${id}${overlay[0] ? `&runB=${overlay[0]}` : ''}`}>Embedding map →</Link>
        {'  ·  '}
        <a href={`/api/runs/${id}/attributions`} download>
          Download all attributions (JSONL)
        </a>
      </p>
      {whatIf?.available ? <WhatIfBox runId={id} initialText={whatIf.sample} /> : null}
      {whatIf && !whatIf.available ? (
        <p className="card muted" data-testid="what-if-unavailable">
          What-if: this run kept no fine-tuned model. Train it again with &ldquo;Keep the fine-tuned model&rdquo; (<code>--save-model</code>
          ) to try your own sentences on it.
        </p>
      ) : null}
      <div className="grid cols-2">
        <FigureCard spec={lossCurvesFigure(d)} />
        {lr ? <FigureCard spec={lr} /> : null}
        <FigureCard spec={confusionFigure(d)} />
        <FigureCard spec={reliabilityFigure(d)} />
        <FigureCard spec={confidenceFigure(d)} />
      </div>
      <h2 style={{ marginTop: 20 }}>Accuracy by decile, runs overlaid</h2>
      <form method="get" className="filters" aria-label="Runs to overlay">
        <span className="small muted">Overlay runs evaluated on the same sentences:</span>
        {d.comparable.map((c) => (
          <label key={c.id} style={{ flexDirection: 'row', alignItems: 'center', gap: 4 }}>
            <input type="checkbox" name="o" value={c.id} defaultChecked={overlay.includes(c.id)} /> run {c.id} ({c.loss}
            {c.accuracy !== undefined ? `, ${formatPct(c.accuracy)}%` : ''})
          </label>
        ))}
        {d.comparable.length === 0 ? (
          <span className="small muted">none (no other run shares this data set, sample size, fold and seed)</span>
        ) : (
          <button type="submit" name="apply" value="1" className="secondary">
            Overlay
          </button>
        )}
      </form>
      <Suspense
        fallback={
          <div className="grid cols-2">
            <ChartSkeleton />
            <ChartSkeleton />
          </div>
        }
      >
        <DecileFigures runId={id} overlay={overlay} datasetName={r.dataset.name} />
      </Suspense>
      <div className="grid cols-2" style={{ marginTop: 16 }}>
        <section className="card">
          <header style={{ display: 'flex', justifyContent: 'space-between' }}>
            <h2>Per class</h2>
            <TableExport table={perClassTable(r.id, m?.perClass ?? [])} />
          </header>
          <table>
            <thead>
              <tr>
                <th>Label</th>
                <th className="num">Precision %</th>
                <th className="num">Recall %</th>
                <th className="num">F1 %</th>
                <th className="num">Support</th>
              </tr>
            </thead>
            <tbody>
              {(m?.perClass ?? []).map((c) => (
                <tr key={c.label}>
                  <td>{c.label}</td>
                  <td className="num">{formatPct(c.precision)}</td>
                  <td className="num">{formatPct(c.recall)}</td>
                  <td className="num">{formatPct(c.f1)}</td>
                  <td className="num">{c.support ?? '–'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
        <section className="card">
          <h2>Resolved configuration</h2>
          <pre className="mono" style={{ whiteSpace: 'pre-wrap', margin: 0 }}>
            {JSON.stringify(d.config, null, 2)}
          </pre>
        </section>
      </div>
    </>
  );
}
