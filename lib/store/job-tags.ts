// Worker tags: a job may require tags (`sweep --tags gpu,big`, `--gpu`); only a worker holding all
// of them claims it. Job.tags and Worker.tags hold a canonical form: sorted, unique, comma-joined
// ("" = no tags). A worker claims the jobs whose tag set is one of the subsets of its own tags, so
// both queues match with equality only (SQL `IN`, one pg-boss queue per tag set).
import { UserError } from '../errors';

/** A worker holds at most this many tags (it matches 2^n tag sets). */
export const MAX_TAGS = 8;
const TAG = /^[a-z0-9][a-z0-9_-]{0,31}$/;

/** Parses "a,b" or ["a","b"] into sorted unique tags; a bad tag is one line naming it. */
export function parseTags(input: string | string[] | undefined, what = '--tags'): string[] {
  const raw = Array.isArray(input) ? input : (input ?? '').split(',');
  const tags = [...new Set(raw.map((t) => t.trim().toLowerCase()).filter(Boolean))].sort();
  const bad = tags.find((t) => !TAG.test(t));
  if (bad !== undefined)
    throw new UserError(
      `${what}: "${bad}" is not a tag; use lowercase letters, digits, "-" or "_" (at most 32 characters), e.g. --tags gpu,big`,
    );
  if (tags.length > MAX_TAGS) throw new UserError(`${what}: ${tags.length} tags given; at most ${MAX_TAGS}`);
  return tags;
}

/** The stored form: sorted, comma-joined ("" for none). */
export function tagsKey(tags: string[]): string {
  return [...new Set(tags)].sort().join(',');
}

export function tagsOfKey(key: string | null | undefined): string[] {
  return key ? key.split(',').filter(Boolean) : [];
}

/** Every tag set a worker holding `tags` may take (each subset, "" included), as stored keys. */
export function claimableTagKeys(tags: string[]): string[] {
  const sorted = [...new Set(tags)].sort();
  const out: string[] = [];
  for (let mask = 0; mask < 1 << sorted.length; mask++) out.push(sorted.filter((_, i) => mask & (1 << i)).join(','));
  return out;
}

/** Whether a worker holding `held` may take a job requiring `required`. */
export function holdsAll(held: string[], required: string[]): boolean {
  const set = new Set(held);
  return required.every((t) => set.has(t));
}

/** The command that starts a worker able to take jobs requiring `tags`. */
export function workerCommandFor(tags: string[]): string {
  const other = tags.filter((t) => t !== 'gpu');
  return `dml-lens worker${tags.includes('gpu') ? ' --gpu' : ''}${other.length ? ` --tags ${other.join(',')}` : ''}`;
}
