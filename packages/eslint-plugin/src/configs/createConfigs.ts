import parser from '@typescript-eslint/parser';
import type { TSESLint } from '@typescript-eslint/utils';
import type { ESLint, Linter } from 'eslint';
import type { TlkitRuleDocs } from '../util/createRule.js';

/** The names of the shared configs, least strict first. */
export const CONFIG_NAMES = [
  'recommended',
  'recommended-type-checked',
  'strict',
  'strict-type-checked',
  'all',
] as const;

/** One of {@link CONFIG_NAMES}. */
export type ConfigName = (typeof CONFIG_NAMES)[number];

/** The part of a rule module the configs are derived from. */
export interface ConfigurableRule {
  readonly meta: {
    readonly docs?: TlkitRuleDocs | undefined;
    readonly schema?: unknown;
  };
}

/** Files the configs apply to: TypeScript and JavaScript, ESM and CommonJS. */
export const LINTED_FILES = ['**/*.{ts,tsx,mts,cts}', '**/*.{js,jsx,mjs,cjs}'];

interface Selection {
  /** Include rules recommended for `strict` too. */
  readonly strict: boolean;
  /** Include rules without a recommendation. */
  readonly all: boolean;
  /** Turn on the rules' `checkTypes` option and the parser's project service. */
  readonly typeChecked: boolean;
}

const SELECTIONS: Readonly<Record<ConfigName, Selection>> = {
  recommended: { strict: false, all: false, typeChecked: false },
  'recommended-type-checked': { strict: false, all: false, typeChecked: true },
  strict: { strict: true, all: false, typeChecked: false },
  'strict-type-checked': { strict: true, all: false, typeChecked: true },
  all: { strict: true, all: true, typeChecked: true },
};

function hasOption(rule: ConfigurableRule, option: string): boolean {
  const schema = rule.meta.schema;
  const first: unknown = Array.isArray(schema) ? schema[0] : undefined;
  const properties = (first as { properties?: Record<string, unknown> } | undefined)?.properties;
  return properties !== undefined && Object.hasOwn(properties, option);
}

function ruleEntry(rule: ConfigurableRule, selection: Selection): Linter.RuleEntry | null {
  const docs = rule.meta.docs;
  const level = docs?.recommended;
  const included = selection.all || level === 'recommended' || (selection.strict && level === 'strict');
  if (!included || (docs?.requiresTypeChecking === true && !selection.typeChecked)) return null;
  const options: Record<string, unknown> = { ...(selection.strict ? docs?.strictOptions : undefined) };
  if (selection.typeChecked && hasOption(rule, 'checkTypes')) options['checkTypes'] = true;
  return Object.keys(options).length > 0 ? ['error', options] : 'error';
}

/**
 * Derives the shared flat configs from the rules' `meta.docs`: `recommended` holds the rules marked
 * `recommended`, `strict` adds the ones marked `strict` and applies their `strictOptions`, the
 * `-type-checked` variants turn on `checkTypes` and the parser's project service, and `all` holds
 * every rule. Each config registers the plugin as `@tlkit` and typescript-eslint's parser.
 *
 * The configs are typed as ESLint's own `Linter.Config`, so that they go straight into `defineConfig()`
 * in an `eslint.config.ts`; typescript-eslint's `FlatConfig` types differ from ESLint's in index
 * signatures only.
 *
 * @param plugin - the plugin object the configs refer to (the configs are attached to it afterwards).
 * @param rules - the plugin's rules by id.
 * @returns one flat config per name in {@link CONFIG_NAMES}.
 */
export function createConfigs(
  plugin: TSESLint.FlatConfig.Plugin,
  rules: Readonly<Record<string, ConfigurableRule>>,
): Record<ConfigName, Linter.Config> {
  const configs = {} as Record<ConfigName, Linter.Config>;
  const eslintPlugin = plugin as unknown as ESLint.Plugin;
  const eslintParser = parser as Linter.Parser;
  for (const name of CONFIG_NAMES) {
    const selection = SELECTIONS[name];
    const entries: Record<string, Linter.RuleEntry> = {};
    for (const [id, rule] of Object.entries(rules)) {
      const entry = ruleEntry(rule, selection);
      if (entry !== null) entries[`@tlkit/${id}`] = entry;
    }
    configs[name] = {
      name: `@tlkit/${name}`,
      files: LINTED_FILES,
      languageOptions: {
        parser: eslintParser,
        ...(selection.typeChecked ? { parserOptions: { projectService: true } } : {}),
      },
      plugins: { '@tlkit': eslintPlugin },
      rules: entries,
    };
  }
  return configs;
}
