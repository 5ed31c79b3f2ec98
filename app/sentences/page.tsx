import Link from 'next/link';
import { getDb } from '../../lib/db/client';
import { SENTENCES_PAGE_METHODS } from '../../lib/explain/method-list';
import { latestAttributedRunId } from '../../lib/store/attributions';
import { latestFinishedRunId } from '../../lib/store/run-lookup';
import { listRunChoices } from '../../lib/store/views/run-choices';
import { getSentenceFocus, getSentences } from '../../lib/store/views/sentences';
import { liveWorkerCount } from '../../lib/store/views/workers';
import { FILTER_LABELS, SENTENCE_FILTERS, parseSentencesQuery, sentencesQueryString } from '../../lib/store/views/sentences-query';
import { AttentionView } from './attention-view';
import { ExplainButton } from './explain-button';
import { RunPicker } from '../_components/run-picker';
import { SentenceItem } from './sentence-item';

export const metadata = { title: 'Sentences' };

export default async function SentencesPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const q = parseSentencesQuery(await searchParams);
  const db = getDb();
  const runA = q.runA ?? (await latestAttributedRunId(db)) ?? (await latestFinishedRunId(db));
  if (runA === undefined)
    return (
      <>
        <h1>Sentences</h1>
        <p className="card muted">No finished runs yet.</p>
      </>
    );
  const v = await getSentences(db, { ...q, runA }, SENTENCES_PAGE_METHODS);
  const liveWorkers = await liveWorkerCount(db);
  if (!v)
    return (
      <>
        <h1>Sentences</h1>
        <p className="card warn">There is no run {runA}.</p>
      </>
    );
  const query = { ...q, runA };
  const nameA = `A: run ${v.runA.id} (${v.runA.loss})`;
  const nameB = v.runB ? `B: run ${v.runB.id} (${v.runB.loss})` : undefined;
  const focus = q.focus !== undefined ? await getSentenceFocus(db, q.focus, [v.runA.id, ...(v.runB ? [v.runB.id] : [])]) : undefined;
  const [choicesA, choicesB] = await Promise.all([
    listRunChoices(db),
    listRunChoices(db, {
      datasetId: v.runA.dataset.id,
      like: { datasetId: v.runA.dataset.id, sampleSize: v.runA.sampleSize, fold: v.runA.fold, seed: v.runA.seed },
      exclude: v.runA.id,
    }),
  ]);
  return (
    <>
      <h1>Sentences</h1>
      <p className="subtitle">
        Evaluated sentences of {nameA}
        {nameB ? ` and ${nameB}` : ''} on {v.runA.dataset.name}: {v.total} match
        {q.filter !== 'explained' ? (
          <span data-testid="explained-count">
            , {v.explained} of them explained{v.explained && v.explained < v.total ? ' (listed first)' : ''}
          </span>
        ) : null}
        . Token colours: vermillion supports the explained class, blue speaks against it; hover a token for its value. δ is the IG
        convergence delta (flagged outside 5 % of F(x) − F(x′), at least 0.01; hover it for details).
      </p>
      <form method="get" className="filters" aria-label="Filter sentences">
        <RunPicker name="runA" label="Run A" value={runA} choices={choicesA} />
        <RunPicker name="runB" label="Run B" value={v.runB?.id} choices={choicesB} optional />
        <label>
          Show
          <select name="filter" defaultValue={q.filter}>
            {SENTENCE_FILTERS.map((f) => (
              <option key={f} value={f}>
                {FILTER_LABELS[f]}
              </option>
            ))}
          </select>
        </label>
        <label>
          Gold label
          <select name="label" defaultValue={q.label !== undefined ? String(q.label) : ''}>
            <option value="">any</option>
            {v.runA.dataset.labelNames.map((n, i) => (
              <option key={i} value={i}>
                {n}
              </option>
            ))}
          </select>
        </label>
        <label>
          Confidence below
          <input type="number" name="maxConfidence" step="0.05" min="0" max="1" defaultValue={q.maxConfidence} style={{ width: 80 }} />
        </label>
        <label>
          Text contains
          <input type="search" name="q" defaultValue={q.q ?? ''} />
        </label>
        <button type="submit">Apply</button>
      </form>
      {focus ? (
        <section className="card" style={{ marginBottom: 14 }} id="focus">
          <h2>Attention view: sentence #{focus.example.id}</h2>
          <p>{focus.example.text}</p>
          <div className={focus.attention.length > 1 ? 'side-by-side' : undefined}>
            {focus.attention.map((a, i) =>
              a.view ? (
                <AttentionView key={a.runId} view={a.view} runLabel={i === 0 ? nameA : nameB!} />
              ) : (
                <p key={a.runId} className="small muted">
                  Run {a.runId}: attention not computed for this sentence yet.
                </p>
              ),
            )}
          </div>
          <Link className="small" href={`/sentences${sentencesQueryString(query, { focus: undefined })}`}>
            close
          </Link>
        </section>
      ) : null}
      {v.unexplained.length ? (
        <div className="card" style={{ marginBottom: 12 }}>
          <div className="small muted" style={{ marginBottom: 6 }}>
            Some sentences on this page have no attribution yet
            {v.pendingJobs ? ` (${v.pendingJobs} explain job${v.pendingJobs > 1 ? 's' : ''} queued or running)` : ''}.
            {liveWorkers === 0 ? (
              <>
                {' '}
                A worker computes them: none is running (<code>npm start</code> starts a pool, or run <code>npx dml-lens worker</code>).
              </>
            ) : null}
          </div>
          {v.unexplained.map((u) =>
            v.explainable.includes(u.runId) ? (
              <ExplainButton key={`${u.runId}-${u.method}`} runId={u.runId} method={u.method} exampleIds={u.exampleIds} />
            ) : null,
          )}
          {[...new Set(v.unexplained.map((u) => u.runId))]
            .filter((id) => !v.explainable.includes(id))
            .map((id) => (
              <div key={id} className="small muted">
                Run {id} kept no fine-tuned model, so it cannot be explained now (train with &ldquo;Keep the fine-tuned model&rdquo;).
              </div>
            ))}
        </div>
      ) : null}
      <div data-testid="sentence-list">
        {v.rows.map((row) => (
          <SentenceItem
            key={row.exampleId}
            row={row}
            runA={nameA}
            runB={nameB}
            focusHref={`/sentences${sentencesQueryString(query, { focus: row.exampleId })}#focus`}
          />
        ))}
      </div>
      {v.total === 0 ? <p className="muted">No sentence matches.</p> : null}
      <div className="pager">
        {v.page > 1 ? (
          <Link href={`/sentences${sentencesQueryString(query, { page: v.page - 1 })}`}>← previous</Link>
        ) : (
          <span>← previous</span>
        )}
        <span>
          page {v.page} of {v.pages}
        </span>
        {v.page < v.pages ? (
          <Link href={`/sentences${sentencesQueryString(query, { page: v.page + 1 })}`}>next →</Link>
        ) : (
          <span>next →</span>
        )}
        <a style={{ marginLeft: 'auto' }} href={`/api/runs/${v.runA.id}/attributions`} download>
          All attributions of run {v.runA.id} (JSONL)
        </a>
      </div>
    </>
  );
}
