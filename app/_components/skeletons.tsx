// Loading placeholders shaped like the real content (cards, tables, charts).

export function CardsSkeleton({ count = 5 }: { count?: number }) {
  return (
    <div className="cards" aria-hidden>
      {Array.from({ length: count }, (_, i) => (
        <div key={i} className="skeleton" style={{ height: 64 }} />
      ))}
    </div>
  );
}

export function TableSkeleton({ rows = 8 }: { rows?: number }) {
  return (
    <div aria-hidden style={{ display: 'grid', gap: 6 }}>
      {Array.from({ length: rows }, (_, i) => (
        <div key={i} className="skeleton" style={{ height: 26 }} />
      ))}
    </div>
  );
}

export function ChartSkeleton({ height = 300 }: { height?: number }) {
  return <div className="skeleton" aria-hidden style={{ height }} />;
}

export function PageSkeleton({ title, charts = 2 }: { title: string; charts?: number }) {
  return (
    <div aria-busy="true" aria-live="polite">
      <h1>{title}</h1>
      <p className="subtitle">Loading…</p>
      <CardsSkeleton count={4} />
      <div className="grid cols-2">
        {Array.from({ length: charts }, (_, i) => (
          <ChartSkeleton key={i} />
        ))}
      </div>
      <div style={{ marginTop: 16 }}>
        <TableSkeleton />
      </div>
    </div>
  );
}
