import { inspect } from 'node:util';

/** Distinct errors remembered, so a flood of new ones cannot grow memory. */
const MAX_DISTINCT = 64;

/**
 * Where errors inside the audit (or in the user's `onReport`) end up: counted, printed to stderr
 * once per distinct error, and never rethrown — an audit must not become the application's problem.
 */
export class ErrorSink {
  /** Every contained error, duplicates included. */
  count = 0;
  readonly #printed = new Set<string>();
  readonly #write: (line: string) => void;

  /** @param write - receives each line to print; stderr by default */
  constructor(write: (line: string) => void = (line) => process.stderr.write(line)) {
    this.#write = write;
  }

  /**
   * Contains one error.
   *
   * @param where - what was running (`an observer event`, `onReport`…)
   * @param error - what it threw
   */
  contain(where: string, error: unknown): void {
    this.count++;
    let text: string;
    try {
      text = error instanceof Error ? `${error.name}: ${error.message}` : inspect(error, { depth: 1, breakLength: Infinity });
    } catch {
      text = 'an error that cannot be printed';
    }
    const key = `${where}\u0000${text}`;
    if (this.#printed.has(key) || this.#printed.size >= MAX_DISTINCT) return;
    this.#printed.add(key);
    try {
      this.#write(`@tlkit/runtime-audit: ${where} threw (contained; reported once, the application is unaffected): ${text}\n`);
    } catch {
      // stderr itself failed (closed pipe): there is nowhere left to report to.
    }
  }
}
