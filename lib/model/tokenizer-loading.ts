// The classifier's link to the tokenizer (lib/model/tokenizer.ts, another module): loads the
// folder's tokenizer when it has one; otherwise a stand-in that explains what is missing when
// used, so id-level work (tests, benches, training from ids) needs no tokenizer files.
import fs from 'node:fs';
import path from 'node:path';
import { UserError } from '../errors';
import type { TextTokenizer } from './types';

/** Files copied next to a saved model so it stays loadable by us and by HF tools. */
export const TOKENIZER_FILES = [
  'tokenizer.json',
  'tokenizer_config.json',
  'special_tokens_map.json',
  'vocab.txt',
  'vocab.json',
  'merges.txt',
  'added_tokens.json',
];

/** The folder's tokenizer, or undefined when it has no tokenizer files. */
export async function readTokenizer(dir: string): Promise<TextTokenizer | undefined> {
  if (!['tokenizer.json', 'vocab.txt', 'vocab.json'].some((f) => fs.existsSync(path.join(dir, f)))) return undefined;
  const mod = (await import('./tokenizer')) as { loadTokenizer(dir: string): Promise<TextTokenizer> };
  return mod.loadTokenizer(dir);
}

/** A tokenizer whose every use throws a UserError naming the folder. */
export function missingTokenizer(dir: string): TextTokenizer {
  const fail = (): never => {
    throw new UserError(
      `${dir} has no tokenizer files (tokenizer.json); copy them from the model the weights came from, or create the model with \`dml-lens model init\``,
    );
  };
  return new Proxy({} as TextTokenizer, { get: (_t, prop) => (prop === 'then' ? undefined : fail()) });
}
