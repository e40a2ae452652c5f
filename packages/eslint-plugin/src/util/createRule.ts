import { ESLintUtils } from '@typescript-eslint/utils';

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

/**
 * Creates a rule with the docs URL derived from its name.
 *
 * @param options - the rule's `name`, `meta`, `defaultOptions` and `create`.
 * @returns the rule module.
 */
export const createRule = ESLintUtils.RuleCreator<TlkitRuleDocs>((name) => `${DOCS_BASE_URL}${name}.md`);
