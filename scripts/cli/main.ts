// `dml-lens <command> [subcommand] [flags]`: dispatch to the command registry.
import { formatHelp, parseArgs, UsageError, type CommandSpec } from '../../lib/cli/command';
import { UserError } from '../../lib/errors';
import { loadCommands } from './registry';

async function prepareDatabase(): Promise<void> {
  const { ensureMigrated } = await import('../../lib/db/migrate');
  const { databaseUrl } = await import('../../lib/paths');
  await ensureMigrated(databaseUrl());
}

let commands: CommandSpec[] = [];

function topHelp(): string {
  const lines = ['dml-lens: few-shot fine-tuning with metric-learning losses, and explanations.', '', 'Commands:'];
  for (const c of commands) lines.push(`  ${c.name.padEnd(20)} ${c.summary}`);
  lines.push('', 'Run `dml-lens <command> --help` for the flags of a command.');
  return lines.join('\n');
}

function findCommand(argv: string[]): { spec: CommandSpec; rest: string[] } | undefined {
  // longest match first: "data import" before "data"
  for (let n = Math.min(3, argv.length); n >= 1; n--) {
    const name = argv.slice(0, n).join(' ');
    const spec = commands.find((c) => c.name === name);
    if (spec) return { spec, rest: argv.slice(n) };
  }
  return undefined;
}

export async function main(argv: string[]): Promise<number> {
  commands = await loadCommands();
  if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help') {
    console.log(topHelp());
    return 0;
  }
  const found = findCommand(argv);
  if (!found) {
    const group = commands.filter((c) => c.name.startsWith(argv[0] + ' '));
    if (group.length) {
      const wantsHelp = argv.includes('--help') || argv.includes('-h');
      const msg = [`dml-lens ${argv[0]}: subcommands:`, ...group.map((c) => `  ${c.name.padEnd(20)} ${c.summary}`)];
      if (wantsHelp) {
        console.log(msg.join('\n'));
        return 0;
      }
      console.error(`Unknown subcommand "${argv.slice(0, 2).join(' ')}".\n${msg.join('\n')}`);
      return 2;
    }
    console.error(`Unknown command "${argv[0]}".\n\n${topHelp()}`);
    return 2;
  }
  try {
    const parsed = parseArgs(found.spec, found.rest);
    if (parsed === 'help') {
      console.log(formatHelp(found.spec));
      return 0;
    }
    await prepareDatabase(); // a fresh home or database just works: pending migrations applied once
    const code = await found.spec.run(parsed);
    return typeof code === 'number' ? code : 0;
  } catch (err) {
    if (err instanceof UsageError) {
      console.error(`dml-lens ${found.spec.name}: ${err.message}\nRun \`dml-lens ${found.spec.name} --help\` for usage.`);
      return 2;
    }
    if (err instanceof UserError) {
      console.error(`dml-lens ${found.spec.name}: ${err.message}`);
      return 1;
    }
    throw err;
  } finally {
    const { closeDb } = await import('../../lib/db/client');
    await closeDb();
  }
}
