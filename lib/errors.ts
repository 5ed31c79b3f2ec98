// Errors meant for the user: the message names the bad input and what to do. The CLI prints
// these without a stack trace; anything else is a bug and keeps its stack.

export class UserError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UserError';
  }
}

/** A problem in an input file, located by file and 1-based line. */
export class InputFileError extends UserError {
  constructor(
    readonly file: string,
    readonly line: number | undefined,
    readonly problem: string,
  ) {
    super(`${file}${line !== undefined ? `:${line}` : ''}: ${problem}`);
    this.name = 'InputFileError';
  }
}

/** Several problems in a config, all listed at once. */
export class ConfigError extends UserError {
  constructor(
    readonly problems: string[],
    what = 'config',
  ) {
    super(`invalid ${what}:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}
