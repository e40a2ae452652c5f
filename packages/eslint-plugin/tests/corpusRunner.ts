import { relative, sep } from 'node:path';
import { CORPUS_ROOT, compareReports, formatReport } from '@tlkit/testing/corpus';
import type { CorpusCase, CorpusMode, CorpusReport } from '@tlkit/testing/corpus';
import { AST_NODE_TYPES } from '@typescript-eslint/utils';
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { ESLint } from 'eslint';
import type { Linter, Rule } from 'eslint';
import { LINTED_FILES } from '../src/configs/createConfigs.js';
import plugin from '../src/index.js';
import { moduleDeclarationOf } from '../src/util/ast.js';
import { getThreadLocalRecognizer, propertyName } from '../src/util/ThreadLocalRecognizer.js';
import { getTypedRecognizer } from '../src/util/TypedRecognizer.js';

/*
 * Runs the shared construct corpus (packages/recognition/corpus) through the plugin's shared configs,
 * for corpus.test.ts: `eslint` is `recommended` (untyped), `typed` is `recommended-type-checked` with
 * the corpus's own tsconfig. All cases are linted by one ESLint instance per mode (one `lintFiles`
 * over the corpus root), so the typed program is built once; the results are then grouped by case.
 */

/** The ESLint modes of the corpus (`scan` is run by `tlkit scan`'s tests). */
export type EslintMode = Extract<CorpusMode, 'eslint' | 'typed'>;

/** The modes this runner lints the corpus in, in report order. */
export const ESLINT_MODES: readonly EslintMode[] = ['eslint', 'typed'];

/** The plugin prefix stripped from rule ids: the corpus names reports `rule/messageId`. */
const PLUGIN_PREFIX = '@tlkit/';

/** The test-only rule that reports what the recognizers make of each module-level binding. */
const RECOGNIZE_RULE_ID = 'corpus/recognize';

type RecognizeOptions = [{ readonly typed?: boolean }];

/**
 * Reports, for every module-level binding of a file (imports, variables, and `Class.member` for the
 * static fields of top-level classes), the kind the plugin's recognizers give it, as `name=kind`. In
 * typed mode the kind is the untyped recognizer's answer, else the typed one's: what the rules use.
 * A static member is asked about through its first `Class.member` reference in the file, the way the
 * rules meet it.
 */
const recognizeRule: TSESLint.RuleModule<'kind', RecognizeOptions> = {
  defaultOptions: [{}],
  meta: {
    type: 'problem',
    messages: { kind: '{{name}}={{kind}}' },
    schema: [
      {
        type: 'object',
        properties: { typed: { type: 'boolean', description: 'Also ask the typed recognizer.' } },
        additionalProperties: false,
      },
    ],
  },
  create(context) {
    const recognizer = getThreadLocalRecognizer(context.sourceCode);
    const typed = context.options[0]?.typed === true ? getTypedRecognizer(context) : null;

    function report(name: string, node: TSESTree.Node): void {
      const kind = recognizer.instanceKind(node) ?? typed?.kindOf(node) ?? 'none';
      context.report({ node, messageId: 'kind', data: { name, kind } });
    }

    return {
      Program(program) {
        const staticMembers = new Map<string, string>();
        for (const statement of program.body) {
          const node = moduleDeclarationOf(statement);
          if (node.type === AST_NODE_TYPES.ImportDeclaration) {
            for (const specifier of node.specifiers) report(specifier.local.name, specifier.local);
          } else if (node.type === AST_NODE_TYPES.VariableDeclaration) {
            for (const declarator of node.declarations) {
              if (declarator.id.type === AST_NODE_TYPES.Identifier) report(declarator.id.name, declarator.id);
            }
          } else if (node.type === AST_NODE_TYPES.ClassDeclaration && node.id) {
            for (const element of node.body.body) {
              if (element.type !== AST_NODE_TYPES.PropertyDefinition || !element.static) continue;
              const member = propertyName(element.key, element.computed);
              if (member !== null) staticMembers.set(`${node.id.name}.${member}`, node.id.name);
            }
          }
        }
        if (staticMembers.size === 0) return;
        // First `Class.member` reference of each static member, in source order.
        const seen = new Set<string>();
        const stack: TSESTree.Node[] = [program];
        const references: Array<[string, TSESTree.MemberExpression]> = [];
        for (let node = stack.pop(); node; node = stack.pop()) {
          if (node.type === AST_NODE_TYPES.MemberExpression && node.object.type === AST_NODE_TYPES.Identifier) {
            const member = propertyName(node.property, node.computed);
            const name = member === null ? null : `${node.object.name}.${member}`;
            if (name !== null && staticMembers.has(name)) references.push([name, node]);
          }
          for (const key of context.sourceCode.visitorKeys[node.type] ?? []) {
            const child: unknown = (node as unknown as Record<string, unknown>)[key];
            for (const each of Array.isArray(child) ? (child as unknown[]) : [child]) {
              if (each && typeof (each as { type?: unknown }).type === 'string') stack.push(each as TSESTree.Node);
            }
          }
        }
        references.sort(([, a], [, b]) => a.range[0] - b.range[0]);
        for (const [name, node] of references) {
          if (seen.has(name)) continue;
          seen.add(name);
          report(name, node);
        }
      },
    };
  },
};

/** What one mode made of one file: its reports and its bindings' kinds. */
export interface LintedFile {
  readonly reports: CorpusReport[];
  /** Binding name → kind, as the recognize rule saw it. */
  readonly kinds: Map<string, string>;
}

function configFor(mode: EslintMode): Linter.Config[] {
  const shared = mode === 'eslint' ? plugin.configs.recommended : plugin.configs['recommended-type-checked'];
  const configs: Linter.Config[] = [shared];
  if (mode === 'typed') {
    // The corpus root holds the tsconfig.json that covers every case file.
    configs.push({ files: LINTED_FILES, languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: CORPUS_ROOT } } });
  }
  configs.push({
    files: LINTED_FILES,
    plugins: { corpus: { rules: { recognize: recognizeRule as unknown as Rule.RuleModule } } },
    rules: { [RECOGNIZE_RULE_ID]: ['error', { typed: mode === 'typed' }] },
  });
  return configs;
}

function corpusPath(file: string): string {
  return relative(CORPUS_ROOT, file).split(sep).join('/');
}

/**
 * Lints every case file of the corpus in one run of one ESLint instance.
 *
 * @param mode - `eslint` (the `recommended` config) or `typed` (`recommended-type-checked`).
 * @returns per corpus-relative file path, its reports (`rule/messageId`, fatal parse errors as
 *   `fatal: …`) and the kinds the recognize rule gave its module-level bindings.
 */
export async function lintCorpus(mode: EslintMode): Promise<Map<string, LintedFile>> {
  const eslint = new ESLint({ cwd: CORPUS_ROOT, overrideConfigFile: true, overrideConfig: configFor(mode) });
  const results = await eslint.lintFiles(['.']);
  const byFile = new Map<string, LintedFile>();
  for (const result of results) {
    const file = corpusPath(result.filePath);
    const linted: LintedFile = { reports: [], kinds: new Map() };
    byFile.set(file, linted);
    for (const message of result.messages) {
      if (message.ruleId === RECOGNIZE_RULE_ID) {
        const [name = '', kind = ''] = message.message.split('=');
        linted.kinds.set(name, kind);
      } else {
        // A parse error (no rule id) is a report too: it fails the case instead of hiding its reports.
        const id =
          message.ruleId === null
            ? `fatal: ${message.message}`
            : `${message.ruleId.replace(PLUGIN_PREFIX, '')}/${message.messageId ?? '(no messageId)'}`;
        linted.reports.push({ file, line: message.line, id });
      }
    }
  }
  return byFile;
}

/**
 * @param corpusCase - a case of the corpus.
 * @param linted - the result of {@link lintCorpus}.
 * @returns the case's reports as `file:line id`, sorted as the corpus sorts its expectations; a case
 *   file ESLint did not lint shows up as a `not linted` report.
 */
export function reportsOf(corpusCase: CorpusCase, linted: ReadonlyMap<string, LintedFile>): string[] {
  return corpusCase.files
    .flatMap((file) => linted.get(corpusPath(file))?.reports ?? [{ file: corpusPath(file), line: 0, id: 'not linted' }])
    .sort(compareReports)
    .map(formatReport);
}

/**
 * @param corpusCase - a case of the corpus.
 * @param linted - the result of {@link lintCorpus}.
 * @returns each `recognize:` binding, in every case file that binds that name at module level (the
 *   declaring file and the files importing it), as `file: name=kind`, expected and actual; a name
 *   bound in no file of the case is itself a mismatch.
 */
export function kindsOf(corpusCase: CorpusCase, linted: ReadonlyMap<string, LintedFile>): { expected: string[]; actual: string[] } {
  const expected: string[] = [];
  const actual: string[] = [];
  for (const [name, kind] of [...corpusCase.recognize].sort(([a], [b]) => a.localeCompare(b))) {
    let bound = false;
    for (const file of corpusCase.files.map(corpusPath)) {
      const found = linted.get(file)?.kinds.get(name);
      if (found === undefined) continue;
      bound = true;
      expected.push(`${file}: ${name}=${kind}`);
      actual.push(`${file}: ${name}=${found}`);
    }
    if (!bound) {
      expected.push(`${name}=${kind}`);
      actual.push(`${name}: bound at module level in no file of the case`);
    }
  }
  return { expected, actual };
}
