'use client';
// CSV and LaTeX (booktabs) downloads of a table spec, made in the browser.
import { tableToCsv } from '../../lib/export/csv';
import { figureFileName } from '../../lib/export/figure-spec';
import { tableToLatex } from '../../lib/export/latex';
import type { TableSpec } from '../../lib/export/table-spec';
import { downloadText } from './download';

export function TableExport({ table }: { table: TableSpec }) {
  const name = figureFileName(table.title);
  return (
    <div className="export-menu" role="group" aria-label={`Download ${table.title}`}>
      <button type="button" onClick={() => downloadText(tableToCsv(table), `${name}.csv`, 'text/csv')}>
        CSV
      </button>
      <button type="button" onClick={() => downloadText(tableToLatex(table), `${name}.tex`, 'application/x-tex')}>
        LaTeX
      </button>
    </div>
  );
}
