import path from 'node:path';
import type { AuditFormat } from '../auditOutput/auditRenderers.js';
import { auditRenderers } from '../auditOutput/auditRenderers.js';
import { summarizeAudit } from '../auditOutput/auditSummary.js';
import type { InputLimits } from '../auditOutput/inputLimits.js';
import { DEFAULT_INPUT_LIMITS } from '../auditOutput/inputLimits.js';
import { readAuditFile } from '../auditOutput/readAuditFile.js';
import type { Style } from '../style.js';
import { plain } from '../style.js';

/** Output formats of `tlkit report`. */
export type ReportFormat = AuditFormat;

/** Options of {@link report}. */
export interface ReportOptions {
  /** Path of the audit file (JSON or JSONL). */
  readonly input: string;
  /** Directory that `input` is resolved against. */
  readonly cwd: string;
  readonly format: ReportFormat;
  /** The largest file and line to read; {@link DEFAULT_INPUT_LIMITS} by default. */
  readonly limits?: InputLimits;
  /** Colours for a terminal (text only); none by default. */
  readonly style?: Style;
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
 * Reads runtime-audit reports, streaming the file line by line within the input limits, and
 * renders them in one of the {@link auditRenderers} formats.
 *
 * @param options - input file, working directory, format, limits and style
 * @returns the rendered output, the number of merged findings and warnings
 * @throws InputError when the file is missing, unreadable, over a limit, or not an audit report
 */
export async function report(options: ReportOptions): Promise<ReportResult> {
  const file = path.resolve(options.cwd, options.input);
  const { reports, warnings } = await readAuditFile(file, options.input, options.limits ?? DEFAULT_INPUT_LIMITS);
  const summary = summarizeAudit(reports);
  const output = await auditRenderers[options.format].render(summary, path.basename(options.input), options.style ?? plain);
  return { output, findingCount: summary.findings.length, warnings };
}
