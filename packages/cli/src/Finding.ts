/** A span of source text. Lines and columns are 1-based, as editors and SARIF count them. */
export interface SourceLocation {
  /** Absolute path of the file. */
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
}

/** A second location that helps explain a finding (where the thread-local is set, where a task is submitted…). */
export interface RelatedLocation extends SourceLocation {
  /** What happens at this location, one short phrase. */
  readonly message: string;
}

/** Ids of the whole-program checks; each is a file `src/checks/<id>.ts`. */
export type CheckId =
  | 'never-removed'
  | 'remove-not-in-finally'
  | 'per-call-factory'
  | 'pool-task-set'
  | 'enter-with-not-restored'
  | 'inheritable-in-pool';

/**
 * One problem found by a check. Plain JSON-safe data: reporters turn it into text, JSON or SARIF.
 */
export interface Finding {
  readonly checkId: CheckId;
  /**
   * One or two sentences: what leaks and why, then the fix. Code is in backticks. A placeholder
   * `{n}` stands for the site of `related[n]`: reporters render it as `file:line:col` (text, JSON)
   * or as a link to the related location (SARIF).
   */
  readonly message: string;
  readonly location: SourceLocation;
  readonly related: readonly RelatedLocation[];
}

/** Describes a check for `--help`, documentation and SARIF rule metadata. */
export interface CheckMeta {
  readonly id: CheckId;
  /** One line, used as SARIF `shortDescription`. */
  readonly shortDescription: string;
  /** One paragraph, used as SARIF `fullDescription`. */
  readonly fullDescription: string;
  /**
   * SARIF level: `error` when the value is certainly left on a thread on some path, `warning` when
   * the leak depends on how the code is called.
   */
  readonly level: 'error' | 'warning';
}
