import type { Finding } from '../Finding.js';
import { displayPath, messageWithSites } from './paths.js';
import type { ReportContext } from './text.js';

/** A location in the JSON output: a path relative to the working directory, 1-based positions. */
export interface JsonLocation {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
}

/** The JSON output of `tlkit scan --format json`. Stable: fields are only ever added. */
export interface JsonScanOutput {
  readonly schemaVersion: 1;
  readonly tool: { readonly name: 'tlkit'; readonly version: string };
  readonly filesScanned: number;
  readonly count: number;
  readonly findings: readonly (JsonLocation & {
    readonly checkId: string;
    readonly message: string;
    readonly related: readonly (JsonLocation & { readonly message: string })[];
  })[];
}

/**
 * Formats findings as one JSON document ({@link JsonScanOutput}).
 *
 * @param findings - the findings, already sorted
 * @param context - base directory and file count
 * @param version - the CLI version
 * @returns pretty-printed JSON, ending with a newline
 */
export function formatJson(findings: readonly Finding[], context: ReportContext, version: string): string {
  const output: JsonScanOutput = {
    schemaVersion: 1,
    tool: { name: 'tlkit', version },
    filesScanned: context.fileCount,
    count: findings.length,
    findings: findings.map((finding) => ({
      checkId: finding.checkId,
      message: messageWithSites(finding, context.baseDir),
      ...location(finding.location, context.baseDir),
      related: finding.related.map((related) => ({ ...location(related, context.baseDir), message: related.message })),
    })),
  };
  return `${JSON.stringify(output, null, 2)}\n`;
}

function location(loc: JsonLocation, baseDir: string): JsonLocation {
  return { file: displayPath(loc.file, baseDir), line: loc.line, column: loc.column, endLine: loc.endLine, endColumn: loc.endColumn };
}
