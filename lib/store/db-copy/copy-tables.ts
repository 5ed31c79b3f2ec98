// Copies every table of one database into another (SQLite -> PostgreSQL, or any pair), keeping
// ids so every reference stays valid. The tables and their order come from the Prisma schema
// (a table after the tables it references), so a model added to prisma/schema.prisma is copied
// too. Rows whose id the target already has are skipped: a copy that was interrupted, or run
// again, ends with the same rows (idempotent). DatabaseIdentity is not copied: the target keeps
// its own identity, and artifact keys are rewritten to it (copy-artifacts.ts).
import { Prisma } from '@prisma/client';
import type { Db } from '../../db/client';

const BATCH = 2000;
const SKIPPED = new Set(['DatabaseIdentity']);

export interface TableCopy {
  model: string;
  source: number;
  inserted: number;
  present: number;
}
type Row = Record<string, unknown> & { id: number | string };
type Delegate = {
  findMany(args: object): Promise<Row[]>;
  createMany(args: { data: Row[] }): Promise<{ count: number }>;
  count(args?: object): Promise<number>;
};

function delegate(db: Db, model: string): Delegate {
  return (db as unknown as Record<string, Delegate>)[model[0].toLowerCase() + model.slice(1)];
}

/** Model names, each after the models it references (a relation field with a matching <name>Id). */
export function copyOrder(): string[] {
  const models = Prisma.dmmf.datamodel.models.filter((m) => !SKIPPED.has(m.name));
  const deps = new Map(
    models.map((m) => {
      const scalars = new Set(m.fields.filter((f) => f.kind === 'scalar').map((f) => f.name));
      return [m.name, m.fields.filter((f) => f.kind === 'object' && scalars.has(`${f.name}Id`) && f.type !== m.name).map((f) => f.type)];
    }),
  );
  const order: string[] = [];
  const visit = (name: string, path: Set<string>) => {
    if (order.includes(name) || path.has(name)) return;
    path.add(name);
    for (const d of deps.get(name) ?? []) visit(d, path);
    order.push(name);
  };
  for (const m of models) visit(m.name, new Set());
  return order;
}

/** Tables of `db` that hold rows (DatabaseIdentity aside). */
export async function nonEmptyTables(db: Db): Promise<string[]> {
  const out: string[] = [];
  for (const model of copyOrder()) if ((await delegate(db, model).count()) > 0) out.push(model);
  return out;
}

export async function copyTable(
  source: Db,
  target: Db,
  model: string,
  opts: {
    mapRow?: (row: Row) => Row;
    onProgress?: (done: number, total: number) => void;
  } = {},
): Promise<TableCopy> {
  const from = delegate(source, model);
  const to = delegate(target, model);
  const total = await from.count();
  let last: number | string | undefined;
  let inserted = 0;
  let present = 0;
  for (;;) {
    const rows = await from.findMany({ where: last === undefined ? {} : { id: { gt: last } }, orderBy: { id: 'asc' }, take: BATCH });
    if (rows.length === 0) break;
    last = rows[rows.length - 1].id;
    const have = new Set((await to.findMany({ where: { id: { in: rows.map((r) => r.id) } }, select: { id: true } })).map((r) => r.id));
    const fresh = rows.filter((r) => !have.has(r.id)).map((r) => (opts.mapRow ? opts.mapRow(r) : r));
    if (fresh.length) inserted += (await to.createMany({ data: fresh })).count;
    present += have.size;
    opts.onProgress?.(inserted + present, total);
  }
  return { model, source: total, inserted, present };
}

/** Rows of `model` in `db`. */
export function countRows(db: Db, model: string): Promise<number> {
  return delegate(db, model).count();
}
