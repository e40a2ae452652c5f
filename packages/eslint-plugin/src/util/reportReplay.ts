import type { TSESLint, TSESTree } from '@typescript-eslint/utils';

/*
 * The reports of a typed lint, kept per TypeScript program and file, so that a file linted again
 * unchanged on the same program gets the same reports without the analysis: an editor re-lints open
 * files on focus, on save and on every configuration change, and a second `eslint` pass in one process
 * (a watch, a test of the config) lints the whole program again.
 *
 * What a rule reports for a file depends on the file's text, its rule options, `settings.tlkit`, the
 * source type (module or script scope), and on what the program says about the other files (types, and
 * the exports of relative imports, which a typed lint reads as of the program: see
 * ModuleExports#beginLintedFile). typescript-eslint builds a new program object when any file it knows
 * changes, so the program object, the file's text and that key together decide the reports. An untyped
 * lint has no program: nothing is kept.
 *
 * Memory: the reports are kept in a WeakMap of the program; when typescript-eslint drops a program,
 * its reports go with it. A report keeps its location, message data and the fixes' ranges and texts,
 * never a syntax node.
 */

type Fix = TSESLint.RuleFix | readonly TSESLint.RuleFix[];

interface KeptSuggestion {
  readonly messageId: string;
  readonly data: TSESLint.ReportDescriptorMessageData | undefined;
  readonly fix: Fix;
}

interface KeptReport {
  readonly loc: Readonly<TSESTree.Position> | Readonly<TSESTree.SourceLocation>;
  /** The reported node's type: ESLint 9 puts it in each message (`nodeType`); `null` for a `loc`-only report. */
  readonly nodeType: (TSESTree.Node | TSESTree.Token)['type'] | null;
  readonly messageId: string;
  readonly data: TSESLint.ReportDescriptorMessageData | undefined;
  fix: Fix | null;
  /** By position in the descriptor's `suggest`; a suggestion whose fix was `null` stays `undefined`. */
  readonly suggest: Array<KeptSuggestion | undefined>;
}

interface KeptFile {
  readonly text: string;
  readonly reports: readonly KeptReport[];
}

/** program → file (its `ts.SourceFile`) → rule and options → the reports. */
const keptByProgram = new WeakMap<object, WeakMap<object, Map<string, KeptFile>>>();

/** Switch for tests and the benchmark: `false` analyses every file, as before this cache existed. */
export const reportReplay = { enabled: true };

type AnyContext = Readonly<TSESLint.RuleContext<string, readonly unknown[]>>;

interface TypedFile {
  readonly files: Map<string, KeptFile>;
  readonly key: string;
}

/** The program and file of a typed lint, or `null` (untyped, or no file for the tree). */
function typedFileOf(context: AnyContext, ruleName: string): TypedFile | null {
  const services = context.sourceCode.parserServices as
    | {
        readonly program?: object | null;
        readonly esTreeNodeToTSNodeMap?: { get(node: TSESTree.Node): object | undefined };
      }
    | undefined;
  const program = services?.program;
  const sourceFile = program ? services.esTreeNodeToTSNodeMap?.get(context.sourceCode.ast) : undefined;
  if (!program || !sourceFile) return null;
  let byFile = keptByProgram.get(program);
  if (!byFile) {
    byFile = new WeakMap();
    keptByProgram.set(program, byFile);
  }
  let files = byFile.get(sourceFile);
  if (!files) {
    files = new Map();
    byFile.set(sourceFile, files);
  }
  const tlkitSettings: unknown = context.settings.tlkit;
  // The source type decides the scope analysis the rules read (module or script bindings).
  const sourceType = (context.languageOptions as { sourceType?: unknown } | undefined)?.sourceType;
  const key = `${ruleName}\0${String(sourceType)}\0${JSON.stringify(context.options)}\0${JSON.stringify(tlkitSettings ?? null)}`;
  return { files, key };
}

/** A fix as ESLint takes it: a generator's fixes are taken once, into an array. */
function keepable(fix: TSESLint.RuleFix | Iterable<TSESLint.RuleFix> | null): Fix | null {
  if (fix === null) return null;
  return Symbol.iterator in fix ? [...fix] : fix;
}

/**
 * Runs a rule's `create` with its reports kept (typed lint), or replays them when the file, its
 * program and the rule's options are the ones they were kept for.
 *
 * @param context - the rule context ESLint gave.
 * @param ruleName - the rule's name, part of the key.
 * @param create - the rule's own `create`, given a context whose `report` also keeps the report.
 * @returns the listeners: the rule's own (with a `Program:exit` that keeps the reports), or one that replays them.
 */
export function withReportReplay(
  context: AnyContext,
  ruleName: string,
  create: (context: AnyContext) => TSESLint.RuleListener,
): TSESLint.RuleListener {
  const typed = reportReplay.enabled ? typedFileOf(context, ruleName) : null;
  if (!typed) return create(context);
  const { text } = context.sourceCode;
  const kept = typed.files.get(typed.key);
  if (kept?.text === text) {
    return {
      Program() {
        for (const report of kept.reports) replay(context, report);
      },
    };
  }

  const reports: KeptReport[] = [];
  /** Fix functions handed to ESLint and not called yet: a report whose fix ESLint did not compute is not kept. */
  let uncalledFixes = 0;
  const keeping = Object.create(context, {
    report: {
      value(descriptor: TSESLint.ReportDescriptor<string>): void {
        const { fix, suggest } = descriptor;
        // ESLint requires a node or a loc; every node and token has a loc.
        const node = 'node' in descriptor ? descriptor.node : null;
        const report: KeptReport = {
          loc: descriptor.loc ?? (node as TSESTree.Node).loc,
          nodeType: node?.type ?? null,
          messageId: descriptor.messageId,
          data: descriptor.data,
          fix: null,
          suggest: [],
        };
        reports.push(report);
        const fixOnce = (make: TSESLint.ReportFixFunction, keep: (fix: Fix | null) => void): TSESLint.ReportFixFunction => {
          uncalledFixes++;
          return (fixer) => {
            uncalledFixes--;
            const made = keepable(make(fixer));
            keep(made);
            return made;
          };
        };
        context.report({
          ...descriptor,
          ...(fix
            ? {
                fix: fixOnce(fix, (made) => {
                  report.fix = made;
                }),
              }
            : {}),
          ...(suggest
            ? {
                suggest: suggest.map((suggestion, index) => ({
                  ...suggestion,
                  fix: fixOnce(suggestion.fix, (made) => {
                    if (made) report.suggest[index] = { messageId: suggestion.messageId, data: suggestion.data, fix: made };
                  }),
                })),
              }
            : {}),
        });
      },
    },
  }) as AnyContext;

  const listeners = create(keeping);
  const exit = listeners['Program:exit'];
  return {
    ...listeners,
    'Program:exit'(node: TSESTree.Program) {
      exit?.(node);
      if (uncalledFixes === 0) typed.files.set(typed.key, { text, reports });
    },
  };
}

function replay(context: AnyContext, report: KeptReport): void {
  const { fix } = report;
  context.report({
    loc: report.loc,
    // With a `loc`, ESLint reads the node only for ESLint 9's `nodeType`: a stand-in of that type is enough.
    ...(report.nodeType === null ? {} : { node: { type: report.nodeType } as TSESTree.Node | TSESTree.Token }),
    messageId: report.messageId,
    ...(report.data === undefined ? {} : { data: report.data }),
    fix: fix ? () => fix : null,
    suggest: report.suggest
      .filter((suggestion): suggestion is KeptSuggestion => suggestion !== undefined)
      .map(({ messageId, data, fix: suggested }) => ({
        messageId,
        ...(data === undefined ? {} : { data }),
        fix: () => suggested,
      })),
  });
}
