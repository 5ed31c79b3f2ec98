// loadTokenizer(dir): a TextTokenizer over a local Hugging Face tokenizer folder, loaded by
// transformers.js (AutoTokenizer) with remote loading off. Works for our WordPiece folders (bert
// and roberta special-token layouts) and for real HF tokenizers (bert-base-uncased's WordPiece,
// roberta-base's byte-level BPE).
//
// transformers.js does the normalization and sub-word split; special tokens, truncation and
// padding are ours (tokenizer-template.ts), so truncation keeps [CLS]/[SEP] and pairs are cut
// longest-first. wordIds: index of the whitespace word of the segment's text (the pair's words
// count from 0 again, like HF `word_ids()`); null for special tokens. If the folder's config.json
// says type_vocab_size 1 (RoBERTa) or the post-processor is RobertaProcessing, typeIds are all 0.
import fs from 'node:fs';
import path from 'node:path';
import { UserError } from '../errors';
import { resolveSpecialIds, type SpecialIds, type TokenizerJson } from './tokenizer-specials';
import {
  applyTemplate,
  longestFirst,
  specialTokenCount,
  templateFromPostProcessor,
  truncateSegment,
  type SequenceTemplate,
} from './tokenizer-template';
import type { TextTokenizer, TokenBatch, Tokenized } from './types';
import { WordEncoder, type PieceTokenizer } from './word-encoder';

/** TextTokenizer plus what callers sometimes need to know about it. */
export interface LoadedTokenizer extends TextTokenizer {
  readonly dir: string;
  /** tokenizer_config.json model_max_length (Infinity when absent): encode's default maxLength. */
  readonly modelMaxLength: number;
  tokenToId(token: string): number | undefined;
  idToToken(id: number): string | undefined;
}

interface HfTokenizer extends PieceTokenizer {
  decode(ids: number[], opts?: { skip_special_tokens?: boolean }): string;
  get_vocab(): Map<string, number>;
  model_max_length: number;
  _tokenizerJSON?: Record<string, unknown>;
}

/** Loads the tokenizer in `dir` (tokenizer.json + tokenizer_config.json) without network access. */
export async function loadTokenizer(dir: string): Promise<LoadedTokenizer> {
  const abs = path.resolve(dir);
  if (!fs.existsSync(abs) || !fs.statSync(abs).isDirectory()) {
    throw new UserError(
      `tokenizer folder ${abs} does not exist: pass a model folder (with tokenizer.json), e.g. one made by \`dml-lens model init\` or \`dml-lens model pull\``,
    );
  }
  const jsonFile = path.join(abs, 'tokenizer.json');
  if (!fs.existsSync(jsonFile)) {
    throw new UserError(
      `${abs} has no tokenizer.json: a model folder needs the Hugging Face "fast" tokenizer file (copy it from the model's hub page, or re-create the folder with \`dml-lens model init\`)`,
    );
  }
  const tokenizerJson = readJson<TokenizerJson>(jsonFile);
  const tokenizerConfig = fs.existsSync(path.join(abs, 'tokenizer_config.json'))
    ? readJson(path.join(abs, 'tokenizer_config.json'))
    : undefined;
  const modelConfig = fs.existsSync(path.join(abs, 'config.json'))
    ? readJson<{ max_position_embeddings?: number; type_vocab_size?: number }>(path.join(abs, 'config.json'))
    : {};
  const specialsMap = fs.existsSync(path.join(abs, 'special_tokens_map.json')) ? readJson(path.join(abs, 'special_tokens_map.json')) : {};

  const { AutoTokenizer, PreTrainedTokenizer, env } = await import('@huggingface/transformers');
  env.allowRemoteModels = false;
  env.allowLocalModels = true;
  let hf: HfTokenizer;
  try {
    hf = tokenizerConfig
      ? await AutoTokenizer.from_pretrained(abs, { local_files_only: true })
      : // no tokenizer_config.json (AutoTokenizer would fail): the generic class over tokenizer.json
        new PreTrainedTokenizer(tokenizerJson, { model_max_length: modelConfig.max_position_embeddings });
  } catch (err) {
    throw new UserError(`could not load the tokenizer in ${abs}: ${(err as Error).message}`);
  }
  const vocab = hf.get_vocab();
  const tokenToId = (t: string) => vocab.get(t);
  const specials = resolveSpecialIds(abs, tokenizerJson, { ...specialsMap, ...(tokenizerConfig ?? {}) }, tokenToId);
  const template = templateFromPostProcessor(tokenizerJson.post_processor, tokenToId);
  const zeroTypeIds = modelConfig.type_vocab_size === 1 || tokenizerJson.post_processor?.type === 'RobertaProcessing';
  return new HfTextTokenizer(abs, hf, vocab, specials, template, zeroTypeIds);
}

function readJson<T = Record<string, unknown>>(file: string): T {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as T;
  } catch (err) {
    throw new UserError(`${file} is not valid JSON (${(err as Error).message}): re-download or re-create the file`);
  }
}

class HfTextTokenizer implements LoadedTokenizer {
  readonly vocabSize: number;
  readonly padId: number;
  readonly clsId: number;
  readonly sepId: number;
  readonly maskId: number;
  readonly unkId: number;
  readonly modelMaxLength: number;
  private readonly words: WordEncoder;
  private readonly idToTokenTable: string[] = [];

  constructor(
    readonly dir: string,
    private readonly hf: HfTokenizer,
    private readonly vocab: Map<string, number>,
    specials: SpecialIds,
    private readonly template: SequenceTemplate,
    private readonly zeroTypeIds: boolean,
  ) {
    for (const [t, id] of vocab) this.idToTokenTable[id] = t;
    this.vocabSize = this.idToTokenTable.length;
    ({ pad: this.padId, cls: this.clsId, sep: this.sepId, mask: this.maskId, unk: this.unkId } = specials);
    const mml = Number(hf.model_max_length);
    this.modelMaxLength = Number.isFinite(mml) && mml > 0 && mml < 1e7 ? mml : Infinity;
    this.words = WordEncoder.detect(hf);
  }

  encode(text: string, pair?: string, maxLength?: number): Tokenized {
    const limit = maxLength ?? this.modelMaxLength;
    const pieces = pair === undefined ? this.template.single : this.template.pair;
    let a = this.words.encode(text);
    let b = pair === undefined ? undefined : this.words.encode(pair);
    if (Number.isFinite(limit)) {
      const budget = limit - specialTokenCount(pieces);
      if (budget < 0) throw new RangeError(`maxLength ${limit} cannot hold the ${specialTokenCount(pieces)} special tokens`);
      if (!b) a = truncateSegment(a, budget);
      else {
        const [keepA, keepB] = longestFirst(a.ids.length, b.ids.length, budget);
        a = truncateSegment(a, keepA);
        b = truncateSegment(b, keepB);
      }
    }
    return applyTemplate(pieces, a, b, this.zeroTypeIds);
  }

  encodeBatch(texts: string[], pairs: (string | undefined)[] | undefined, maxLength: number): TokenBatch {
    if (pairs && pairs.length !== texts.length) throw new RangeError(`${texts.length} texts but ${pairs.length} pairs`);
    const rows = texts.map((t, i) => this.encode(t, pairs?.[i], maxLength));
    const seqLen = rows.reduce((m, r) => Math.max(m, r.ids.length), 0);
    const n = rows.length * seqLen;
    const inputIds = new Int32Array(n).fill(this.padId);
    const attentionMask = new Int32Array(n);
    const tokenTypeIds = new Int32Array(n);
    rows.forEach((r, i) => {
      const o = i * seqLen;
      inputIds.set(r.ids, o);
      attentionMask.fill(1, o, o + r.ids.length);
      tokenTypeIds.set(r.typeIds, o);
    });
    return { inputIds, attentionMask, tokenTypeIds, batchSize: rows.length, seqLen, lengths: rows.map((r) => r.ids.length) };
  }

  /** Text of the ids, special tokens and padding left out. */
  decode(ids: number[]): string {
    return ids.length === 0 ? '' : this.hf.decode(ids, { skip_special_tokens: true });
  }

  tokenToId(token: string): number | undefined {
    return this.vocab.get(token);
  }

  idToToken(id: number): string | undefined {
    return this.idToTokenTable[id];
  }
}
