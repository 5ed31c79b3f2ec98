// Runs one CLI command in-process (parsed exactly as the CLI parses it) and returns what it printed.
import assert from 'node:assert/strict';
import { parseArgs, type CommandSpec } from '../../lib/cli/command';

export async function runCommand(commands: CommandSpec[], name: string, argv: string[]): Promise<string> {
  const spec = commands.find((c) => c.name === name);
  assert.ok(spec, `no command "${name}"`);
  const parsed = parseArgs(spec, argv);
  assert.notEqual(parsed, 'help');
  const lines: string[] = [];
  const log = console.log;
  console.log = (...a: unknown[]) => lines.push(a.join(' '));
  try {
    await spec.run(parsed as Exclude<typeof parsed, 'help'>);
  } finally {
    console.log = log;
  }
  return lines.join('\n');
}
