// Every file in scripts/cli/commands/ exports `commands: CommandSpec[]`. Command files stay light:
// they import heavy modules (tfjs, Prisma) lazily inside `run`, so `--help` is instant.
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CommandSpec } from '../../lib/cli/command';
import { projectRoot } from '../../lib/paths';

export async function loadCommands(): Promise<CommandSpec[]> {
  const dir = path.join(projectRoot(), 'scripts', 'cli', 'commands');
  const files = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.ts'))
    .sort();
  const all: CommandSpec[] = [];
  for (const f of files) {
    const mod = (await import(pathToFileURL(path.join(dir, f)).href)) as { commands?: CommandSpec[] };
    all.push(...(mod.commands ?? []));
  }
  return all;
}
