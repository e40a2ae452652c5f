import { FINDING_KINDS, REPORT_SCHEMA_VERSION } from '@tlkit/runtime-audit';
import { InputError } from '../errors.js';

/*
 * Reading runtime-audit reports defensively. The types below are the part of @tlkit/runtime-audit's
 * `AuditReport` (schemaVersion 1, shared/DESIGN.md and docs/reference/report-schema.md) that the CLI
 * renders. Input is validated field by field: a file that is not an audit report is an InputError
 * (exit 2) that says which field is wrong, never a crash or a silently empty page.
 */

/*
 * The schema version and the finding kinds are runtime-audit's own (REPORT_SCHEMA_VERSION,
 * FINDING_KINDS), so a new kind there is known here without a second list to keep in step. An
 * unknown kind (a report from a newer writer) is kept, rendered as is, with a warning.
 */
const KNOWN_FINDING_KINDS: readonly string[] = FINDING_KINDS;

/** One finding of an audit report, as far as the CLI uses it. */
export interface AuditFinding {
  readonly kind: string;
  readonly id?: string;
  readonly message: string;
  readonly thread: string;
  readonly threads?: readonly string[];
  readonly pool?: string;
  readonly valueType: string;
  /** `null` in the report when the value could not be sized; parsed as absent, with `retainedBytesUnknown`. */
  readonly retainedBytes?: number | null;
  /** `retainedBytes` is a lower bound (the audit's size walk stopped early). */
  readonly retainedBytesLowerBound?: true;
  /** Why the value could not be sized. */
  readonly retainedBytesUnknown?: string;
  readonly totalRetainedBytes?: number;
  readonly threadLocalId?: number;
  readonly threadLocalSite?: string;
  readonly setSite?: string;
  /** True when the value was stored by `get()` from `initialValue()`. */
  readonly initial?: boolean;
  readonly taskSite?: string;
  /** How the task was handed to the pool: `execute` or `submit`. */
  readonly taskKind?: string;
  readonly accessSite?: string;
  readonly staleForMs?: number;
  readonly count: number;
  readonly firstSeen?: string;
  readonly lastSeen?: string;
}

/** One audit report, as far as the CLI uses it. `stats` is kept as given. */
export interface AuditReportInput {
  readonly schemaVersion: typeof REPORT_SCHEMA_VERSION;
  readonly createdAt: string;
  /** `createdAt` in milliseconds since the epoch. */
  readonly time: number;
  readonly findings: readonly AuditFinding[];
  readonly stats: Readonly<Record<string, unknown>>;
}

/** Result of {@link parseAuditInput}: the reports in file order and the warnings to show on stderr. */
export interface ParsedAuditInput {
  readonly reports: readonly AuditReportInput[];
  readonly warnings: readonly string[];
}

/**
 * Parses an audit file held in memory: one JSON report, a JSON array of reports, or JSONL (one
 * report per line). A torn last line of a JSONL file (a process killed while writing) is dropped
 * with a warning. `tlkit report` streams files through {@link AuditInputReader} instead.
 *
 * @param text - the file's content
 * @param name - the file's name, for messages
 * @returns the validated reports, sorted by `createdAt`, and warnings
 * @throws InputError when the content is not JSON/JSONL or a report does not match the schema
 */
export function parseAuditInput(text: string, name: string): ParsedAuditInput {
  const reader = new AuditInputReader(name);
  for (const line of text.split('\n')) reader.line(line);
  return reader.end();
}

/**
 * Reads an audit file line by line, so that a file never has to be held in memory as one string
 * and each report is validated (and its raw JSON dropped) as soon as its line is read.
 *
 * The format is decided by the first line with content: when it is JSON on its own, the file is
 * JSONL (a line holding an array contributes each element); when it is not, the file is one JSON
 * document spread over lines (pretty-printed), parsed at the end.
 */
export class AuditInputReader {
  readonly #name: string;
  #lineNumber = 0;
  #mode: 'undecided' | 'jsonl' | 'document' = 'undecided';
  /** Document mode: the lines so far. */
  readonly #document: string[] = [];
  /** JSONL: the first line's value, validated once a second line shows the file is a series. */
  #first: { value: unknown; line: number } | undefined;
  /** JSONL: a line that is not JSON; only the last line with content may be one (torn). */
  #broken: { line: number; reason: string } | undefined;
  readonly #reports: AuditReportInput[] = [];
  readonly #unknownKinds = new Set<string>();

  /** @param name - the file's name, for messages */
  constructor(name: string) {
    this.#name = name;
  }

  /**
   * Takes the next line of the file (without its line break).
   *
   * @param text - the line
   * @throws InputError when an earlier line was not JSON, or a report does not match the schema
   */
  line(text: string): void {
    const number = ++this.#lineNumber;
    // A byte-order mark (editors on Windows add one) is not JSON whitespace.
    if (number === 1 && text.startsWith('\uFEFF')) text = text.slice(1);
    if (this.#mode === 'document') {
      this.#document.push(text);
      return;
    }
    if (text.trim() === '') return;
    if (this.#broken !== undefined) this.#notJson(this.#broken);
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error: unknown) {
      const reason = error instanceof Error ? error.message : String(error);
      if (this.#mode === 'undecided') {
        this.#mode = 'document';
        this.#document.push(text);
      } else {
        this.#broken = { line: number, reason };
      }
      return;
    }
    if (this.#mode === 'undecided') {
      this.#mode = 'jsonl';
      this.#first = { value, line: number };
      return;
    }
    if (this.#first !== undefined) {
      this.#add(this.#first.value, `${this.#name}:${this.#first.line}`);
      this.#first = undefined;
    }
    this.#add(value, `${this.#name}:${number}`);
  }

  /**
   * Ends the file.
   *
   * @returns the validated reports, sorted by `createdAt`, and warnings
   * @throws InputError when the file is empty, not JSON/JSONL, or holds no report
   */
  end(): ParsedAuditInput {
    const name = this.#name;
    const warnings: string[] = [];
    if (this.#mode === 'undecided') throw new InputError(`${name}: empty file (expected: a runtime-audit report, JSON or JSONL)`);
    if (this.#mode === 'document') {
      let whole: unknown;
      try {
        whole = JSON.parse(this.#document.join('\n'));
      } catch (error: unknown) {
        const reason = error instanceof Error ? error.message : String(error);
        throw new InputError(`${name}: not JSON (${reason}); expected a runtime-audit report (JSON) or one report per line (JSONL)`);
      }
      this.#document.length = 0;
      this.#add(whole, name);
    } else if (this.#first !== undefined) {
      // A file of one line is one JSON document, named as such in messages.
      this.#add(this.#first.value, name);
    }
    if (this.#broken !== undefined) {
      warnings.push(`${name}:${this.#broken.line}: ignoring a torn last line (the writer stopped mid-line)`);
    }
    if (this.#reports.length === 0) throw new InputError(`${name}: no report found (expected: a runtime-audit report, JSON or JSONL)`);
    for (const kind of this.#unknownKinds) {
      warnings.push(`${name}: unknown finding kind \`${kind}\` (known: ${KNOWN_FINDING_KINDS.join(', ')}); shown as is`);
    }
    const reports = this.#reports.slice().sort((a, b) => a.time - b.time);
    return { reports, warnings };
  }

  #add(value: unknown, where: string): void {
    if (Array.isArray(value)) {
      value.forEach((element: unknown, i) => this.#reports.push(toReport(element, `${where}[${i}]`, this.#unknownKinds)));
    } else {
      this.#reports.push(toReport(value, where, this.#unknownKinds));
    }
  }

  #notJson({ line, reason }: { line: number; reason: string }): never {
    throw new InputError(`${this.#name}:${line}: not JSON (${reason}); expected a runtime-audit report (JSON) or one report per line (JSONL)`);
  }
}

function toReport(value: unknown, where: string, unknownKinds: Set<string>): AuditReportInput {
  const fail = (message: string): never => {
    throw new InputError(`${where}: not a runtime-audit report: ${message}`);
  };
  if (!isRecord(value)) return fail(`expected an object, got ${describe(value)}`);
  if (!('schemaVersion' in value) || !('findings' in value)) {
    return fail('missing `schemaVersion` or `findings` (expected: the JSON written by @tlkit/runtime-audit)');
  }
  if (value.schemaVersion !== REPORT_SCHEMA_VERSION) {
    return fail(`schemaVersion: ${JSON.stringify(value.schemaVersion)} (expected: ${REPORT_SCHEMA_VERSION}; a newer tlkit may read it)`);
  }
  const createdAt = value.createdAt;
  const time = typeof createdAt === 'string' ? Date.parse(createdAt) : Number.NaN;
  if (typeof createdAt !== 'string' || Number.isNaN(time)) {
    return fail(`createdAt: ${JSON.stringify(createdAt)} (expected: an ISO 8601 time)`);
  }
  if (!Array.isArray(value.findings)) return fail(`findings: ${describe(value.findings)} (expected: an array)`);
  const stats = value.stats ?? {};
  if (!isRecord(stats)) return fail(`stats: ${describe(stats)} (expected: an object)`);
  const findings = value.findings.map((raw: unknown, i: number) => toFinding(raw, `findings[${i}]`, fail, unknownKinds));
  return { schemaVersion: REPORT_SCHEMA_VERSION, createdAt, time, findings, stats };
}

function toFinding(raw: unknown, at: string, fail: (message: string) => never, unknownKinds: Set<string>): AuditFinding {
  if (!isRecord(raw)) return fail(`${at}: expected an object, got ${describe(raw)}`);
  const text = (key: string): string => {
    const field = raw[key];
    if (typeof field !== 'string') return fail(`${at}.${key}: ${describe(field)} (expected: a string)`);
    return field;
  };
  const optionalText = (key: string): string | undefined => (raw[key] === undefined ? undefined : text(key));
  const number = (key: string): number | undefined => {
    const field = raw[key];
    if (field === undefined) return undefined;
    if (typeof field !== 'number' || !Number.isFinite(field) || field < 0) {
      return fail(`${at}.${key}: ${describe(field)} (expected: a non-negative number)`);
    }
    return field;
  };
  const kind = text('kind');
  if (!KNOWN_FINDING_KINDS.includes(kind)) unknownKinds.add(kind);
  const threads = raw.threads;
  const finding: Record<string, unknown> = {
    kind,
    message: text('message'),
    thread: text('thread'),
    valueType: text('valueType'),
    count: number('count') ?? 1,
  };
  if (Array.isArray(threads) && threads.every((t) => typeof t === 'string')) finding.threads = threads;
  if (typeof raw.initial === 'boolean') finding.initial = raw.initial;
  for (const key of ['id', 'pool', 'threadLocalSite', 'setSite', 'taskSite', 'taskKind', 'accessSite', 'firstSeen', 'lastSeen', 'retainedBytesUnknown']) {
    const field = optionalText(key);
    if (field !== undefined) finding[key] = field;
  }
  for (const key of ['retainedBytes', 'totalRetainedBytes', 'threadLocalId', 'staleForMs']) {
    // An unknown size (`retainedBytes: null`, with `retainedBytesUnknown`) reads as no size.
    if (key === 'retainedBytes' && raw[key] === null) continue;
    const field = number(key);
    if (field !== undefined) finding[key] = field;
  }
  if (raw.retainedBytesLowerBound === true) finding.retainedBytesLowerBound = true;
  return finding as unknown as AuditFinding;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === 'object') return 'an object';
  // eslint-disable-next-line @typescript-eslint/no-base-to-string -- objects are described above: what is left is a primitive (or undefined) from JSON.parse
  return `${typeof value} ${String(value)}`;
}
