'use client';
// What-if on the run page: type or edit a sentence and see the fine-tuned model's prediction,
// class scores, nearest training examples and nearest proxy/centre (POST /api/runs/<id>/what-if,
// onnxruntime on the server), and queue integrated gradients for it (shown when a worker is done).
import { useEffect, useRef, useState } from 'react';

interface WhatIfResult {
  tokens: string[];
  truncated: boolean;
  predicted: { label: string; score: number };
  scores: { label: string; score: number }[];
  referenceKind: string;
  neighbours: { text: string; pair: string | null; label: string; similarity: number }[];
  nearestAnchor: { kind: 'proxy' | 'centroid'; label: string; center: number; similarity: number } | null;
  ms: number;
}

interface Explanation {
  tokens: string[];
  scores: number[];
  special: boolean[];
  predicted: number;
  labels?: string[];
}

function tokenColour(score: number, max: number): string {
  const a = max > 0 ? Math.min(1, Math.abs(score) / max) : 0;
  return score >= 0 ? `rgba(22, 128, 60, ${(0.1 + 0.6 * a).toFixed(2)})` : `rgba(200, 40, 40, ${(0.1 + 0.6 * a).toFixed(2)})`;
}

export function WhatIfBox({ runId, initialText }: { runId: number; initialText: string }) {
  const [text, setText] = useState(initialText);
  const [result, setResult] = useState<WhatIfResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [job, setJob] = useState<{ id: number; text: string; status: string; error?: string | null; result?: Explanation | null } | null>(
    null,
  );
  const seq = useRef(0);

  useEffect(() => {
    const mine = ++seq.current;
    const timer = setTimeout(
      () =>
        void (async () => {
          if (!text.trim()) return setResult(null);
          const res = await fetch(`/api/runs/${runId}/what-if`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ text }),
          });
          const body = (await res.json()) as WhatIfResult & { error?: string };
          if (mine !== seq.current) return;
          if (!res.ok) {
            setError(body.error ?? `request failed (${res.status})`);
            setResult(null);
          } else {
            setError(null);
            setResult(body);
          }
        })(),
      250,
    );
    return () => clearTimeout(timer);
  }, [text, runId]);

  useEffect(() => {
    if (!job || job.status === 'done' || job.status === 'failed' || job.status === 'cancelled') return;
    const timer = setInterval(
      () =>
        void (async () => {
          const res = await fetch(`/api/runs/${runId}/what-if/explain?job=${job.id}`);
          const body = (await res.json()) as { status: string; error: string | null; result: Explanation | null };
          setJob((j) => (j && j.id === job.id ? { ...j, status: body.status, error: body.error, result: body.result } : j));
        })(),
      1000,
    );
    return () => clearInterval(timer);
  }, [job, runId]);

  async function explain() {
    const res = await fetch(`/api/runs/${runId}/what-if/explain`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ text }),
    });
    const body = (await res.json()) as { jobId?: number; error?: string };
    if (!res.ok || !body.jobId) return setError(body.error ?? 'could not queue the explanation');
    setJob({ id: body.jobId, text, status: 'queued' });
  }

  const maxScore = job?.result ? Math.max(...job.result.scores.map(Math.abs)) : 0;
  return (
    <section className="card" aria-label="What-if" data-testid="what-if" style={{ marginBottom: 16 }}>
      <h2>What if…</h2>
      <textarea
        aria-label="Sentence to try"
        value={text}
        onChange={(e) => setText(e.target.value)}
        rows={2}
        style={{ width: '100%' }}
        placeholder="Type a sentence"
      />
      {error ? (
        <p className="warn" role="alert">
          {error}
        </p>
      ) : null}
      {result ? (
        <div className="grid cols-2" style={{ marginTop: 8 }}>
          <div>
            <p data-testid="what-if-prediction">
              Prediction: <strong>{result.predicted.label}</strong> ({(100 * result.predicted.score).toFixed(1)}%){' '}
              <span className="small muted">
                {result.ms.toFixed(0)} ms{result.truncated ? " · truncated to the run's max length" : ''}
              </span>
            </p>
            <table aria-label="Class scores">
              <tbody>
                {result.scores.map((s) => (
                  <tr key={s.label}>
                    <td>{s.label}</td>
                    <td className="num">{(100 * s.score).toFixed(1)}%</td>
                    <td style={{ width: '50%' }}>
                      <div style={{ background: 'var(--accent, #3b6)', height: 8, width: `${100 * s.score}%` }} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            {result.nearestAnchor ? (
              <p data-testid="what-if-anchor" className="small">
                Nearest{' '}
                {result.nearestAnchor.kind === 'proxy'
                  ? `proxy/centre (${result.nearestAnchor.label}, #${result.nearestAnchor.center})`
                  : `class centroid (${result.nearestAnchor.label})`}
                : cosine {result.nearestAnchor.similarity.toFixed(3)}
              </p>
            ) : null}
            <p>
              <button
                type="button"
                onClick={() => void explain()}
                disabled={!text.trim() || (job !== null && job.text === text && job.status !== 'failed')}
              >
                Explain with integrated gradients
              </button>{' '}
              {job ? (
                <span className="small muted" data-testid="what-if-job">
                  IG job {job.id}: {job.status}
                  {job.error ? ` (${job.error})` : ''}
                  {job.status === 'queued' ? ' (a `dml-lens worker` runs it)' : ''}
                </span>
              ) : null}
            </p>
            {job?.result ? (
              <p className="tokens" data-testid="what-if-ig">
                {job.result.tokens.map((t, i) =>
                  job.result!.special[i] ? null : (
                    <span
                      key={i}
                      className="token"
                      title={job.result!.scores[i].toFixed(4)}
                      style={{ background: tokenColour(job.result!.scores[i], maxScore) }}
                    >
                      {t}
                    </span>
                  ),
                )}
              </p>
            ) : null}
          </div>
          <div>
            <h3 className="small">Nearest {result.referenceKind}</h3>
            <ol data-testid="what-if-neighbours" className="small">
              {result.neighbours.map((n, i) => (
                <li key={i}>
                  {n.text}
                  {n.pair ? ` / ${n.pair}` : ''}{' '}
                  <span className="muted">
                    ({n.label}, {n.similarity.toFixed(3)})
                  </span>
                </li>
              ))}
            </ol>
          </div>
        </div>
      ) : null}
    </section>
  );
}
