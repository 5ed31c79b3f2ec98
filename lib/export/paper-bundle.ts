// `dml-lens export --sweep <id> --out <dir>`: the paper's tables and figures for one sweep, written
// without a browser from the same specs the dashboard draws: results tables (.tex, .csv), metric
// vs sample size, per-data-set bars, accuracy vs distance/length deciles, UMAP panels CE vs DML,
// a token-attribution figure, and numbers.json with every number shown.
import fs from 'node:fs';
import path from 'node:path';
import type { Db } from '../db/client';
import { UserError } from '../errors';
import { findSweep } from '../store/sweep-rows';
import { getCompare, sampleSizeLabel, type CompareCell } from '../store/views/compare';
import { getDecileCurves } from '../store/views/deciles';
import { getEmbeddingPanel } from '../store/views/embeddings';
import type { MetricKey } from '../store/views/run-metrics';
import { collectAttributedSentences } from './bundle-sentences';
import { tableToCsv } from './csv';
import { figureFileName, type FigureSpec } from './figure-spec';
import { attributionFigure } from './figures/attribution-figure';
import { compareTable, datasetBarsFigure, hasSampleSizeCurve, sampleSizeFigure } from './figures/compare-figures';
import { embeddingFigure } from './figures/embedding-figure';
import { decilesFigure } from './figures/run-figures';
import { tableToLatex } from './latex';
import { svgToPdf } from './pdf';
import { svgToPng } from './png';
import { renderFigureSvg } from './render-svg';
import { sideBySideSvg } from './side-by-side';

export type FigureFormat = 'svg' | 'pdf' | 'png';

export interface BundleOptions {
  sweepId: number;
  out: string;
  metric?: MetricKey;
  sampleSize?: number;
  formats?: FigureFormat[];
  /** Example ids for the attribution figure (default: sentences CE gets wrong and the DML run right). */
  sentences?: number[];
  test?: 't' | 'wilcoxon';
}

export interface BundleResult {
  files: string[];
  numbers: Record<string, unknown>;
}

export async function writePaperBundle(db: Db, o: BundleOptions): Promise<BundleResult> {
  const sweep = await findSweep(db, o.sweepId);
  if (!sweep) throw new UserError(`no sweep ${o.sweepId} (see "dml-lens sweep status")`);
  const formats = o.formats ?? ['svg', 'pdf', 'png'];
  fs.mkdirSync(o.out, { recursive: true });
  const files: string[] = [];
  const write = (name: string, data: string | Buffer) => {
    fs.writeFileSync(path.join(o.out, name), data);
    files.push(name);
  };
  const writeSvg = async (name: string, svg: string, title: string) => {
    if (formats.includes('svg')) write(`${name}.svg`, svg);
    if (formats.includes('pdf')) write(`${name}.pdf`, await svgToPdf(svg, title));
    if (formats.includes('png')) write(`${name}.png`, svgToPng(svg, 2));
  };
  const writeFigure = (spec: FigureSpec, name = figureFileName(spec.title)) => writeSvg(name, renderFigureSvg(spec), spec.title);

  const base = await getCompare(db, { sweepId: o.sweepId }, { metric: o.metric, sampleSize: o.sampleSize, test: o.test });
  if (base.runsUsed === 0) throw new UserError(`sweep ${o.sweepId} has no finished runs yet`);
  const numbers: Record<string, unknown> = {
    sweep: { id: sweep.id, name: sweep.name },
    metric: base.metric,
    test: base.test,
    std: 'population (ddof=0)',
    tables: {},
    figures: {},
  };
  const tables = numbers.tables as Record<string, unknown>;
  const figures = numbers.figures as Record<string, unknown>;
  // one results table per sample size, and the default one as results.tex/.csv
  for (const size of base.sampleSizes) {
    const v =
      size === base.sampleSize
        ? base
        : await getCompare(db, { sweepId: o.sweepId }, { metric: base.metric, sampleSize: size, test: base.test });
    const table = compareTable(v);
    const name = `results-n${sampleSizeLabel(size)}`;
    write(`${name}.tex`, tableToLatex(table, `tab:${name}`));
    write(`${name}.csv`, tableToCsv(table));
    tables[name] = { sampleSize: size, columns: v.columns, rows: v.rows.map((r) => ({ row: r.row, cells: r.cells })), average: v.average };
  }
  const main = compareTable(base);
  write('results.tex', tableToLatex(main, 'tab:results'));
  write('results.csv', tableToCsv(main));
  for (const c of hasSampleSizeCurve(base) ? base.curves : []) {
    const spec = sampleSizeFigure(base, c.row);
    await writeFigure(spec);
    figures[figureFileName(spec.title)] = spec;
  }
  const bars = datasetBarsFigure(base);
  await writeFigure(bars);
  figures[figureFileName(bars.title)] = bars;

  // deciles and maps on the runs of fold 0 / first seed at the chosen sample size, CE first
  for (const row of base.rows) {
    const cells = row.cells.filter((c): c is CompareCell => c !== undefined);
    const firsts = cells.flatMap((c) => {
      const v = [...c.values].sort((a, b) => a.fold - b.fold || a.seed - b.seed)[0];
      return v ? [{ column: c.column, ...v }] : [];
    });
    const ref = firsts[0];
    if (!ref) continue;
    const same = firsts.filter((v) => v.fold === ref.fold && v.seed === ref.seed);
    const runIds = same.map((v) => v.runId);
    const labels = new Map(same.map((v) => [v.runId, `${v.column} · run ${v.runId}`]));
    for (const by of ['distance', 'length'] as const) {
      const curves = await getDecileCurves(db, runIds, by, labels, { distanceFrom: 'reference' });
      if (curves.missing) continue;
      const spec = decilesFigure(curves, row.row);
      await writeFigure(spec);
      figures[figureFileName(spec.title)] = { ...spec, sentences: curves.sentences, referenceRunId: curves.referenceRunId };
    }
    const ceRun = base.baseline ? row.cells[base.columns.indexOf(base.baseline)] : undefined;
    const best = cells.filter((c) => c.column !== base.baseline).sort((a, b) => b.mean - a.mean)[0];
    const pick = (cell: CompareCell | undefined) => cell?.values.find((v) => v.fold === ref.fold && v.seed === ref.seed)?.runId;
    const pairIds = [pick(ceRun), pick(best)].filter((id): id is number => id !== undefined);
    // both maps with one UMAP distance when the runs have one in common (cosine first)
    const found = await Promise.all(pairIds.map((id) => getEmbeddingPanel(db, id, 'umap')));
    const metric = ['cosine', 'euclidean'].find((m) => found.every((p) => p?.umapMetrics.includes(m)));
    const panels = (metric ? await Promise.all(pairIds.map((id) => getEmbeddingPanel(db, id, 'umap', metric))) : found).filter(
      (p) => p && p.points.length,
    );
    if (panels.length) {
      const specs = panels.map((p) => embeddingFigure(p!, 'label'));
      const title = `UMAP: ${panels.map((p) => p!.run.loss).join(' vs ')} (${row.row})`;
      await writeSvg(figureFileName(title), sideBySideSvg(specs.map(renderFigureSvg), title), title);
      figures[figureFileName(title)] = specs;
    }
    if (pairIds.length) {
      // every data set of the sweep gets its attribution figure
      const sentences = await collectAttributedSentences(db, pairIds, o.sentences);
      if (sentences.length) {
        const spec = attributionFigure(sentences, `Token attributions (${row.row})`);
        await writeFigure(spec);
        figures[figureFileName(spec.title)] = spec;
      }
    }
  }
  numbers.files = [...files, 'numbers.json'];
  // numbers.json lists itself
  write('numbers.json', JSON.stringify(numbers, null, 2));
  return { files, numbers };
}
