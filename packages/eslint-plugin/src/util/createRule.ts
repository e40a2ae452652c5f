import { ESLintUtils } from '@typescript-eslint/utils';
import type { TSESLint } from '@typescript-eslint/utils';
import type { RuleWithMetaAndName } from '@typescript-eslint/utils/eslint-utils';
import { withReportReplay } from './reportReplay.js';

/** Which shared configs enable a rule, and with which options in the strict ones. */
export type RuleRecommendation = 'recommended' | 'strict';

/**
 * The plugin's extension of a rule's `meta.docs`. The shared configs are derived from it at load
 * (see `src/configs/`), so a rule's membership is stated once, next to the rule.
 */
export interface TlkitRuleDocs {
  /** One sentence starting with Enforce/Require/Disallow. */
  description: string;
  /** The least strict config that enables the rule; absent means `all` only. */
  recommended?: RuleRecommendation;
  /** Options that `strict` and `strict-type-checked` merge over the defaults. */
  strictOptions?: Record<string, unknown>;
  /** `true` when the rule cannot run at all without type information. */
  requiresTypeChecking?: boolean;
}

/** Base URL of the rule documentation in the repository. */
export const DOCS_BASE_URL = 'https://github.com/tlkit/tlkit/blob/main/packages/eslint-plugin/docs/rules/';

const withDocsUrl = ESLintUtils.RuleCreator<TlkitRuleDocs>((name) => `${DOCS_BASE_URL}${name}.md`);

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The options a rule runs with: each user option over its default. The rules' options are objects of
 * flat values (booleans, lists of names), so a spread merges them as a deep merge would. ESLint 9.15+
 * has already merged `meta.defaultOptions` into `context.options`; earlier 9.x has not.
 *
 * @param defaults - the rule's `meta.defaultOptions`.
 * @param user - `context.options`.
 * @returns the defaults themselves when no option is given, else a merged copy.
 */
export function withDefaults<Options extends readonly unknown[]>(defaults: Options, user: readonly unknown[]): Options {
  if (user.length === 0) return defaults;
  return defaults.map((fallback, index) => {
    const given = user[index];
    if (given === undefined) return fallback;
    return isPlainObject(fallback) && isPlainObject(given) ? { ...fallback, ...given } : given;
  }) as unknown as Options;
}

/**
 * Creates a rule with the docs URL derived from its name. In a typed lint the rule's reports are kept
 * per program and file, and replayed when the file is linted again unchanged (see `reportReplay.ts`).
 *
 * `RuleCreator`'s own `create` deep-clones the defaults with `structuredClone` and deep-merges the
 * user's options on every file, and ESLint charges that to the rule: about 25 µs per rule and file,
 * a tenth of both rules' time on a warm typed lint (Node 20). Here the defaults are frozen once and
 * merged with a spread, so a file costs the rule nothing before its own `create`.
 *
 * @param spec - the rule's `name`, `meta` (with `defaultOptions`) and `create`.
 * @returns the rule module.
 */
export function createRule<Options extends readonly unknown[], MessageIds extends string>(
  spec: Readonly<RuleWithMetaAndName<Options, MessageIds, TlkitRuleDocs>>,
): TSESLint.RuleModule<MessageIds, Options, TlkitRuleDocs> & { name: string } {
  const rule = withDocsUrl(spec);
  const defaults = deepFreeze(spec.meta.defaultOptions ?? ([] as unknown as Options));
  return {
    ...rule,
    create(context) {
      const options = withDefaults(defaults, context.options);
      return withReportReplay(context, spec.name, (keeping) => spec.create(keeping as typeof context, options));
    },
  };
}

/** Freezes `value` and every object in it: the defaults are shared by every file's options. */
function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    for (const nested of Object.values(value)) deepFreeze(nested);
    Object.freeze(value);
  }
  return value;
}
