import { pathToFileURL } from 'node:url';
import type { CheckMeta, Finding, SourceLocation } from '../Finding.js';
import { displayPath, relativeInside, renderMessage, siteOf } from './paths.js';

/** Base id of the SARIF artifact locations: GitHub code scanning maps it to the checkout root. */
const SRCROOT = '%SRCROOT%';

/**
 * Where the CLI reference lives: the repository named in package.json (`homepage`), because a
 * SARIF viewer shows these links outside any checkout and the published package ships no docs/.
 */
const CLI_REFERENCE_URL = 'https://github.com/tlkit/tlkit/blob/main/docs/reference/cli.md';

/**
 * Formats findings as a SARIF 2.1.0 log with one run, the checks as rules, paths relative to
 * `%SRCROOT%` (the base directory), and `{n}` placeholders as embedded links to related locations.
 *
 * @param findings - the findings, already sorted
 * @param rules - metadata of every check that ran (all are listed, with or without results)
 * @param baseDir - directory that artifact URIs are relative to
 * @param version - the CLI version
 * @returns pretty-printed SARIF JSON, ending with a newline
 */
export function formatSarif(findings: readonly Finding[], rules: readonly CheckMeta[], baseDir: string, version: string): string {
  const ruleIndex = new Map(rules.map((rule, i) => [rule.id, i]));
  const levelOf = new Map(rules.map((rule) => [rule.id, rule.level]));
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'tlkit',
            informationUri: CLI_REFERENCE_URL,
            version,
            semanticVersion: version,
            rules: rules.map((rule) => ({
              id: rule.id,
              name: pascalCase(rule.id),
              shortDescription: { text: rule.shortDescription },
              fullDescription: { text: rule.fullDescription },
              // GitHub's heading anchors: each check is documented under a heading that is its id.
              helpUri: `${CLI_REFERENCE_URL}#${rule.id}`,
              help: { text: `${rule.fullDescription} See ${CLI_REFERENCE_URL}#${rule.id}.` },
              defaultConfiguration: { level: rule.level },
              properties: { tags: ['memory-leak', 'thread-local'] },
            })),
          },
        },
        originalUriBaseIds: { [SRCROOT]: { uri: directoryUri(baseDir) } },
        columnKind: 'utf16CodeUnits',
        results: findings.map((finding) => ({
          ruleId: finding.checkId,
          ruleIndex: ruleIndex.get(finding.checkId) ?? -1,
          level: levelOf.get(finding.checkId) ?? 'warning',
          message: { text: renderMessage(finding, (related, i) => `[${siteOf(related, baseDir)}](${i})`) },
          locations: [{ physicalLocation: physicalLocation(finding.location, baseDir) }],
          relatedLocations: finding.related.map((related, i) => ({
            id: i,
            physicalLocation: physicalLocation(related, baseDir),
            message: { text: related.message },
          })),
          partialFingerprints: {
            // Stable across line moves: the check, the file and the message (which names the thread-local).
            'tlkitFinding/v1': `${finding.checkId}:${displayPath(finding.location.file, baseDir)}:${finding.message}`,
          },
        })),
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}

function physicalLocation(location: SourceLocation, baseDir: string): object {
  const relative = relativeInside(location.file, baseDir);
  return {
    artifactLocation:
      relative === undefined ? { uri: pathToFileURL(location.file).href } : { uri: encodeURI(relative), uriBaseId: SRCROOT },
    region: {
      startLine: location.line,
      startColumn: location.column,
      endLine: location.endLine,
      endColumn: location.endColumn,
    },
  };
}

function directoryUri(dir: string): string {
  const href = pathToFileURL(dir).href;
  return href.endsWith('/') ? href : `${href}/`;
}

function pascalCase(id: string): string {
  return id.replace(/(^|-)([a-z])/g, (_match, _dash: string, letter: string) => letter.toUpperCase());
}
