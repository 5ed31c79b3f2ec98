// `dml-lens runs show` as text.
import type { RunDetail } from '../store/runs';
import { duration, pct, table } from './format';

/** A config value as text (config values are JSON scalars). */
const s = (value: unknown): string => String(value);

export function printRunDetail(r: RunDetail): void {
  console.log(
    `run ${r.id} (experiment ${r.experimentId ?? '-'}): ${r.dataset} ${r.loss} beta ${r.beta}, fold ${r.fold}, seed ${r.seed}: ${r.status}${r.error ? ` (${r.error})` : ''}`,
  );
  console.log(`backend ${r.backend ?? '-'}, train ${r.trainSize ?? '-'} / eval ${r.evalSize ?? '-'} sentences, ${duration(r.durationMs)}`);
  if (r.progress && r.status === 'running')
    console.log(
      `progress: ${r.progress.phase} step ${r.progress.step}/${r.progress.totalSteps}, loss ${r.progress.loss ?? '-'}, eta ${duration(r.progress.etaMs)}`,
    );
  const c = r.config;
  console.log(
    `config: model ${s(c.model)}, protocol ${s(c.protocol)}, samples ${s(c.samples)}, lr ${s(c.lr)}, batch ${s(c.batchSize)}, epochs ${s(c.epochs)}${c.steps ? `, steps ${s(c.steps)}` : ''}, max length ${s(c.maxLength)}, schedule ${s(c.schedule)} ${s(c.warmupSteps)}/${s(c.scheduleSteps ?? 'total')}`,
  );
  const m = r.metrics as {
    accuracy?: number;
    macroF1?: number;
    weightedF1?: number;
    ece?: number;
    proxyAccuracy?: number;
    perClass?: { label: string; precision: number; recall: number; f1: number; support: number }[];
    confusion?: number[][];
  } | null;
  if (m) {
    console.log(
      `accuracy ${pct(m.accuracy)} %, macro-F1 ${pct(m.macroF1)} %, weighted-F1 ${pct(m.weightedF1)} %, ECE ${pct(m.ece)} %${m.proxyAccuracy !== undefined ? `, proxy accuracy ${pct(m.proxyAccuracy)} %` : ''}`,
    );
    if (m.perClass)
      console.log(
        table(
          ['class', 'precision %', 'recall %', 'F1 %', 'support'],
          m.perClass.map((p) => [p.label, pct(p.precision), pct(p.recall), pct(p.f1), p.support]),
        ),
      );
    if (m.confusion) {
      console.log('confusion (rows gold, columns predicted):');
      console.log(
        table(
          ['', ...r.labelNames],
          m.confusion.map((row, i) => [r.labelNames[i] ?? String(i), ...row]),
        ),
      );
    }
  }
  if (r.artifacts.length)
    console.log(
      table(
        ['artifact', 'shape', 'dtype', 'bytes', 'path'],
        r.artifacts.map((a) => [a.kind, a.shape.join('x'), a.dtype, a.bytes, a.path]),
      ),
    );
  for (const j of r.jobs)
    console.log(
      `job ${j.id}: ${j.status}, attempts ${j.attempts}${j.workerId ? `, worker ${j.workerId}` : ''}${j.error ? `, ${j.error}` : ''}`,
    );
}
