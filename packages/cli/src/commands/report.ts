import { readFileSync } from 'node:fs';
import path from 'node:path';
import { InputError } from '../errors.js';
import { parseAuditInput } from '../auditOutput/auditInput.js';
import { summarizeAudit } from '../auditOutput/auditSummary.js';
import { renderAuditHtml } from '../auditOutput/htmlReport.js';
import { renderAuditText } from '../auditOutput/textReport.js';

/** Output formats of `tlkit report`. */
export type ReportFormat = 'text' | 'html';

/** Options of {@link report}. */
export interface ReportOptions {
  /** Path of the audit file (JSON or JSONL). */
  readonly input: string;
  /** Directory that `input` is resolved against. */
  readonly cwd: string;
  readonly format: ReportFormat;
}

/** Result of {@link report}. */
export interface ReportResult {
  /** The rendered report. */
  readonly output: string;
  /** Number of merged findings (0 means no leak). */
  readonly findingCount: number;
  /** Diagnostics for stderr (a torn JSONL line, unknown finding kinds). */
  readonly warnings: readonly string[];
}

/**
 * Reads runtime-audit reports and renders them as text or as one self-contained HTML page.
 *
 * @param options - input file, working directory and format
 * @returns the rendered output, the number of merged findings and warnings
 * @throws InputError when the file is missing, unreadable, or not an audit report
 */
export function report(options: ReportOptions): ReportResult {
  const file = path.resolve(options.cwd, options.input);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error: unknown) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : error instanceof Error ? error.message : String(error);
    throw new InputError(`cannot read ${options.input}: ${reason} (expected: an audit.json or audit.jsonl file)`, { cause: error });
  }
  const { reports, warnings } = parseAuditInput(text, options.input);
  const summary = summarizeAudit(reports);
  const name = path.basename(options.input);
  const output = options.format === 'html' ? renderAuditHtml(summary, name) : renderAuditText(summary, name);
  return { output, findingCount: summary.findings.length, warnings };
}
