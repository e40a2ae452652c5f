import { RuleTester } from '@typescript-eslint/rule-tester';
import { describe, expect, it } from 'vitest';
import { createRule, withDefaults } from './createRule.js';

type ProbeOptions = [{ checkTypes?: boolean; executors?: string[]; allowTryFinally?: boolean }];

/** Reports, once per file, the options its `create` received. */
const optionsProbe = createRule<ProbeOptions, 'options'>({
  name: 'options-probe',
  meta: {
    type: 'problem',
    docs: { description: 'Test probe: reports the options a rule runs with' },
    messages: { options: '{{options}}' },
    schema: [
      {
        type: 'object',
        properties: {
          checkTypes: { type: 'boolean' },
          executors: { type: 'array', items: { type: 'string' } },
          allowTryFinally: { type: 'boolean' },
        },
        additionalProperties: false,
      },
    ],
    defaultOptions: [{ checkTypes: false, executors: [], allowTryFinally: true }],
  },
  create(context, [options]) {
    return {
      Program(node) {
        context.report({
          node,
          messageId: 'options',
          data: { options: JSON.stringify(options) },
        });
      },
    };
  },
});

const dataOf = (options: object): Record<string, string> => ({ options: JSON.stringify(options) });

new RuleTester().run('createRule options', optionsProbe, {
  valid: [],
  invalid: [
    {
      // no options: the defaults
      code: 'x;',
      errors: [{ messageId: 'options', data: dataOf({ checkTypes: false, executors: [], allowTryFinally: true }) }],
    },
    {
      // a partial object: each given value over its default
      code: 'x;',
      options: [{ allowTryFinally: false }],
      errors: [{ messageId: 'options', data: dataOf({ checkTypes: false, executors: [], allowTryFinally: false }) }],
    },
    {
      // a list replaces the default list, as typescript-eslint's deep merge did
      code: 'x;',
      options: [{ executors: ['queue.add'], checkTypes: true }],
      errors: [{ messageId: 'options', data: dataOf({ checkTypes: true, executors: ['queue.add'], allowTryFinally: true }) }],
    },
  ],
});

describe('createRule', () => {
  it('gives the rule its docs URL and keeps meta.defaultOptions', () => {
    expect(optionsProbe.meta.docs?.url).toBe(
      'https://github.com/tlkit/tlkit/blob/main/packages/eslint-plugin/docs/rules/options-probe.md',
    );
    expect(optionsProbe.meta.defaultOptions).toEqual([{ checkTypes: false, executors: [], allowTryFinally: true }]);
  });
});

// ESLint 9.15+ merges meta.defaultOptions before the rule runs; earlier 9.x passes the user's options as given.
describe('withDefaults', () => {
  const defaults = Object.freeze([Object.freeze({ checkTypes: false, executors: Object.freeze([]), allowTryFinally: true })]);

  it('returns the defaults themselves when no option is given', () => {
    expect(withDefaults(defaults, [])).toBe(defaults);
  });

  it('puts each given value over its default, and leaves the defaults untouched', () => {
    expect(withDefaults(defaults, [{ allowTryFinally: false }])).toEqual([
      { checkTypes: false, executors: [], allowTryFinally: false },
    ]);
    expect(defaults[0]).toEqual({ checkTypes: false, executors: [], allowTryFinally: true });
  });

  it('takes a given list as it is, and keeps positions that were not given', () => {
    expect(withDefaults([{ executors: ['a'] }, 'x'] as const, [{ executors: ['b'] }])).toEqual([{ executors: ['b'] }, 'x']);
    expect(withDefaults(['x', 1] as const, [undefined, 2])).toEqual(['x', 2]);
  });
});
