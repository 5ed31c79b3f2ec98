// `--tags a,b` and `--gpu` of the commands that queue jobs (`sweep`, `train --queue`): the worker
// tags the jobs require (lib/store/job-tags.ts); only a worker holding all of them claims them.
import { parseTags } from '../store/job-tags';

export { workerCommandFor } from '../store/job-tags';
import type { FlagSpec } from '../cli/command';

export const JOB_TAG_FLAGS: FlagSpec[] = [
  {
    name: 'tags',
    type: 'string',
    description: 'Only workers holding all these tags (comma-separated) run the jobs (`dml-lens worker --tags ...`)',
  },
  { name: 'gpu', type: 'boolean', description: 'Only GPU workers (`dml-lens worker --gpu`) run the jobs: the tag "gpu"' },
];

/** The tags the jobs require from `--tags` and `--gpu`. */
export function requiredTagsOf(flags: Record<string, unknown>): string[] {
  const tags = parseTags(flags.tags as string | undefined);
  return flags.gpu ? parseTags([...tags, 'gpu']) : tags;
}
