'use client';
// Line, bar and scatter figures with recharts, drawn from the same XYFigure spec the exports use.
import { useRouter } from 'next/navigation';
import {
  Area,
  Bar,
  CartesianGrid,
  ComposedChart,
  ErrorBar,
  Legend,
  Line,
  ReferenceLine,
  ResponsiveContainer,
  Scatter,
  ScatterChart,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import type { XYFigure, XYPoint } from '../../../lib/export/figure-spec';
import { axisTicks, niceDomain } from '../../../lib/export/scale';
import { yDomainOf } from '../../../lib/export/svg-xy';

const HEIGHT = 300;

function formatter(spec: XYFigure) {
  return (v: unknown) =>
    typeof v === 'number' ? (spec.yFormat === 'pct' ? `${(v * 100).toFixed(1)}` : Number(v.toPrecision(4)).toString()) : String(v);
}

const axisLabel = (value: string, angle = 0) =>
  angle
    ? { value, angle, position: 'insideLeft' as const, style: { textAnchor: 'middle' as const }, offset: 0 }
    : { value, position: 'insideBottom' as const, offset: -4 };

/** One row per x value with every series' y (s0, s1, ...) and its range (s0_range = [lo, hi]). */
function mergeRows(spec: XYFigure) {
  const rows = new Map<string, Record<string, unknown>>();
  spec.series.forEach((s, i) => {
    for (const p of s.points) {
      const key = String(p.x);
      const row = rows.get(key) ?? { x: p.x };
      rows.set(key, row);
      row[`s${i}`] = p.y;
      if (p.lo !== undefined && p.hi !== undefined) {
        row[`s${i}_range`] = [p.lo, p.hi];
        row[`s${i}_err`] = [p.y - p.lo, p.hi - p.y];
      }
    }
  });
  const list = [...rows.values()];
  if (spec.kind === 'line') list.sort((a, b) => Number(a.x) - Number(b.x));
  return list;
}

export function XYChart({ spec }: { spec: XYFigure }) {
  if (spec.kind === 'scatter') return <ScatterFigure spec={spec} />;
  const rows = mergeRows(spec);
  const fmt = formatter(spec);
  // the same y range and ticks as the exported SVG
  const yDomain = yDomainOf(spec);
  const y = axisTicks(yDomain, spec.yFormat === 'pct');
  const xs = [...new Set(spec.series.flatMap((s) => s.points.map((p) => Number(p.x))))].filter(Number.isFinite).sort((a, b) => a - b);
  const numericX = spec.kind === 'line' && spec.xScale !== 'category';
  const xDomain = spec.xDomain ?? (xs.length ? niceDomain(xs[0], xs[xs.length - 1]) : [0, 1]);
  const x = axisTicks(xDomain);
  return (
    <ResponsiveContainer width="100%" height={HEIGHT}>
      <ComposedChart data={rows} margin={{ top: 8, right: 16, bottom: 22, left: 14 }}>
        <CartesianGrid stroke="#e3e3e3" />
        {numericX ? (
          <XAxis
            dataKey="x"
            type="number"
            scale={spec.xScale === 'log2' ? 'log' : 'auto'}
            domain={spec.xScale === 'log2' ? [xs[0] / 1.15, xs[xs.length - 1] * 1.15] : xDomain}
            ticks={spec.xScale === 'log2' ? xs : x.ticks}
            allowDataOverflow
            label={axisLabel(spec.xLabel)}
            tickFormatter={(v: number) => (spec.xScale === 'log2' ? String(v) : x.format(v))}
          />
        ) : (
          <XAxis dataKey="x" type="category" label={axisLabel(spec.xLabel)} />
        )}
        <YAxis domain={yDomain} ticks={y.ticks} tickFormatter={y.format} allowDataOverflow label={axisLabel(spec.yLabel, -90)} width={64} />
        <Tooltip
          formatter={(v: unknown) => (Array.isArray(v) ? v.map(fmt).join(' – ') : fmt(v))}
          labelFormatter={(l: unknown) => `${spec.xLabel}: ${String(l)}`}
        />
        <Legend verticalAlign="bottom" wrapperStyle={{ paddingTop: 18, fontSize: 12 }} />
        {spec.diagonal ? (
          <ReferenceLine
            segment={[
              { x: 0, y: 0 },
              { x: 1, y: 1 },
            ]}
            stroke="#888"
            strokeDasharray="4 4"
            ifOverflow="hidden"
          />
        ) : null}
        {spec.kind === 'line'
          ? spec.series.map((s, i) =>
              s.showRange ? (
                <Area
                  key={`band${i}`}
                  dataKey={`s${i}_range`}
                  stroke="none"
                  fill={s.colour}
                  fillOpacity={0.15}
                  legendType="none"
                  isAnimationActive={false}
                  connectNulls
                  tooltipType="none"
                />
              ) : null,
            )
          : null}
        {spec.series.map((s, i) =>
          spec.kind === 'bar' ? (
            <Bar key={i} dataKey={`s${i}`} name={s.name} fill={s.colour} isAnimationActive={false}>
              {s.showRange ? (
                <ErrorBar dataKey={`s${i}_err`} direction="y" width={6} stroke="#808080" strokeWidth={2} isAnimationActive={false} />
              ) : null}
            </Bar>
          ) : (
            <Line
              key={i}
              dataKey={`s${i}`}
              name={s.name}
              stroke={s.colour}
              strokeDasharray={s.dash || undefined}
              strokeWidth={2}
              dot={s.points.length <= 40 ? { r: 3, fill: s.colour } : false}
              connectNulls
              isAnimationActive={false}
            />
          ),
        )}
      </ComposedChart>
    </ResponsiveContainer>
  );
}

function ScatterFigure({ spec }: { spec: XYFigure }) {
  const router = useRouter();
  return (
    <ResponsiveContainer width="100%" height={spec.height ?? HEIGHT + 40}>
      <ScatterChart margin={{ top: 8, right: 16, bottom: 22, left: 14 }}>
        <CartesianGrid stroke="#e3e3e3" />
        <XAxis
          dataKey="x"
          type="number"
          domain={['auto', 'auto']}
          label={axisLabel(spec.xLabel)}
          tickFormatter={(v: number) => v.toFixed(1)}
        />
        <YAxis
          dataKey="y"
          type="number"
          domain={['auto', 'auto']}
          label={axisLabel(spec.yLabel, -90)}
          tickFormatter={(v: number) => v.toFixed(1)}
          width={48}
        />
        <Tooltip content={<PointTooltip />} cursor={{ strokeDasharray: '3 3' }} />
        <Legend verticalAlign="bottom" wrapperStyle={{ paddingTop: 18, fontSize: 12 }} />
        {spec.series.map((s, i) => (
          <Scatter
            key={i}
            name={s.name}
            data={s.points}
            fill={s.colour}
            shape={s.marker === 'diamond' ? 'diamond' : 'circle'}
            isAnimationActive={false}
            fillOpacity={s.marker === 'diamond' ? 1 : (s.opacity ?? 0.75)}
            stroke={s.marker === 'diamond' ? '#000' : undefined}
            onClick={(p: unknown) => {
              const href = (p as { payload?: XYPoint }).payload?.href;
              if (href) router.push(href);
            }}
            style={{ cursor: 'pointer' }}
          />
        ))}
      </ScatterChart>
    </ResponsiveContainer>
  );
}

function PointTooltip({ active, payload }: { active?: boolean; payload?: { payload?: XYPoint; name?: string }[] }) {
  const p = payload?.[0]?.payload;
  if (!active || !p) return null;
  return (
    <div className="card small" style={{ maxWidth: 320, padding: '6px 8px' }}>
      <div>{p.label ?? `(${p.x}, ${p.y})`}</div>
      {p.href ? <div className="muted">click to open the sentence</div> : null}
    </div>
  );
}
