// Where special tokens go around one or two segments, read from a tokenizer.json post_processor
// (TemplateProcessing, BertProcessing, RobertaProcessing, or a Sequence holding one of them), and
// the truncation that keeps them. We apply the template ourselves rather than through
// transformers.js because its truncation cuts the end of the joined sequence (dropping the final
// [SEP]) and its RobertaProcessing gives the second segment type id 1.

export interface TemplatePiece {
  /** A special token (its ids and strings), or one of the two input segments. */
  special?: { ids: number[]; tokens: string[] };
  segment?: 'A' | 'B';
  typeId: number;
}

export interface SequenceTemplate {
  single: TemplatePiece[];
  pair: TemplatePiece[];
}

/** A segment's sub-tokens; wordIds count whitespace words from 0 within the segment. */
export interface Segment {
  ids: number[];
  tokens: string[];
  wordIds: number[];
}

/** A tokenizer.json post_processor, as far as we read it (Hugging Face tokenizers' serialization). */
export interface PostProcessorJson {
  type?: string;
  /** Sequence: the processors it chains. */
  processors?: (PostProcessorJson | null)[];
  /** BertProcessing, RobertaProcessing: [token, id]. */
  cls?: [string, number];
  sep?: [string, number];
  /** TemplateProcessing. */
  single?: TemplateItemJson[];
  pair?: TemplateItemJson[];
  special_tokens?: Record<string, { ids?: number[]; tokens?: string[] } | undefined>;
}

/** One item of a TemplateProcessing template: an input segment or a special token. */
export interface TemplateItemJson {
  Sequence?: { id: string; type_id?: number };
  SpecialToken?: { id: string; type_id?: number };
}

export function templateFromPostProcessor(
  pp: PostProcessorJson | null | undefined,
  tokenToId: (t: string) => number | undefined,
): SequenceTemplate {
  const special = (token: string, typeId: number): TemplatePiece => {
    const id = tokenToId(token);
    if (id === undefined) throw new Error(`post_processor special token "${token}" is not in the vocabulary`);
    return { special: { ids: [id], tokens: [token] }, typeId };
  };
  const seq = (segment: 'A' | 'B', typeId: number): TemplatePiece => ({ segment, typeId });
  switch (pp?.type) {
    case 'TemplateProcessing': {
      const piece = (item: TemplateItemJson): TemplatePiece => {
        if (item.Sequence) return seq(item.Sequence.id === 'B' ? 'B' : 'A', item.Sequence.type_id ?? 0);
        const name: string = item.SpecialToken!.id;
        const entry = pp.special_tokens?.[name];
        if (entry?.ids?.length)
          return { special: { ids: entry.ids, tokens: entry.tokens ?? [name] }, typeId: item.SpecialToken!.type_id ?? 0 };
        return special(name, item.SpecialToken!.type_id ?? 0);
      };
      return { single: pp.single!.map(piece), pair: pp.pair!.map(piece) };
    }
    case 'BertProcessing': {
      const [cls, sep] = [pp.cls![0], pp.sep![0]];
      return {
        single: [special(cls, 0), seq('A', 0), special(sep, 0)],
        pair: [special(cls, 0), seq('A', 0), special(sep, 0), seq('B', 1), special(sep, 1)],
      };
    }
    case 'RobertaProcessing': {
      const [cls, sep] = [pp.cls![0], pp.sep![0]];
      return {
        single: [special(cls, 0), seq('A', 0), special(sep, 0)],
        pair: [special(cls, 0), seq('A', 0), special(sep, 0), special(sep, 0), seq('B', 0), special(sep, 0)],
      };
    }
    case 'Sequence': {
      const inner = [...(pp.processors ?? [])]
        .reverse()
        .find((p) => ['TemplateProcessing', 'BertProcessing', 'RobertaProcessing'].includes(p?.type ?? ''));
      return templateFromPostProcessor(inner, tokenToId);
    }
    default: // none, or ByteLevel only: no special tokens
      return { single: [seq('A', 0)], pair: [seq('A', 0), seq('B', 1)] };
  }
}

export function specialTokenCount(pieces: TemplatePiece[]): number {
  return pieces.reduce((n, p) => n + (p.special?.ids.length ?? 0), 0);
}

/**
 * Longest-first truncation of two segments to `budget` tokens, as the HF `tokenizers` library
 * does it: the shorter segment is kept whole when the longer can absorb the cut; otherwise both
 * get half the budget (the longer, or the second on a tie, the odd one).
 */
export function longestFirst(lenA: number, lenB: number, budget: number): [number, number] {
  if (lenA + lenB <= budget) return [lenA, lenB];
  const aIsShorter = lenA <= lenB; // on a tie A counts as the shorter: B gets the odd token
  const short = aIsShorter ? lenA : lenB;
  let keepShort = short;
  let keepLong = budget - short;
  if (keepLong < short) {
    keepShort = Math.floor(budget / 2);
    keepLong = budget - keepShort;
  }
  return aIsShorter ? [keepShort, keepLong] : [keepLong, keepShort];
}

/** Fills the template with (truncated) segments. wordIds: null for special tokens. */
export function applyTemplate(pieces: TemplatePiece[], a: Segment, b?: Segment, forceTypeIdZero = false) {
  const ids: number[] = [];
  const tokens: string[] = [];
  const typeIds: number[] = [];
  const wordIds: (number | null)[] = [];
  for (const p of pieces) {
    const typeId = forceTypeIdZero ? 0 : p.typeId;
    if (p.special) {
      ids.push(...p.special.ids);
      tokens.push(...p.special.tokens);
      for (let i = 0; i < p.special.ids.length; i++) {
        typeIds.push(typeId);
        wordIds.push(null);
      }
      continue;
    }
    const s = p.segment === 'B' ? b : a;
    if (!s) continue;
    for (let i = 0; i < s.ids.length; i++) {
      ids.push(s.ids[i]);
      tokens.push(s.tokens[i]);
      typeIds.push(typeId);
      wordIds.push(s.wordIds[i]);
    }
  }
  return { ids, tokens, typeIds, wordIds };
}

export function truncateSegment(s: Segment, keep: number): Segment {
  if (s.ids.length <= keep) return s;
  return { ids: s.ids.slice(0, keep), tokens: s.tokens.slice(0, keep), wordIds: s.wordIds.slice(0, keep) };
}
