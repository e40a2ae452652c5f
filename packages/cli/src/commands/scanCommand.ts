import type { ScanFormat } from '../scanOutput/scanReporters.js';
import { scanFormats, scanReporters } from '../scanOutput/scanReporters.js';
import { escapeControl } from '../escapeControl.js';
import { plain, styleFor } from '../style.js';
import { formatCount } from '../scanOutput/text.js';
import { cliVersion } from '../version.js';
import type { Command, OutputStream } from './Command.js';
import { ExitCode, oneOf } from './Command.js';
import { emit } from './emit.js';
import type { ScanProgress } from './scan.js';

/**
 * `tlkit scan`. The scan itself (./scan.js) and the check list pull in ts-morph and the
 * TypeScript compiler, about 1.5 s of loading: they are imported when a scan runs, so that
 * `tlkit --version`, `tlkit report` and other commands' help start at once.
 */
export const scanCommand: Command = {
  meta: {
    name: 'scan',
    summary: 'Whole-program scan of a TypeScript project for thread-local leaks',
    usage: `scan [--project tsconfig.json] [--format ${scanFormats.join('|')}] [--output file]`,
    description:
      'Loads the TypeScript program of a tsconfig and finds, across all its files, thread-locals\n' +
      '(ThreadLocal, InheritableThreadLocal and subclasses from @tlkit/core, AsyncLocalStorage) that leak.',
    options: {
      project: { type: 'string', short: 'p', default: 'tsconfig.json', value: '<path>', description: 'tsconfig.json, or a directory holding one' },
      format: {
        type: 'string',
        short: 'f',
        // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- the reporters' names, never empty: the first is the default
        default: scanFormats[0]!,
        value: '<format>',
        description: scanFormats.join(', '),
      },
      output: { type: 'string', short: 'o', value: '<file>', description: 'Write the report to a file instead of stdout' },
      help: { type: 'boolean', short: 'h', description: 'Show this help' },
    },
    positionals: false,
    async epilogue() {
      const { checks } = await import('../checks/index.js');
      const width = checks.reduce((max, check) => Math.max(max, check.meta.id.length), 0) + 2;
      const formats = scanFormats.map((name) => `  ${name.padEnd(width)} ${scanReporters[name].description}`);
      const checkLines = checks.map((check) => `  ${check.meta.id.padEnd(width)} ${check.meta.shortDescription}`);
      return [
        'Formats:',
        ...formats,
        '',
        'Checks:',
        ...checkLines,
        '',
        'Exit codes: 0 no findings, 1 findings, 2 usage or configuration error (an invalid tsconfig too).',
      ].join('\n');
    },
  },
  async run(values, _positionals, env) {
    const format: ScanFormat = oneOf(values.format, scanFormats, '--format');
    const [{ scan }, { checks }] = await Promise.all([import('./scan.js'), import('../checks/index.js')]);
    const progress = env.stderr.isTTY === true ? progressWriter(env.stderr) : undefined;
    let result;
    try {
      result = scan({
        project: String(values.project),
        cwd: env.cwd,
        ...(progress === undefined ? {} : { onProgress: progress.update }),
      });
    } finally {
      progress?.clear();
    }
    const stderrStyle = styleFor(env.stderr);
    for (const warning of result.warnings) env.stderr.write(`tlkit: ${stderrStyle('yellow', 'warning:')} ${escapeControl(warning)}\n`);
    const toFile = typeof values.output === 'string';
    const context = {
      baseDir: env.cwd,
      fileCount: result.fileCount,
      version: cliVersion(),
      rules: checks.map((check) => check.meta),
      style: toFile ? plain : styleFor(env.stdout),
    };
    emit(scanReporters[format].render(result.findings, context), values.output, env);
    if (toFile) {
      // With the report in a file, the count still tells a person at the terminal (or a CI log) the outcome.
      const count = formatCount(result.findings, context);
      env.stderr.write(`${result.findings.length > 0 ? stderrStyle(['bold', 'red'], count) : stderrStyle('green', count)}\n`);
    }
    return result.findings.length > 0 ? ExitCode.findings : ExitCode.clean;
  },
};

/** A one-line progress indicator, rewritten in place, throttled to about ten updates a second. */
function progressWriter(stream: OutputStream): { update: (progress: ScanProgress) => void; clear: () => void } {
  let last = 0;
  let shown = false;
  return {
    update(progress) {
      const now = Date.now();
      const final = progress.phase !== 'index' || progress.done === progress.total;
      if (!final && now - last < 100) return;
      last = now;
      const text =
        progress.phase === 'load'
          ? 'loading project…'
          : progress.phase === 'index'
            ? `indexing ${progress.done}/${progress.total} files`
            : `checking ${progress.checkId}`;
      stream.write(`\r\x1b[Ktlkit: ${text}`);
      shown = true;
    },
    clear() {
      if (shown) stream.write('\r\x1b[K');
    },
  };
}
