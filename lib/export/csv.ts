// RFC 4180 CSV: fields with commas, quotes or line breaks are quoted, quotes doubled.
import type { TableSpec } from './table-spec';

export function csvField(v: string | number | null | undefined): string {
  if (v === null || v === undefined) return '';
  const s = typeof v === 'number' ? (Number.isFinite(v) ? String(v) : '') : v;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCsv(header: string[], rows: (string | number | null | undefined)[][]): string {
  return [header, ...rows].map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n';
}

export function tableToCsv(table: TableSpec): string {
  if (table.csv) return toCsv(table.csv.header, table.csv.rows);
  return toCsv(
    table.columns.map((c) => c.header),
    table.rows.map((r) => r.cells.map((c) => c.text)),
  );
}
