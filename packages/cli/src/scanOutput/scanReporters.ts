import type { CheckMeta, Finding } from '../Finding.js';
import type { Style } from '../style.js';
import { formatJson } from './json.js';
import { formatSarif } from './sarif.js';
import { formatText } from './text.js';

/** What every scan reporter gets besides the findings. */
export interface ScanOutputContext {
  /** Directory that paths are shown relative to (the working directory). */
  readonly baseDir: string;
  /** Number of source files scanned. */
  readonly fileCount: number;
  /** The CLI version. */
  readonly version: string;
  /** Metadata of every check that ran. */
  readonly rules: readonly CheckMeta[];
  /** Colours for a terminal; {@link plain} for a file or pipe. Machine formats ignore it. */
  readonly style: Style;
}

/** A format of `tlkit scan --format`. */
export interface ScanReporter {
  /** One line, for `tlkit scan --help`. */
  readonly description: string;
  /**
   * Renders the findings.
   *
   * @param findings - the findings, sorted
   * @param context - paths, counts, version, rules and style
   * @returns the output, ending with a newline
   */
  render(findings: readonly Finding[], context: ScanOutputContext): string;
}

/**
 * The formats of `tlkit scan`, by name: `--format` accepts these names and the help lists them,
 * first one the default. A new format is one entry here.
 */
export const scanReporters = {
  text: {
    description: '`file:line:col  message  check-id` lines and a count',
    render: (findings, context) => formatText(findings, context, context.style),
  },
  json: {
    description: 'one JSON document (schemaVersion 1), paths relative to the working directory',
    render: (findings, context) => formatJson(findings, context, context.version),
  },
  sarif: {
    description: 'SARIF 2.1.0, for code scanning (GitHub, Azure DevOps, IDEs)',
    render: (findings, context) => formatSarif(findings, context.rules, context.baseDir, context.version),
  },
} as const satisfies Readonly<Record<string, ScanReporter>>;

/** A name of {@link scanReporters}. */
export type ScanFormat = keyof typeof scanReporters;

/** The names of {@link scanReporters}, default first. */
export const scanFormats = Object.keys(scanReporters) as ScanFormat[];
