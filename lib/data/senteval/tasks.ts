// The SentEval transfer tasks we import: file layout (as SentEval's get_transfer_data.bash
// writes it, see ../shared/data/senteval/SOURCES.md), format, encoding, label names and the
// official counts per split and label (used to warn on import and to verify downloads).
import { UserError } from '../../errors';
import type { Encoding } from '../decode';
import type { Split } from '../types';
import type { SentevalFormat } from './format';

export interface SentevalFile {
  split: Split;
  /** Relative to the SentEval folder. */
  path: string;
  /** Label of every line, for one-class files. */
  label?: number;
}

export interface SentevalFiles {
  encoding: Encoding;
  files: SentevalFile[];
  /** Texts went through `cat -v` (M-x notation for bytes >= 0x80). */
  catV?: boolean;
}

export interface SentevalTask {
  /** Dataset name in the database. */
  name: string;
  /** SentEval task id. */
  task: string;
  format: SentevalFormat;
  labelNames: string[];
  hasPairs: boolean;
  processed: SentevalFiles;
  /** `original/` raw text (MR, CR, SUBJ, MPQA, TREC), imported with --raw as `<name>-raw`. */
  raw?: SentevalFiles;
  /** Official example count per split, per label index. */
  counts: Partial<Record<Split, number[]>>;
}

const NEG_POS = ['neg', 'pos'];

function perClassFiles(task: string, neg: string, pos: string, catV: boolean, raw: boolean): SentevalFiles {
  const dir = raw ? `${task}/original` : task;
  return {
    encoding: raw ? 'cp1252' : 'latin1',
    catV,
    files: [
      { split: 'train', path: `${dir}/${neg}`, label: 0 },
      { split: 'train', path: `${dir}/${pos}`, label: 1 },
    ],
  };
}

function binaryTask(name: string, neg: string, pos: string, labelNames: string[], counts: number[]): SentevalTask {
  return {
    name, task: name, format: 'line-per-class', labelNames, hasPairs: false,
    processed: perClassFiles(name, neg, pos, true, false),
    raw: perClassFiles(name, neg, pos, false, true),
    counts: { train: counts },
  };
}

const SST_DEV = [428, 444];
const SST_TEST = [912, 909];

export const SENTEVAL_TASKS: readonly SentevalTask[] = [
  binaryTask('MR', 'rt-polarity.neg', 'rt-polarity.pos', NEG_POS, [5331, 5331]),
  binaryTask('CR', 'custrev.neg', 'custrev.pos', NEG_POS, [1368, 2407]),
  binaryTask('SUBJ', 'subj.objective', 'subj.subjective', ['objective', 'subjective'], [5000, 5000]),
  binaryTask('MPQA', 'mpqa.neg', 'mpqa.pos', NEG_POS, [7294, 3312]),
  {
    name: 'SST2', task: 'SST2', format: 'tab-label', labelNames: ['negative', 'positive'], hasPairs: false,
    processed: { encoding: 'utf-8', files: ['train', 'dev', 'test'].map((s) => ({ split: s as Split, path: `SST2/sentiment-${s}` })) },
    counts: { train: [29780, 37569], dev: SST_DEV, test: SST_TEST },
  },
  {
    name: 'SST2-sent', task: 'SST2', format: 'label-prefix', labelNames: ['negative', 'positive'], hasPairs: false,
    processed: {
      encoding: 'utf-8',
      files: ['train', 'dev', 'test'].map((s) => ({ split: s as Split, path: `SST2/sentence-level-kim/stsa.binary.${s}` })),
    },
    counts: { train: [3310, 3610], dev: SST_DEV, test: SST_TEST },
  },
  {
    name: 'SST5', task: 'SST5', format: 'label-prefix', hasPairs: false,
    labelNames: ['very negative', 'negative', 'neutral', 'positive', 'very positive'],
    processed: { encoding: 'utf-8', files: ['train', 'dev', 'test'].map((s) => ({ split: s as Split, path: `SST5/stsa.fine.${s}` })) },
    counts: { train: [1092, 2218, 1624, 2322, 1288], dev: [139, 289, 229, 279, 165], test: [279, 633, 389, 510, 399] },
  },
  {
    name: 'TREC', task: 'TREC', format: 'trec', hasPairs: false,
    labelNames: ['ABBR', 'DESC', 'ENTY', 'HUM', 'LOC', 'NUM'],
    processed: { encoding: 'latin1', files: [{ split: 'train', path: 'TREC/train_5500.label' }, { split: 'test', path: 'TREC/TREC_10.label' }] },
    raw: { encoding: 'latin1', files: [{ split: 'train', path: 'TREC/original/TREC.train' }, { split: 'test', path: 'TREC/original/TREC.test' }] },
    counts: { train: [86, 1162, 1250, 1223, 835, 896], test: [9, 138, 94, 65, 81, 113] },
  },
  {
    name: 'MRPC', task: 'MRPC', format: 'mrpc', labelNames: ['not paraphrase', 'paraphrase'], hasPairs: true,
    processed: {
      encoding: 'utf-8',
      files: [{ split: 'train', path: 'MRPC/msr_paraphrase_train.txt' }, { split: 'test', path: 'MRPC/msr_paraphrase_test.txt' }],
    },
    counts: { train: [1323, 2753], test: [578, 1147] },
  },
];

export const SENTEVAL_NAMES = SENTEVAL_TASKS.map((t) => t.name);

/** Tasks by name (case-insensitive; "SST-2" works for SST2); all of them when `names` is empty. */
export function resolveTasks(names?: string[]): SentevalTask[] {
  if (!names || names.length === 0) return [...SENTEVAL_TASKS];
  const norm = (s: string) => s.toUpperCase().replace(/^SST-(\d)/, 'SST$1');
  const unknown = names.filter((n) => !SENTEVAL_TASKS.some((t) => norm(t.name) === norm(n)));
  if (unknown.length) {
    throw new UserError(`unknown SentEval task${unknown.length > 1 ? 's' : ''} ${unknown.map((u) => `"${u}"`).join(', ')}; valid: ${SENTEVAL_NAMES.join(', ')}`);
  }
  const wanted = new Set(names.map(norm));
  return SENTEVAL_TASKS.filter((t) => wanted.has(norm(t.name)));
}
