// The shard files a `model.safetensors.index.json` names ({"weight_map": {tensor: file}}). The names
// come from a remote hub or a folder someone gave us, so each must be a plain file name: no path
// separators, no "..", no URL syntax ("?", "#", "%"), no control characters, ending in
// ".safetensors"; and the file it names must resolve inside the model (or staging) folder.
// Anything else is refused before a byte is downloaded or read.
import path from 'node:path';
import { UserError } from '../errors';

const PLAIN_SHARD = /^[A-Za-z0-9_][A-Za-z0-9_.+=@,-]*\.safetensors$/;

/** Why `name` is not a plain shard file name, or undefined when it is one. */
export function shardNameProblem(name: unknown): string | undefined {
  if (typeof name !== 'string' || name === '') return 'is not a file name';
  if (name.length > 255) return 'is longer than 255 characters';
  if (/[/\\]/.test(name)) return 'contains a path separator';
  if (name.includes('..')) return 'contains ".."';
  if (/[?#%]/.test(name)) return 'contains URL syntax (?, # or %)';
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(name)) return 'contains control characters';
  if (!name.endsWith('.safetensors')) return 'does not end in .safetensors';
  if (!PLAIN_SHARD.test(name)) return 'has characters other than letters, digits and _ . + = @ , -';
  return undefined;
}

/**
 * The distinct shard names of an index file's weight_map, sorted; each checked to be a plain
 * file name that resolves inside `dir`. Throws one UserError naming the index file and the shard.
 */
export function shardFilesOf(index: unknown, indexFile: string, dir: string): string[] {
  const weightMap = (index as { weight_map?: unknown } | null)?.weight_map;
  if (!weightMap || typeof weightMap !== 'object' || Array.isArray(weightMap)) {
    throw new UserError(`${indexFile}: no "weight_map" object; the index must map tensor names to .safetensors files`);
  }
  const names = [...new Set(Object.values(weightMap as Record<string, unknown>))];
  if (names.length === 0) throw new UserError(`${indexFile}: "weight_map" is empty`);
  for (const name of names) {
    const problem = shardNameProblem(name);
    if (problem)
      throw new UserError(
        `${indexFile}: shard name ${JSON.stringify(name)} ${problem}; refusing to use it (a shard must be a plain file name like model-00001-of-00002.safetensors)`,
      );
    const full = path.resolve(dir, name as string);
    if (path.dirname(full) !== path.resolve(dir))
      throw new UserError(`${indexFile}: shard name ${JSON.stringify(name)} resolves outside ${dir}; refusing to use it`);
  }
  return (names as string[]).sort();
}
