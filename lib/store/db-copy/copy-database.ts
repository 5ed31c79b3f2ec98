// `dml-lens db copy --to <url>`: moves a lab (every table, and its run files into the target
// artifact store) to another database, typically SQLite -> PostgreSQL. The target is migrated
// first (created when missing); a target with rows is refused unless `merge` (which adds only
// what is missing: the way to finish an interrupted copy). Files go first, rows second, so a
// copied Artifact row never points at a file that is not there. Counts are verified at the end.
import path from 'node:path';
import { getDb } from '../../db/client';
import { migrateDatabase } from '../../db/migrate';
import { syncIdSequences } from '../../db/sequences';
import { databaseKind, describeDatabase } from '../../db/url';
import { UserError } from '../../errors';
import { projectRoot } from '../../paths';
import { artifactStore, checkedArtifactStore } from '../artifacts';
import { databaseIdentity } from '../artifacts/identity';
import { artifactsSetting } from '../artifacts/store';
import { copyRunFolders, relativeInRun, type ArtifactCopy } from './copy-artifacts';
import { copyPublishedModelFiles } from '../model-files';
import { copyOrder, copyTable, countRows, nonEmptyTables, type TableCopy } from './copy-tables';

export interface CopyOptions {
  sourceUrl: string;
  targetUrl: string;
  merge?: boolean;
  /** Target artifact store (default: this process's DML_LENS_ARTIFACTS or <home>/runs). */
  targetArtifacts?: string;
  /** One line per finished phase or table. */
  log?: (line: string) => void;
  /** In-place progress ("Prediction 40,000/200,000"). */
  progress?: (line: string) => void;
}

export interface CopyReport {
  tables: (TableCopy & { target: number })[];
  artifacts: ArtifactCopy;
  target: string;
  artifactsAt: string;
}

export async function copyDatabase(o: CopyOptions): Promise<CopyReport> {
  const log = o.log ?? (() => {});
  const progress = o.progress ?? (() => {});
  databaseKind(o.targetUrl); // an unknown scheme is one line before anything happens
  if (o.targetUrl === o.sourceUrl)
    throw new UserError('db copy: the target is the database in use (DATABASE_URL); name another one with --to');
  const where = describeDatabase(o.targetUrl, projectRoot());
  const sourceStore = await checkedArtifactStore();
  const targetSetting = o.targetArtifacts ?? artifactsSetting();
  const targetStore = await checkedArtifactStore(targetSetting); // a missing bucket fails here, before any write
  const applied = await migrateDatabase(o.targetUrl);
  if (applied.length) log(`migrated ${where} (${applied.length} migrations)`);
  const source = getDb(o.sourceUrl);
  const target = getDb(o.targetUrl);
  const full = await nonEmptyTables(target);
  if (full.length && !o.merge) {
    throw new UserError(
      `the target ${where} already has rows (${full.join(', ')}): copy into an empty database, or add --merge to add only what is missing (e.g. to finish an interrupted copy)`,
    );
  }
  const [sourceUuid, targetUuid] = [await databaseIdentity(source), await databaseIdentity(target)];
  if (sourceUuid === targetUuid) throw new UserError(`the target ${where} is the source database itself (same identity ${sourceUuid})`);

  const artifactRows = await source.artifact.findMany({ select: { runId: true, path: true } });
  const absolutePaths = new Map<number, string[]>();
  for (const a of artifactRows) if (path.isAbsolute(a.path)) absolutePaths.set(a.runId, [...(absolutePaths.get(a.runId) ?? []), a.path]);
  const runIds = (await source.run.findMany({ select: { id: true }, orderBy: { id: 'asc' } })).map((r) => r.id);
  const artifacts = await copyRunFolders({
    source: sourceStore,
    sourceUuid,
    target: targetStore,
    targetUuid,
    runIds,
    absolutePaths,
    onProgress: (done, total) => progress(`run files ${done.toLocaleString('en-US')}/${total.toLocaleString('en-US')}`),
  });
  log(
    `run files: ${artifacts.files} copied, ${artifacts.skipped} already there (${artifacts.runs} runs) -> ${targetStore.location}/${targetUuid}/`,
  );

  const modelFiles = await copyPublishedModelFiles(source, sourceStore, targetStore);
  if (modelFiles.copied + modelFiles.present) log(`model files: ${modelFiles.copied} copied, ${modelFiles.present} already there`);

  const tables: (TableCopy & { target: number })[] = [];
  for (const model of copyOrder()) {
    const mapRow =
      model === 'Artifact'
        ? (r: Record<string, unknown>) => ({
            ...r,
            path: `${targetUuid}/${String(r.runId)}/${relativeInRun(String(r.path), Number(r.runId))}`,
          })
        : model === 'Run'
          ? (r: Record<string, unknown>) => ({
              ...r,
              artifactDir: r.artifactDir == null ? null : `${targetStore.location}/${targetUuid}/${String(r.id)}`,
            })
          : undefined;
    const t = await copyTable(source, target, model, {
      mapRow: mapRow as never,
      onProgress: (done, total) => progress(`${model} ${done.toLocaleString('en-US')}/${total.toLocaleString('en-US')}`),
    });
    const inTarget = await countRows(target, model);
    tables.push({ ...t, target: inTarget });
    log(`${model.padEnd(16)} ${String(t.source).padStart(9)} rows: ${t.inserted} copied, ${t.present} already there`);
  }
  await syncIdSequences(target);

  const wrong = tables.filter((t) => t.inserted + t.present !== t.source || (o.merge ? t.target < t.source : t.target !== t.source));
  if (wrong.length) {
    throw new Error(
      `db copy: counts differ after the copy: ${wrong.map((t) => `${t.model} source ${t.source}, target ${t.target}`).join('; ')}`,
    );
  }
  return { tables, artifacts, target: where, artifactsAt: artifactStore(targetSetting).location };
}
