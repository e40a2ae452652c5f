import type { Style } from '../style.js';
import type { AuditSummary } from './auditSummary.js';

/** A format of `tlkit report --format`. */
export interface AuditRenderer {
  /** One line, for `tlkit report --help`. */
  readonly description: string;
  /**
   * Renders the summarized reports.
   *
   * @param summary - the summary
   * @param name - the input file's name, for the heading
   * @param style - colours for a terminal; ignored by formats that are not read in one
   * @returns the output, ending with a newline
   */
  render(summary: AuditSummary, name: string, style: Style): Promise<string>;
}

/**
 * The formats of `tlkit report`, by name: `--format` accepts these names and the help lists them,
 * first one the default. A new format is one entry here. Renderers are imported when they render,
 * so that the help and `tlkit --version` do not load them (nor @tlkit/runtime-audit).
 */
export const auditRenderers = {
  text: {
    description: 'a LEAK: block per merged finding, then bytes held per ThreadLocal site',
    render: async (summary, name, style) => (await import('./textReport.js')).renderAuditText(summary, name, style),
  },
  html: {
    description: 'one self-contained page: a chart of bytes held over time and the findings table',
    render: async (summary, name) => (await import('./htmlReport.js')).renderAuditHtml(summary, name),
  },
} as const satisfies Readonly<Record<string, AuditRenderer>>;

/** A name of {@link auditRenderers}. */
export type AuditFormat = keyof typeof auditRenderers;

/** The names of {@link auditRenderers}, default first. */
export const auditFormats = Object.keys(auditRenderers) as AuditFormat[];
