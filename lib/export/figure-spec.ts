// One description per figure drives both the dashboard (recharts) and the exports (SVG, PNG, PDF),
// so a downloaded figure shows exactly the plotted numbers, with its title, axis labels and legend.
// Specs are plain JSON: they cross from server components to client charts and into export files.

export interface XYPoint {
  x: number | string;
  y: number;
  /** Band or error-bar bounds (e.g. mean ± std). */
  lo?: number;
  hi?: number;
  /** Hover text (a sentence for scatter points). */
  label?: string;
  /** Link target on click (scatter points open the sentence). */
  href?: string;
}

export interface XYSeries {
  name: string;
  colour: string;
  dash?: string;
  points: XYPoint[];
  /** line: shade lo..hi as a band; bar: draw lo..hi as an error bar. */
  showRange?: boolean;
  /** scatter: marker shape (proxies are diamonds). */
  marker?: 'circle' | 'diamond';
  markerSize?: number;
  /** scatter: fill opacity of the markers (default 0.7); low values show density where points overlap. */
  opacity?: number;
}

export interface XYFigure {
  kind: 'line' | 'bar' | 'scatter';
  title: string;
  xLabel: string;
  yLabel: string;
  series: XYSeries[];
  xScale?: 'linear' | 'log2' | 'category';
  xDomain?: [number, number];
  yDomain?: [number, number];
  /** Draw y = x (reliability diagrams). */
  diagonal?: boolean;
  /** Format of tick/tooltip values: 'pct' shows 0.843 as 84.3. */
  yFormat?: 'pct' | 'number';
  caption?: string;
  /** Plot height in pixels on the dashboard (default: the chart's standard height). */
  height?: number;
}

export interface MatrixFigure {
  kind: 'matrix';
  title: string;
  xLabel: string;
  yLabel: string;
  rows: string[];
  columns: string[];
  values: number[][];
  /** 'count' shows integers; 'fraction' shows two decimals. */
  format?: 'count' | 'fraction';
  caption?: string;
}

export interface TokenRow {
  label: string;
  tokens: { text: string; value: number; raw?: number }[];
  /** Shown after the row label, e.g. "δ = 0.004" or a warning. */
  note?: string;
  flagged?: boolean;
}

export interface TokensFigure {
  kind: 'tokens';
  title: string;
  rows: TokenRow[];
  /** 'diverging' for signed attributions, 'sequential' for attention. */
  scale: 'diverging' | 'sequential';
  legend: string;
  caption?: string;
}

export type FigureSpec = XYFigure | MatrixFigure | TokensFigure;

/** A safe file name from a figure title: "Accuracy vs sample size (MR)" -> "accuracy-vs-sample-size-mr". */
export function figureFileName(title: string): string {
  return (
    title
      .toLowerCase()
      .normalize('NFKD')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 80) || 'figure'
  );
}

/** The plotted numbers as CSV rows (series, x, y, lo, hi), for "CSV of exactly what is plotted". */
export function figureData(spec: FigureSpec): { header: string[]; rows: (string | number)[][] } {
  if (spec.kind === 'matrix') {
    return { header: [spec.yLabel, ...spec.columns], rows: spec.values.map((r, i) => [spec.rows[i], ...r]) };
  }
  if (spec.kind === 'tokens') {
    return {
      header: ['row', 'position', 'token', 'value', 'raw'],
      rows: spec.rows.flatMap((r) => r.tokens.map((t, i) => [r.label, i, t.text, t.value, t.raw ?? ''])),
    };
  }
  return {
    header: ['series', 'x', 'y', 'lo', 'hi', 'label'],
    rows: spec.series.flatMap((s) => s.points.map((p) => [s.name, p.x, p.y, p.lo ?? '', p.hi ?? '', p.label ?? ''])),
  };
}
