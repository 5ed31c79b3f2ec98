// Finds direct Prisma data access in a source file: `<handle>.<model>.<operation>(...)` for a
// model of prisma/schema.prisma (db.run.findMany(...), tx.example.deleteMany(...),
// getDb().run.count()), and any use of the client's raw SQL or transactions ($queryRaw,
// $executeRaw, their Unsafe forms, $transaction). Parsed with the TypeScript parser, so comments,
// strings and look-alikes (tf.add, map.delete(k), hash.update(x), this.model.forward()) never count.
import fs from 'node:fs';
import ts from 'typescript';

/** Prisma model delegate operations. */
export const PRISMA_OPERATIONS = new Set([
  'findMany',
  'findFirst',
  'findFirstOrThrow',
  'findUnique',
  'findUniqueOrThrow',
  'create',
  'createMany',
  'createManyAndReturn',
  'update',
  'updateMany',
  'updateManyAndReturn',
  'upsert',
  'delete',
  'deleteMany',
  'count',
  'aggregate',
  'groupBy',
]);

/** Client members that run SQL or open a transaction. */
export const RAW_CLIENT_MEMBERS = new Set(['$queryRaw', '$queryRawUnsafe', '$executeRaw', '$executeRawUnsafe', '$transaction']);

/** The model delegates of a Prisma schema: `model ExampleRow {` -> exampleRow. */
export function prismaDelegates(schemaFile: string): Set<string> {
  const names = [...fs.readFileSync(schemaFile, 'utf8').matchAll(/^model\s+(\w+)\s*\{/gm)].map((m) => m[1]);
  return new Set(names.map((n) => n[0].toLowerCase() + n.slice(1)));
}

export interface DataAccessCall {
  line: number;
  code: string;
}

/** Every direct data access in `text` (a .ts/.tsx/.js file's contents). */
export function dataAccessCalls(text: string, fileName: string, delegates: Set<string>): DataAccessCall[] {
  const kind = /\.[jt]sx$/.test(fileName) ? ts.ScriptKind.TSX : /\.[cm]?js$/.test(fileName) ? ts.ScriptKind.JS : ts.ScriptKind.TS;
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, kind);
  const found: DataAccessCall[] = [];
  const report = (node: ts.Node) => {
    const line = source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
    found.push({ line, code: node.getText(source).split('\n')[0].slice(0, 100) });
  };
  const visit = (node: ts.Node): void => {
    if (ts.isPropertyAccessExpression(node) && RAW_CLIENT_MEMBERS.has(node.name.text)) report(node);
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression)) {
      const op = node.expression;
      const delegate = op.expression;
      if (
        PRISMA_OPERATIONS.has(op.name.text) &&
        ts.isPropertyAccessExpression(delegate) &&
        delegates.has(delegate.name.text) &&
        delegate.expression.kind !== ts.SyntaxKind.ThisKeyword // this.model.update(...): a field, not a client
      )
        report(node);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}
