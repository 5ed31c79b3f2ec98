// Tables as data: the Compare page renders them, and the same spec becomes CSV and LaTeX.

export interface TableCell {
  text: string;
  /** LaTeX body of the cell when it differs from `text` (math, escaped symbols). */
  latex?: string;
  bold?: boolean;
}

export interface TableSpec {
  title: string;
  caption?: string;
  columns: { header: string; align: 'l' | 'r' | 'c' }[];
  rows: { cells: TableCell[]; ruleBefore?: boolean }[];
  /** Machine-readable CSV (numbers in their own columns); defaults to the cells' text. */
  csv?: { header: string[]; rows: (string | number | null)[][] };
}
