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
  readonly taskSite?: string;
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
 * Parses an audit file: one JSON report, a JSON array of reports, or JSONL (one report per line).
 * A torn last line of a JSONL file (a process killed while writing) is dropped with a warning.
 *
 * @param text - the file's content
 * @param name - the file's name, for messages
 * @returns the validated reports, sorted by `createdAt`, and warnings
 * @throws InputError when the content is not JSON/JSONL or a report does not match the schema
 */
export function parseAuditInput(text: string, name: string): ParsedAuditInput {
  const warnings: string[] = [];
  const values: { value: unknown; where: string }[] = [];
  const trimmed = text.trim();
  if (trimmed === '') throw new InputError(`${name}: empty file (expected: a runtime-audit report, JSON or JSONL)`);
  let whole: unknown;
  let wholeParsed = false;
  try {
    whole = JSON.parse(trimmed);
    wholeParsed = true;
  } catch {
    // Not one JSON document: read it as JSONL below.
  }
  if (wholeParsed) {
    if (Array.isArray(whole)) whole.forEach((value, i) => values.push({ value, where: `${name}[${i}]` }));
    else values.push({ value: whole, where: name });
  } else {
    const lines = text.split('\n');
    let lastContentLine = lines.length - 1;
    while (lastContentLine > 0 && lines[lastContentLine]!.trim() === '') lastContentLine--;
    lines.forEach((line, i) => {
      if (line.trim() === '') return;
      try {
        values.push({ value: JSON.parse(line), where: `${name}:${i + 1}` });
      } catch (error: unknown) {
        if (i === lastContentLine && i > 0) {
          warnings.push(`${name}:${i + 1}: ignoring a torn last line (the writer stopped mid-line)`);
          return;
        }
        const reason = error instanceof Error ? error.message : String(error);
        throw new InputError(`${name}:${i + 1}: not JSON (${reason}); expected a runtime-audit report (JSON) or one report per line (JSONL)`);
      }
    });
  }
  if (values.length === 0) throw new InputError(`${name}: no report found (expected: a runtime-audit report, JSON or JSONL)`);
  const unknownKinds = new Set<string>();
  const reports = values.map(({ value, where }) => toReport(value, where, unknownKinds));
  for (const kind of unknownKinds) {
    warnings.push(`${name}: unknown finding kind \`${kind}\` (known: ${KNOWN_FINDING_KINDS.join(', ')}); shown as is`);
  }
  reports.sort((a, b) => a.time - b.time);
  return { reports, warnings };
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
  const text = (key: string, required: boolean): string | undefined => {
    const field = raw[key];
    if (field === undefined && !required) return undefined;
    if (typeof field !== 'string') return fail(`${at}.${key}: ${describe(field)} (expected: a string)`);
    return field;
  };
  const number = (key: string): number | undefined => {
    const field = raw[key];
    if (field === undefined) return undefined;
    if (typeof field !== 'number' || !Number.isFinite(field) || field < 0) {
      return fail(`${at}.${key}: ${describe(field)} (expected: a non-negative number)`);
    }
    return field;
  };
  const kind = text('kind', true)!;
  if (!KNOWN_FINDING_KINDS.includes(kind)) unknownKinds.add(kind);
  const threads = raw.threads;
  const finding: Record<string, unknown> = {
    kind,
    message: text('message', true)!,
    thread: text('thread', true)!,
    valueType: text('valueType', true)!,
    count: number('count') ?? 1,
  };
  if (Array.isArray(threads) && threads.every((t) => typeof t === 'string')) finding.threads = threads;
  for (const key of ['id', 'pool', 'threadLocalSite', 'setSite', 'taskSite', 'accessSite', 'firstSeen', 'lastSeen', 'retainedBytesUnknown']) {
    const field = text(key, false);
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
  return `${typeof value} ${String(value)}`;
}
