// A TableSpec as an HTML table (bold cells are the best per row, marked with a star too).
import type { TableSpec } from '../../lib/export/table-spec';
import { TableExport } from './table-export';

export function SpecTable({ table, testId }: { table: TableSpec; testId?: string }) {
  return (
    <section className="figure-card">
      <header>
        <h3>{table.title}</h3>
        <TableExport table={table} />
      </header>
      <div style={{ overflowX: 'auto' }}>
        <table data-testid={testId}>
          <thead>
            <tr>
              {table.columns.map((c, i) => (
                <th key={i} className={c.align === 'r' ? 'num' : undefined}>
                  {c.header}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {table.rows.map((r, i) => (
              <tr key={i} style={r.ruleBefore ? { borderTop: '2px solid #888' } : undefined}>
                {r.cells.map((c, j) => (
                  <td
                    key={j}
                    className={[table.columns[j]?.align === 'r' ? 'num' : '', c.bold ? 'best' : ''].join(' ').trim() || undefined}
                  >
                    {c.text}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {table.caption ? <div className="caption">{table.caption}</div> : null}
    </section>
  );
}
