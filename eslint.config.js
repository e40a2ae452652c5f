// Lints the whole repository, untyped (fast enough for every commit and for editors), and dogfoods the
// BUILT @tlkit/eslint-plugin: turbo's `lint` task depends on `@tlkit/eslint-plugin#build`.
import eslintPlugin from 'eslint-plugin-eslint-plugin';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';
import tlkit from '@tlkit/eslint-plugin';

export default defineConfig(
  {
    name: 'tlkit/ignores',
    ignores: [
      '**/dist/**',
      '**/coverage/**',
      '**/.turbo/**',
      '**/test-artifacts/**',
      // Generated benchmark corpora (normally under the OS temp dir; ignored here if pointed inside).
      '**/.bench-corpus/**',
      // The shared construct corpus: bugs on purpose, each marked with the reports it must get.
      'packages/recognition/corpus/**',
    ],
  },
  tseslint.configs.recommended,
  {
    name: 'tlkit/unused-vars',
    rules: {
      // `using _ = tl.scope(value)` is the idiom: a disposable held for its scope is never read.
      '@typescript-eslint/no-unused-vars': [
        'error',
        { varsIgnorePattern: '^_', argsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' },
      ],
    },
  },
  tlkit.configs.recommended,
  {
    // Type-aware linting of the published source (see CONTRIBUTING.md, "Lint"): slower than the untyped
    // pass because each file is checked against its package's tsconfig.json through the project service.
    // Tests stay untyped.
    name: 'tlkit/strict-type-checked',
    files: ['packages/{core,runtime-audit,recognition,eslint-plugin,cli}/src/**/*.ts'],
    ignores: ['**/*.test.ts', '**/test-utils/**'],
    extends: [tseslint.configs.strictTypeChecked],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // Counts, sizes and line numbers read naturally in messages; any other value must be made a string explicitly.
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      // `Transmitter` is static-only on purpose: the public contract mirrors Java's `TransmittableThreadLocal.Transmitter`.
      '@typescript-eslint/no-extraneous-class': ['error', { allowStaticOnly: true }],
      // `(x) => this.#handle(x)` forwards an observer event; the shorthand returning void hides nothing.
      '@typescript-eslint/no-confusing-void-expression': ['error', { ignoreArrowShorthand: true }],
    },
  },
  {
    name: 'tlkit/eslint-plugin-source',
    files: ['packages/eslint-plugin/src/**/*.ts'],
    extends: [eslintPlugin.configs.recommended],
  },
  {
    // Code that must leak on purpose: the "before" half of examples, and runtime tests that create
    // thread-locals per case to observe the map. Only these files may turn the tlkit rules off.
    name: 'tlkit/intentionally-leaky',
    // The `tlkit scan` fixtures that leak across files: the untyped rules follow relative imports too.
    files: [
      '**/leaky/**',
      '**/*.leaky.ts',
      'packages/cli/test/fixtures/{never-removed,pool-task-set,remove-not-in-finally,enter-with-not-restored}/**',
    ],
    rules: {
      '@tlkit/static-thread-local': 'off',
      '@tlkit/remove-in-finally': 'off',
    },
  },
);
