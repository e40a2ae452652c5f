import { Linter } from 'eslint';
import tseslint from 'typescript-eslint';
import { afterEach, describe, expect, it } from 'vitest';
import { removeInFinally } from '../rules/remove-in-finally.js';
import { staticThreadLocal } from '../rules/static-thread-local.js';
import { typedFixturesDir } from '../../tests/typedFixtures.js';
import { createRule } from './createRule.js';
import { reportReplay, withReportReplay } from './reportReplay.js';

/** Counts the runs of its analysis; reports each `new` with a suggestion that fixes it. */
let analyses = 0;
const countingProbe = createRule<[{ label?: string }], 'found' | 'rename'>({
  name: 'counting-probe',
  meta: {
    type: 'problem',
    docs: { description: 'Test probe: reports each `new` and counts how often it analysed a file' },
    hasSuggestions: true,
    messages: { found: '{{label}}: new {{callee}}', rename: 'Rename to {{callee}}Copy' },
    schema: [{ type: 'object', properties: { label: { type: 'string' } }, additionalProperties: false }],
    defaultOptions: [{ label: 'found' }],
  },
  create(context, [options]) {
    analyses++;
    return {
      NewExpression(node) {
        const callee = context.sourceCode.getText(node.callee);
        context.report({
          node,
          messageId: 'found',
          data: { label: options.label ?? 'found', callee },
          suggest: [
            {
              messageId: 'rename',
              data: { callee },
              fix: (fixer) => fixer.insertTextAfter(node.callee, 'Copy'),
            },
            // A suggestion whose fix is `null` is dropped by ESLint, and must stay dropped on replay.
            { messageId: 'rename', data: { callee }, fix: () => null },
          ],
        });
      },
    };
  },
});

const plugin = {
  rules: { 'counting-probe': countingProbe, 'remove-in-finally': removeInFinally, 'static-thread-local': staticThreadLocal },
};

/** The fixture project's `file.ts`, linted with the text given (typed through the project service). */
const filename = `${typedFixturesDir}file.ts`;

function configWith(rules: Linter.RulesRecord, typed = true): Linter.Config[] {
  return [
    {
      files: ['**/*.ts'],
      languageOptions: {
        parser: tseslint.parser,
        parserOptions: typed ? { projectService: true, tsconfigRootDir: typedFixturesDir } : {},
      },
      plugins: { '@tlkit': plugin as never },
      rules,
    },
  ];
}

const linter = new Linter({ configType: 'flat', cwd: typedFixturesDir });
const lint = (code: string, rules: Linter.RulesRecord, typed = true): Linter.LintMessage[] =>
  linter.verify(code, configWith(rules, typed), filename);

const probeCode = 'class Widget {}\nexport const a = new Widget();\nexport const b = new Map<string, number>();\n';

afterEach(() => {
  reportReplay.enabled = true;
});

describe('reportReplay', () => {
  it('replays the reports of a file linted again unchanged on the same program, suggestions included', () => {
    const rules: Linter.RulesRecord = { '@tlkit/counting-probe': 'error' };
    const before = analyses;
    const first = lint(probeCode, rules);
    const second = lint(probeCode, rules);
    expect(analyses - before).toBe(1);
    expect(first).toHaveLength(2);
    expect(first[0]?.suggestions).toHaveLength(1);
    expect(second).toEqual(first);
  });

  it('analyses again when the text, the options, the settings or the source type change', () => {
    const rules: Linter.RulesRecord = { '@tlkit/counting-probe': 'error' };
    lint(probeCode, rules);
    const before = analyses;
    const edited = lint(`${probeCode}export const c = new Set();\n`, rules);
    expect(edited).toHaveLength(3);
    const relabelled = lint(probeCode, { '@tlkit/counting-probe': ['error', { label: 'seen' }] });
    expect(relabelled[0]?.message).toBe('seen: new Widget');
    const withSettings = linter.verify(
      probeCode,
      [...configWith(rules), { settings: { tlkit: { nodeVersion: '24.0.0' } } }],
      filename,
    );
    expect(withSettings).toHaveLength(2);
    const asScript = linter.verify(probeCode, [...configWith(rules), { languageOptions: { sourceType: 'script' } }], filename);
    expect(asScript).toHaveLength(2);
    expect(analyses - before).toBe(4);
  });

  it('keeps nothing in an untyped lint', () => {
    const rules: Linter.RulesRecord = { '@tlkit/counting-probe': 'error' };
    const before = analyses;
    lint(probeCode, rules, false);
    lint(probeCode, rules, false);
    expect(analyses - before).toBe(2);
  });

  it('analyses every time when switched off', () => {
    const rules: Linter.RulesRecord = { '@tlkit/counting-probe': 'error' };
    lint(probeCode, rules);
    reportReplay.enabled = false;
    const before = analyses;
    lint(probeCode, rules);
    lint(probeCode, rules);
    expect(analyses - before).toBe(2);
  });

  it('gives the rules the same findings replayed as computed', () => {
    const code = [
      "import { ThreadLocal } from '@tlkit/core';",
      'const user = new ThreadLocal<string>();',
      'export function handle(name: string): void {',
      '  user.set(name);',
      '  console.log(user.get());',
      '}',
      'export class Holder {',
      '  readonly local = new ThreadLocal<number>();',
      '}',
      '',
    ].join('\n');
    const rules: Linter.RulesRecord = {
      '@tlkit/remove-in-finally': ['error', { checkTypes: true }],
      '@tlkit/static-thread-local': ['error', { checkTypes: true }],
    };
    reportReplay.enabled = false;
    const computed = lint(code, rules);
    reportReplay.enabled = true;
    const first = lint(code, rules);
    const replayed = lint(code, rules);
    expect(computed.map((message) => message.ruleId).sort()).toEqual([
      '@tlkit/remove-in-finally',
      '@tlkit/static-thread-local',
    ]);
    expect(first).toEqual(computed);
    expect(replayed).toEqual(computed);
  });
});

describe('withReportReplay', () => {
  /** A program, file and tree of their own, contexts on them, and a `create` that counts its runs. */
  function onOneProgram() {
    const program = {};
    const sourceFile = {};
    const ast = { type: 'Program' };
    const counter = { runs: 0 };
    const contextFor = (
      text: string,
      { sourceType = 'module', options = [] as unknown[], settings = {} } = {},
    ): Parameters<typeof withReportReplay>[0] =>
      ({
        sourceCode: { text, ast, parserServices: { program, esTreeNodeToTSNodeMap: new Map([[ast, sourceFile]]) } },
        languageOptions: { sourceType },
        options,
        settings,
        report: () => undefined,
      }) as unknown as Parameters<typeof withReportReplay>[0];
    const create = (): Record<string, never> => {
      counter.runs++;
      return {};
    };
    /** Lints to the end, so that what was analysed is kept. */
    const lintOnce = (context: Parameters<typeof withReportReplay>[0], rule = 'probe'): void => {
      const listeners = withReportReplay(context, rule, create);
      (listeners['Program:exit'] as ((node: unknown) => void) | undefined)?.(ast);
    };
    return { contextFor, lintOnce, counter };
  }

  // typescript-eslint makes a new program whenever a file's text changes; should a program ever be
  // reused for a different text, the text kept with the reports still decides.
  it('analyses again when the same program and file come with another text', () => {
    const { contextFor, lintOnce, counter } = onOneProgram();
    lintOnce(contextFor('a;'));
    lintOnce(contextFor('a;'));
    expect(counter.runs).toBe(1);
    lintOnce(contextFor('b;'));
    expect(counter.runs).toBe(2);
  });

  // In a real lint these come with a new program too, so only a direct call shows that the key alone
  // tells them apart.
  it('keeps reports apart by rule, source type, options and tlkit settings', () => {
    const { contextFor, lintOnce, counter } = onOneProgram();
    const variants = [
      contextFor('a;'),
      contextFor('a;', { sourceType: 'script' }),
      contextFor('a;', { options: [{ checkTypes: true }] }),
      contextFor('a;', { settings: { tlkit: { nodeVersion: '24' } } }),
    ];
    for (const context of variants) lintOnce(context);
    lintOnce(contextFor('a;'), 'other-rule');
    expect(counter.runs).toBe(5);
    for (const context of variants) lintOnce(context);
    lintOnce(contextFor('a;'), 'other-rule');
    expect(counter.runs).toBe(5);
  });
});
