// A tiny declarative command layer: each command declares its flags; parsing, validation and
// `--help` come from the declaration. Commands are thin parsers over lib/ functions.

export type FlagType = 'string' | 'number' | 'boolean' | 'list';

export interface FlagSpec {
  name: string; // without dashes: "dataset"
  type: FlagType;
  description: string;
  default?: string | number | boolean | string[];
  required?: boolean;
  short?: string; // single letter alias
}

export interface CommandSpec {
  name: string; // "data import"
  summary: string;
  usage?: string;
  flags: FlagSpec[];
  positionals?: { name: string; description: string; required?: boolean }[];
  /** Extra help sections after the flags (e.g. the losses and their hyper-parameters). */
  sections?: { title: string; lines: string[] }[];
  examples?: string[];
  run(args: ParsedArgs): Promise<number | void>;
}

export interface ParsedArgs {
  flags: Record<string, string | number | boolean | string[] | undefined>;
  positionals: string[];
}

export class UsageError extends Error {
  constructor(
    message: string,
    readonly command?: CommandSpec,
  ) {
    super(message);
    this.name = 'UsageError';
  }
}

const HELP: FlagSpec = { name: 'help', type: 'boolean', description: 'Show this help and exit', short: 'h' };

export function parseArgs(spec: CommandSpec, argv: string[]): ParsedArgs | 'help' {
  const flags: ParsedArgs['flags'] = {};
  const positionals: string[] = [];
  const all = [...spec.flags, HELP];
  const byName = new Map(all.map((f) => [f.name, f]));
  for (const f of all) if (f.short) byName.set(f.short, f);
  const problems: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('-') || arg === '-') {
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const rawName = arg.replace(/^--?/, '').slice(0, eq > 0 ? eq - (arg.startsWith('--') ? 2 : 1) : undefined);
    const name = rawName.startsWith('no-') && byName.get(rawName.slice(3))?.type === 'boolean' ? rawName.slice(3) : rawName;
    const flag = byName.get(name);
    if (!flag) {
      problems.push(`unknown flag "${arg}" (valid: ${all.map((f) => '--' + f.name).join(', ')})`);
      continue;
    }
    if (flag.name === 'help') return 'help';
    if (flag.type === 'boolean') {
      flags[flag.name] = eq > 0 ? !['false', '0', 'no'].includes(arg.slice(eq + 1)) : !rawName.startsWith('no-');
      continue;
    }
    const value = eq > 0 ? arg.slice(eq + 1) : argv[++i];
    if (value === undefined) {
      problems.push(`flag --${flag.name} needs a value`);
      continue;
    }
    if (flag.type === 'number') {
      const n = Number(value);
      if (!Number.isFinite(n)) problems.push(`flag --${flag.name} expects a number, got "${value}"`);
      else flags[flag.name] = n;
    } else if (flag.type === 'list') {
      const prev = (flags[flag.name] as string[] | undefined) ?? [];
      flags[flag.name] = [
        ...prev,
        ...value
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean),
      ];
    } else flags[flag.name] = value;
  }
  for (const f of spec.flags) {
    if (flags[f.name] === undefined && f.default !== undefined) flags[f.name] = f.default;
    if (f.required && flags[f.name] === undefined) problems.push(`missing required flag --${f.name} (${f.description})`);
  }
  const required = (spec.positionals ?? []).filter((p) => p.required);
  if (positionals.length < required.length) {
    problems.push(
      `missing ${required
        .slice(positionals.length)
        .map((p) => `<${p.name}>`)
        .join(' ')}`,
    );
  }
  if (problems.length) throw new UsageError(problems.join('\n'), spec);
  return { flags, positionals };
}

export function formatHelp(spec: CommandSpec): string {
  const lines = [`dml-lens ${spec.name}: ${spec.summary}`, ''];
  const pos = (spec.positionals ?? []).map((p) => (p.required ? `<${p.name}>` : `[${p.name}]`)).join(' ');
  lines.push(`Usage: ${spec.usage ?? `dml-lens ${spec.name}${pos ? ' ' + pos : ''} [flags]`}`, '');
  if (spec.positionals?.length) {
    lines.push('Arguments:');
    for (const p of spec.positionals) lines.push(`  ${p.name.padEnd(22)} ${p.description}`);
    lines.push('');
  }
  lines.push('Flags:');
  for (const f of [...spec.flags, HELP]) {
    const left = `--${f.name}${f.type === 'boolean' ? '' : ` <${f.type === 'list' ? 'a,b,...' : f.type}>`}`;
    const def = f.default !== undefined ? ` (default: ${Array.isArray(f.default) ? f.default.join(',') : f.default})` : '';
    lines.push(`  ${left.padEnd(28)} ${f.description}${f.required ? ' (required)' : ''}${def}`);
  }
  for (const section of spec.sections ?? []) lines.push('', `${section.title}:`, ...section.lines.map((l) => `  ${l}`));
  if (spec.examples?.length) lines.push('', 'Examples:', ...spec.examples.map((e) => `  ${e}`));
  return lines.join('\n');
}
