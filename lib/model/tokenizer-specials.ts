// Ids of the special tokens of a tokenizer folder. Real HF folders differ in where they say it:
// tokenizer_config.json (strings or {content} objects), special_tokens_map.json, or nowhere
// (bert-base-uncased's config only has do_lower_case), where the conventional names apply.
import { UserError } from '../errors';
import type { PostProcessorJson } from './tokenizer-template';

export interface SpecialIds {
  pad: number;
  cls: number;
  sep: number;
  /** -1 when the tokenizer has none. */
  mask: number;
  /** -1 when the tokenizer has none. */
  unk: number;
}

/** tokenizer.json, as far as the special tokens go. */
export interface TokenizerJson {
  post_processor?: PostProcessorJson | null;
  model?: { type?: string; unk_token?: string };
}

function tokenString(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object' && typeof (value as { content?: unknown }).content === 'string')
    return (value as { content: string }).content;
  return undefined;
}

/** First and last special token of the single-sequence template (the [CLS]/[SEP] roles). */
function templateEnds(postProcessor: PostProcessorJson | null | undefined): [string | undefined, string | undefined] {
  if (!postProcessor) return [undefined, undefined];
  if (postProcessor.type === 'Sequence') {
    const inner = [...(postProcessor.processors ?? [])].reverse().find((p) => p?.type !== 'ByteLevel');
    return templateEnds(inner);
  }
  if (postProcessor.type === 'BertProcessing' || postProcessor.type === 'RobertaProcessing') {
    return [postProcessor.cls?.[0], postProcessor.sep?.[0]];
  }
  if (postProcessor.type === 'TemplateProcessing') {
    const specials = (postProcessor.single ?? []).filter((p) => p.SpecialToken).map((p) => p.SpecialToken!.id);
    return [specials[0], specials[specials.length - 1]];
  }
  return [undefined, undefined];
}

export function resolveSpecialIds(
  dir: string,
  tokenizerJson: TokenizerJson,
  config: Record<string, unknown>,
  tokenToId: (t: string) => number | undefined,
): SpecialIds {
  const [templateCls, templateSep] = templateEnds(tokenizerJson.post_processor);
  const candidates: Record<keyof SpecialIds, (string | undefined)[]> = {
    cls: [tokenString(config.cls_token), tokenString(config.bos_token), templateCls, '[CLS]', '<s>'],
    sep: [tokenString(config.sep_token), tokenString(config.eos_token), templateSep, '[SEP]', '</s>'],
    pad: [tokenString(config.pad_token), '[PAD]', '<pad>'],
    unk: [tokenString(config.unk_token), tokenizerJson.model?.unk_token, '[UNK]', '<unk>'],
    mask: [tokenString(config.mask_token), '[MASK]', '<mask>'],
  };
  const find = (role: keyof SpecialIds): number | undefined => {
    for (const t of candidates[role]) {
      const id = t === undefined ? undefined : tokenToId(t);
      if (id !== undefined) return id;
    }
    return undefined;
  };
  const required = (role: 'pad' | 'cls' | 'sep'): number => {
    const id = find(role);
    if (id === undefined) {
      throw new UserError(
        `the tokenizer in ${dir} has no ${role} token: set "${role}_token" in its tokenizer_config.json to a token of its vocabulary`,
      );
    }
    return id;
  };
  return { pad: required('pad'), cls: required('cls'), sep: required('sep'), mask: find('mask') ?? -1, unk: find('unk') ?? -1 };
}
