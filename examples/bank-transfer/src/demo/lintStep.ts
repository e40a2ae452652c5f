import tlkit from '@tlkit/eslint-plugin';
import { ESLint, type Linter } from 'eslint';
import { EXAMPLE_ROOT, fromRoot, indent } from './output.js';

/** What a demo step found, and whether that is what the demo expects. */
export interface StepOutcome {
  /** Expectations that did not hold; empty when the step behaved as expected. */
  readonly surprises: string[];
}

/**
 * Step 1: lints both variants with `@tlkit/eslint-plugin`'s recommended config. The config is
 * given here (`overrideConfigFile: true`), so the repository's own config, which exempts
 * `leaky/` folders, does not hide the leaky variant's findings.
 *
 * @returns the surprises, if any
 */
export async function lintStep(): Promise<StepOutcome> {
  // typescript-eslint types its flat configs with its own LanguageOptions, which lacks ESLint's
  // index signature: the same object, typed twice.
  const recommended = tlkit.configs.recommended as Linter.Config;
  const eslint = new ESLint({
    cwd: EXAMPLE_ROOT,
    overrideConfigFile: true,
    overrideConfig: [recommended, { ignores: ['**/*.test.ts'] }],
  });
  const surprises: string[] = [];
  for (const variant of ['leaky', 'fixed'] as const) {
    const results = await eslint.lintFiles([`src/${variant}`]);
    const lines = results.flatMap((result) =>
      result.messages.map((m) => `${fromRoot(result.filePath)}:${m.line}:${m.column}  ${m.message}  ${m.ruleId ?? '(parse error)'}`),
    );
    if (lines.length === 0) {
      console.log(`  ${variant}: clean (${results.length} files)`);
    } else {
      console.log(`  ${variant}: ${lines.length} problem${lines.length === 1 ? '' : 's'} in ${results.length} files`);
      console.log(indent(lines.join('\n')));
    }
    const tlkitMessages = results.flatMap((r) => r.messages).filter((m) => m.ruleId?.startsWith('@tlkit/') === true);
    if (variant === 'leaky' && tlkitMessages.length === 0) surprises.push('ESLint found nothing in src/leaky');
    if (variant === 'fixed' && lines.length > 0) surprises.push('ESLint reported problems in src/fixed');
  }
  return { surprises };
}
