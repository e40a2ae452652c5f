import type { Finding } from '../Finding.js';
import { renderMessage, siteOf } from './paths.js';

/** What the text and JSON reporters need besides the findings. */
export interface ReportContext {
  /** Directory that paths are shown relative to. */
  readonly baseDir: string;
  /** Number of source files scanned. */
  readonly fileCount: number;
}

/**
 * Formats findings as lines `file:line:col  message  check-id`, then a count.
 *
 * @param findings - the findings, already sorted
 * @param context - base directory and file count
 * @returns the text, ending with a newline
 */
export function formatText(findings: readonly Finding[], context: ReportContext): string {
  const lines = findings.map(
    (finding) =>
      `${siteOf(finding.location, context.baseDir)}  ${renderMessage(finding, (i) => siteOf(finding.related[i]!, context.baseDir))}  ${finding.checkId}`,
  );
  const files = `${context.fileCount} ${context.fileCount === 1 ? 'file' : 'files'}`;
  if (findings.length === 0) return `0 findings in ${files}\n`;
  const perCheck = new Map<string, number>();
  for (const finding of findings) perCheck.set(finding.checkId, (perCheck.get(finding.checkId) ?? 0) + 1);
  const breakdown = [...perCheck].map(([id, count]) => `${count} ${id}`).join(', ');
  const total = `${findings.length} ${findings.length === 1 ? 'finding' : 'findings'}`;
  return `${lines.join('\n')}\n\n${total} (${breakdown}) in ${files}\n`;
}
