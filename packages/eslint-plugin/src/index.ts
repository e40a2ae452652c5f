import { createRequire } from 'node:module';
import type { TSESLint } from '@typescript-eslint/utils';
import type { Linter } from 'eslint';
import { createConfigs } from './configs/createConfigs.js';
import type { ConfigName } from './configs/createConfigs.js';
import { rules } from './rules/index.js';

const manifest = createRequire(import.meta.url)('../package.json') as { name: string; version: string };

/** The plugin object: `meta`, the rules, and the shared flat configs derived from the rules' meta. */
export interface TlkitPlugin extends TSESLint.FlatConfig.Plugin {
  readonly meta: { readonly name: string; readonly version: string };
  readonly rules: typeof rules;
  /** Typed as ESLint's `Linter.Config`: usable as is in `defineConfig()`. */
  readonly configs: Record<ConfigName, Linter.Config>;
}

const base = {
  meta: { name: manifest.name, version: manifest.version },
  rules,
};

/**
 * `@tlkit/eslint-plugin`, flat config only:
 * `import tlkit from '@tlkit/eslint-plugin'; export default [tlkit.configs.recommended];`
 */
const plugin: TlkitPlugin = Object.assign(base, {
  configs: createConfigs(base as TSESLint.FlatConfig.Plugin, rules),
});

export default plugin;
