/** How much of an input `tlkit report` reads before it refuses it. */
export interface InputLimits {
  /** Bytes of the whole file. */
  readonly maxBytes: number;
  /** Bytes of one line (a JSONL report, or a line of a JSON document). */
  readonly maxLineBytes: number;
}

/**
 * The default limits: far above what an audit writes (a report line is kilobytes; a day of
 * reports at one a minute is a few megabytes), far below what would exhaust memory (a 250 MiB
 * series of reports is read in about 0.5 GB). A device or a runaway file (`/dev/zero`, a log
 * written to the wrong path) is refused, not read to the end.
 */
export const DEFAULT_INPUT_LIMITS: InputLimits = { maxBytes: 256 * 1024 * 1024, maxLineBytes: 64 * 1024 * 1024 };
