/**
 * Base class of every error the CLI reports as a usage or configuration problem (exit code 2).
 * `code` is stable and machine-readable; `message` is for people.
 */
export class CliError extends Error {
  /** Stable identifier of the error class, e.g. `USAGE`. */
  readonly code: string;

  /**
   * @param code - stable identifier of the error class
   * @param message - what went wrong and how to fix it
   * @param options - standard error options (`cause`)
   */
  constructor(code: string, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** Thrown when the command line is malformed: an unknown command, flag or format, a missing argument. */
export class UsageError extends CliError {
  /** @param message - what is wrong with the command line */
  constructor(message: string) {
    super('USAGE', message);
  }
}

/** Thrown when the project to scan cannot be loaded: a missing or unreadable tsconfig, no input files. */
export class ConfigError extends CliError {
  /**
   * @param message - what is wrong with the configuration
   * @param options - standard error options (`cause`)
   */
  constructor(message: string, options?: ErrorOptions) {
    super('CONFIG', message, options);
  }
}

/** Thrown when an input file (an audit report) is missing, unreadable or not in the expected format. */
export class InputError extends CliError {
  /**
   * @param message - what is wrong with the input
   * @param options - standard error options (`cause`)
   */
  constructor(message: string, options?: ErrorOptions) {
    super('INPUT', message, options);
  }
}
