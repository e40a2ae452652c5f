import { auditFormats, auditRenderers } from '../auditOutput/auditRenderers.js';
import { DEFAULT_INPUT_LIMITS } from '../auditOutput/inputLimits.js';
import { UsageError } from '../errors.js';
import { escapeControl } from '../escapeControl.js';
import { plain, styleFor } from '../style.js';
import type { Command } from './Command.js';
import { ExitCode, oneOf } from './Command.js';
import { emit } from './emit.js';
import { parseSize } from './parseSize.js';

/** The defaults of `--max-input-size` and `--max-line-size`, as the option takes them. */
const DEFAULT_MAX_INPUT = `${DEFAULT_INPUT_LIMITS.maxBytes / 1024 ** 2}MiB`;
const DEFAULT_MAX_LINE = `${DEFAULT_INPUT_LIMITS.maxLineBytes / 1024 ** 2}MiB`;

/** `tlkit report`: renders runtime-audit reports. */
export const reportCommand: Command = {
  meta: {
    name: 'report',
    summary: 'Render a runtime-audit report (audit.json or audit.jsonl) as text or HTML',
    usage: `report <audit.json|audit.jsonl> [--format ${auditFormats.join('|')}] [--output file]`,
    description:
      'Renders runtime-audit reports (@tlkit/runtime-audit): one report (JSON), or a series of reports,\n' +
      'one per line (JSONL; a torn last line is skipped with a warning), read as a stream. Identical\n' +
      'findings are merged with a count. A file or a line over its limit is refused (exit 2).',
    options: {
      // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- the renderers' names, never empty: the first is the default
      format: { type: 'string', short: 'f', default: auditFormats[0]!, value: '<format>', description: auditFormats.join(', ') },
      output: { type: 'string', short: 'o', value: '<file>', description: 'Write the report to a file instead of stdout' },
      'max-input-size': {
        type: 'string',
        default: DEFAULT_MAX_INPUT,
        value: '<size>',
        description: 'Refuse a larger input (bytes, or with K, M, G)',
      },
      'max-line-size': { type: 'string', default: DEFAULT_MAX_LINE, value: '<size>', description: 'Refuse a longer line' },
      help: { type: 'boolean', short: 'h', description: 'Show this help' },
    },
    positionals: true,
    epilogue: [
      'Formats:',
      ...auditFormats.map((name) => `  ${name.padEnd(8)} ${auditRenderers[name].description}`),
      '',
      'Exit codes: 0 no findings, 1 findings, 2 usage error, or input that is not an audit report or is over a limit.',
    ].join('\n'),
  },
  async run(values, positionals, env) {
    const format = oneOf(values.format, auditFormats, '--format');
    const limits = {
      maxBytes: parseSize(String(values['max-input-size']), '--max-input-size'),
      maxLineBytes: parseSize(String(values['max-line-size']), '--max-line-size'),
    };
    const input = positionals[0];
    if (input === undefined || positionals.length !== 1) {
      throw new UsageError(
        positionals.length === 0
          ? 'report: missing the audit file (usage: tlkit report <audit.json|audit.jsonl>)'
          : `report: one audit file expected, got ${positionals.length}: ${positionals.join(' ')}`,
      );
    }
    const toFile = typeof values.output === 'string';
    // Loaded on demand: the reader and renderers are only needed when a report is rendered.
    const { report } = await import('./report.js');
    const result = await report({ input, cwd: env.cwd, format, limits, style: toFile ? plain : styleFor(env.stdout) });
    const warn = styleFor(env.stderr);
    for (const warning of result.warnings) env.stderr.write(`tlkit: ${warn('yellow', 'warning:')} ${escapeControl(warning)}\n`);
    emit(result.output, values.output, env);
    return result.findingCount > 0 ? ExitCode.findings : ExitCode.clean;
  },
};

