import type { Finding } from '../Finding.js';
import { escapeControl } from '../escapeControl.js';
import type { Style } from '../style.js';
import { plain } from '../style.js';
import { messageWithSites, siteOf } from './paths.js';

/** What the text and JSON reporters need besides the findings. */
export interface ReportContext {
  /** Directory that paths are shown relative to. */
  readonly baseDir: string;
  /** Number of source files scanned. */
  readonly fileCount: number;
}

/**
 * Formats findings as lines `file:line:col  message  check-id`, then a count. File names come from
 * the file system and may hold control characters: they are escaped, never sent to the terminal.
 *
 * @param findings - the findings, already sorted
 * @param context - base directory and file count
 * @param style - colours for a terminal (the site bold, the check id cyan, the count red or green)
 * @returns the text, ending with a newline
 */
export function formatText(findings: readonly Finding[], context: ReportContext, style: Style = plain): string {
  const count = formatCount(findings, context);
  if (findings.length === 0) return `${style('green', count)}\n`;
  const lines = findings.map(
    (finding) =>
      `${style('bold', escapeControl(siteOf(finding.location, context.baseDir)))}  ` +
      `${escapeControl(messageWithSites(finding, context.baseDir))}  ${style('cyan', finding.checkId)}`,
  );
  return `${lines.join('\n')}\n\n${style(['bold', 'red'], count)}\n`;
}

/**
 * The count line that closes the text output: `3 findings (2 never-removed, 1 pool-task-set) in 120 files`.
 *
 * @param findings - the findings
 * @param context - the file count
 * @returns the line, without a newline
 */
export function formatCount(findings: readonly Finding[], context: Pick<ReportContext, 'fileCount'>): string {
  const files = `${context.fileCount} ${context.fileCount === 1 ? 'file' : 'files'}`;
  if (findings.length === 0) return `0 findings in ${files}`;
  const perCheck = new Map<string, number>();
  for (const finding of findings) perCheck.set(finding.checkId, (perCheck.get(finding.checkId) ?? 0) + 1);
  const breakdown = [...perCheck].map(([id, count]) => `${count} ${id}`).join(', ');
  return `${findings.length} ${findings.length === 1 ? 'finding' : 'findings'} (${breakdown}) in ${files}`;
}
