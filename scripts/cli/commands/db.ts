// `dml-lens db copy --to postgresql://...`: move a lab to another database (and its run files to
// the target artifact store), e.g. from the default SQLite file to a shared PostgreSQL.
import type { CommandSpec } from '../../../lib/cli/command';
import { UsageError } from '../../../lib/cli/command';

const copy: CommandSpec = {
  name: 'db copy',
  summary: 'Copy this lab (every table and its run files) to another database, e.g. PostgreSQL',
  flags: [
    {
      name: 'to',
      type: 'string',
      required: true,
      description: 'Target database URL: postgresql://user:password@host:port/database (or file:<path>)',
    },
    {
      name: 'merge',
      type: 'boolean',
      description: 'Allow a target that has rows: add only what is missing (finishes an interrupted copy)',
    },
    {
      name: 'artifacts',
      type: 'string',
      description: 'Target artifact store: a folder or s3://bucket/prefix (default: DML_LENS_ARTIFACTS or <home>/runs)',
    },
  ],
  examples: ['dml-lens db copy --to postgresql://lab:secret@db.example.org:5432/dmllens --artifacts s3://lab-artifacts/dml-lens'],
  async run(args) {
    const to = args.flags.to as string | undefined;
    if (!to) throw new UsageError('--to is required: the target database URL (postgresql://user:password@host:port/database)');
    const { copyDatabase } = await import('../../../lib/store/db-copy/copy-database');
    const { databaseUrl } = await import('../../../lib/paths');
    const tty = process.stderr.isTTY;
    const t0 = Date.now();
    const report = await copyDatabase({
      sourceUrl: databaseUrl(),
      targetUrl: to,
      merge: Boolean(args.flags.merge),
      targetArtifacts: args.flags.artifacts as string | undefined,
      log: (line) => {
        if (tty) process.stderr.write('\r\x1b[K');
        console.log(line);
      },
      progress: (line) => {
        if (tty) process.stderr.write(`\r\x1b[K${line}`);
      },
    });
    if (tty) process.stderr.write('\r\x1b[K');
    const rows = report.tables.reduce((s, t) => s + t.source, 0);
    console.log(
      `copied to ${report.target}: ${rows.toLocaleString('en-US')} rows in ${report.tables.length} tables verified (source and target counts agree), ` +
        `run files in ${report.artifactsAt} (${((Date.now() - t0) / 1000).toFixed(1)} s)`,
    );
    console.log(
      `use it: DATABASE_URL=<that URL>${args.flags.artifacts ? ` DML_LENS_ARTIFACTS=${args.flags.artifacts as string}` : ''} npx dml-lens ...`,
    );
  },
};

export const commands: CommandSpec[] = [copy];
