import {
  POOL_METHODS,
  VOCABULARY,
  WORDING,
  describeScopedForms,
  describeUndo,
  hasWithScope,
  isNeverALeak,
  roleOf,
} from '@tlkit/recognition';
import type { CallRole, LocalStateKind } from '@tlkit/recognition';
import { AST_NODE_TYPES } from '@typescript-eslint/utils';
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { enclosingFunction, indentationAt, isFunctionNode, movableRest } from '../util/ast.js';
import { createRule } from '../util/createRule.js';
import { dottedName } from '../util/dottedName.js';
import { getStoreOrigins, isMethodCall } from '../util/enterWithOrigin.js';
import type { MethodCall, StoreOrigins } from '../util/enterWithOrigin.js';
import { isHandedOff } from '../util/handOff.js';
import type { HandOffContext } from '../util/handOff.js';
import { isInPoolCode, poolFunctionsOf } from '../util/poolFunctions.js';
import { useRunFix, useWithScopeFix } from '../util/scopedFormFixes.js';
import { targetNodeRange } from '../util/targetNode.js';
import { getThreadLocalRecognizer, isNullishValue, propertyName, unwrapExpression } from '../util/ThreadLocalRecognizer.js';
import type { FunctionNode, RecognizedKind } from '../util/ThreadLocalRecognizer.js';
import { getTypedRecognizer } from '../util/TypedRecognizer.js';
import { POOL_CODE_OPTION_SCHEMA } from '../util/poolCodeOptions.js';

/** The rule's options (one object; see the rule doc's Options section). */
export type Options = [
  {
    /** Also recognize thread-locals and pools by type. Needs type information. */
    checkTypes?: boolean;
    /** Callees (`runTask`, `queue.add`) whose function arguments run on pooled threads. */
    executors?: string[];
    /**
     * Accept a thread-local `set()` undone by `remove()` in a `finally`; when `false`, require
     * `runWith`/`scope`. An AsyncLocalStorage restore in a `finally` is accepted either way.
     */
    allowTryFinally?: boolean;
  },
];

/** The rule's message and suggestion ids. */
export type MessageId =
  | 'disableIsNotUndo'
  | 'enterWithAtModuleLevel'
  | 'enterWithWithoutRestore'
  | 'missingRemove'
  | 'missingRemoveInPool'
  | 'preferScopedForm'
  | 'replaceWithRemove'
  | 'setAtModuleLevel'
  | 'setNullish'
  | 'useRun'
  | 'useWithScope'
  | 'wrapInTryFinally';

/**
 * `@tlkit/remove-in-finally`: every `set()` on a thread-local is undone by `remove()` in a covering
 * `finally` (or replaced by `runWith`/`scope`); strictest in pool code. Every AsyncLocalStorage
 * `enterWith(store)` is undone by putting the saved store back (`enterWith(previous)`) in a covering
 * `finally`, handed to the caller, or replaced by `run`/`withScope`; `disable()` is never an undo.
 * See docs/rules/remove-in-finally.md.
 */
export const removeInFinally = createRule<Options, MessageId>({
  name: 'remove-in-finally',
  meta: {
    type: 'problem',
    docs: {
      description: 'Require every thread-local `set()` to be undone by `remove()` in a `finally` that covers it',
      recommended: 'recommended',
      strictOptions: { allowTryFinally: false },
    },
    hasSuggestions: true,
    messages: {
      missingRemove:
        '`{{name}}.set()` leaves its value on the current thread: no `finally` that covers it calls `{{name}}.remove()`, so the value outlives this code and is seen (and retained) by whatever runs next on the thread. Call `{{name}}.remove()` in a `finally`, or use `{{name}}.runWith(value, fn)` or `using _ = {{name}}.scope(value)`.',
      missingRemoveInPool:
        '`{{name}}.set()` runs on a pooled thread that the next task reuses: without `{{name}}.remove()` in a covering `finally` the value is left behind for that task (removing at the end of the `try` or in a `catch` is skipped by a throw or an early return). Use `{{name}}.runWith(value, fn)`, or call `{{name}}.remove()` in a `finally`.',
      setNullish:
        '`{{name}}.set({{value}})` does not clean up: the thread keeps an entry for `{{name}}` in its map. Call `{{name}}.remove()` instead.',
      setAtModuleLevel:
        '`{{name}}.set()` at module level only reaches the main thread, where nothing ever removes it. Set the value inside the code that runs on each thread, with `{{name}}.runWith(value, fn)`.',
      enterWithWithoutRestore:
        '`{{name}}.enterWith()` leaves its store in place: it stays bound to the rest of {{holder}} and everything it schedules, because no `finally` that covers it puts the previous store back and the function does not hand that undo to its caller. Use {{scoped}}, or save `const previous = {{name}}.{{read}}()` before it and call `{{undo}}` in a `finally`.',
      disableIsNotUndo:
        'This `{{name}}.disable` call is not the undo of `{{name}}.enterWith()`: it never puts the previous store back (the rest of {{holder}} sees `undefined`, not the outer store), and on Node 20 and 22 it exits every context of this AsyncLocalStorage, so other in-flight async chains lose their store too. Save `const previous = {{name}}.{{read}}()` before the `enterWith` and call `{{undo}}` here instead, or use {{scoped}}.',
      enterWithAtModuleLevel:
        '`{{name}}.enterWith()` at module level binds the store to the root async context: everything the module schedules afterwards inherits it, and nothing puts the previous store back. Put the store in place where each async chain starts, with {{scoped}}; at module level only `{{name}}.enterWith(undefined)` (clearing the root context) belongs.',
      preferScopedForm:
        '`{{name}}.set()` is paired with `remove()` by hand. Use `{{name}}.runWith(value, fn)` or `using _ = {{name}}.scope(value)`, which cannot be unpaired by later edits.',
      wrapInTryFinally: 'Wrap the rest of the block in `try { … } finally { {{name}}.remove(); }`.',
      replaceWithRemove: 'Replace with `{{name}}.remove()`.',
      useRun: 'Move the rest of the block into `{{name}}.run(store, () => { … })`, which puts the previous store back when it returns.',
      useWithScope: 'Replace with `using _ = {{name}}.withScope(store)`, which puts the previous store back when the block ends.',
    },
    schema: [
      {
        type: 'object',
        properties: {
          ...POOL_CODE_OPTION_SCHEMA,
          allowTryFinally: {
            type: 'boolean',
            description:
              'Accept a thread-local `set()` that a covering `finally` undoes with `remove()`. When `false`, require `runWith()` or `scope()`. AsyncLocalStorage restores are always accepted.',
          },
        },
        additionalProperties: false,
      },
    ],
    defaultOptions: [{ checkTypes: false, executors: [], allowTryFinally: true }],
  },
  defaultOptions: [{ checkTypes: false, executors: [], allowTryFinally: true }],
  create(context, [options]) {
    const { sourceCode } = context;
    const recognizer = getThreadLocalRecognizer(sourceCode, context);
    const typed = options.checkTypes ? getTypedRecognizer(context) : null;
    const executors: ReadonlySet<string> = new Set(options.executors ?? []);
    if (!typed && !recognizer.hasRecognizedImports) return {};
    const allowTryFinally = options.allowTryFinally !== false;
    /** `disable()` calls already reported: one `finally` may serve several `enterWith` calls. */
    const reportedDisables = new Set<TSESTree.Node>();
    let targetRange: string | null | undefined;
    /** The Node versions the file targets, read once and only when an `enterWith` is reported. */
    function nodeRange(): string | undefined {
      targetRange ??= targetNodeRange(context) ?? null;
      return targetRange ?? undefined;
    }
    function storeOrigins(): StoreOrigins {
      return getStoreOrigins(sourceCode);
    }

    const candidates: Candidate[] = [];
    /** Calls that may hand a function to a pool; resolved at the end, when every binding is known. */
    const poolCalls: TSESTree.CallExpression[] = [];

    function kindOf(receiver: TSESTree.Expression): RecognizedKind | null {
      return recognizer.instanceKind(receiver) ?? (typed ? typed.kindOf(receiver) : null);
    }

    /** Functions that run on pooled threads (see `util/poolFunctions.ts`). */
    function poolFunctions(): ReadonlySet<FunctionNode> {
      return poolFunctionsOf({ calls: poolCalls, executors, kindOf, recognizer });
    }

    /**
     * Whether `node` is (or, through same-file helpers, always makes) a call that `match` accepts. A
     * helper's parameters that receive a saved store at the call are assumed saved inside it, so
     * `finally { restore(previous); }` with `function restore(p) { als.enterWith(p); }` is a restore.
     */
    function reachesCall(
      node: TSESTree.Node,
      match: CallMatcher,
      depth: number,
      seen: Set<FunctionNode>,
      assumed: ReadonlySet<Variable>,
    ): boolean {
      const { undone } = match;
      let target = unwrapExpression(node);
      if (target.type === AST_NODE_TYPES.AwaitExpression) target = unwrapExpression(target.argument);
      if (target.type === AST_NODE_TYPES.UnaryExpression && target.operator === 'void') {
        target = unwrapExpression(target.argument);
      }
      if (target.type !== AST_NODE_TYPES.CallExpression) return false;
      if (match(target, assumed)) return true;
      if (depth >= MAX_HELPER_DEPTH) return false;
      const local = recognizer.sameFileFunction(target.callee);
      const helper = local ?? recognizer.importedFunction(target.callee);
      if (!helper || seen.has(helper)) return false;
      seen.add(helper);
      // An imported helper's own calls resolve in its file, not in this one: only its direct undo
      // counts. Only a restore depends on what the helper receives; `remove()`/`disable()` take no store.
      const next = local ? depth + 1 : MAX_HELPER_DEPTH;
      const bound = undone ? storeOrigins().savedParameters(helper, target.arguments, assumed, undone) : assumed;
      return helper.body.type === AST_NODE_TYPES.BlockStatement
        ? blockReaches(helper.body.body, match, next, seen, bound)
        : reachesCall(helper.body, match, next, seen, bound);
    }

    /**
     * Whether running `statements` always reaches a call `match` accepts: directly, or through a call
     * to a same-file function that always does, at the top level, in a nested block, or in a nested
     * `try`'s block or `finally`. Calls under `if`, loops or `catch` do not count.
     */
    function blockReaches(
      statements: readonly TSESTree.Node[],
      match: CallMatcher,
      depth: number,
      seen: Set<FunctionNode>,
      assumed: ReadonlySet<Variable>,
    ): boolean {
      return statements.some((statement) => {
        switch (statement.type) {
          case AST_NODE_TYPES.ExpressionStatement:
            return reachesCall(statement.expression, match, depth, seen, assumed);
          case AST_NODE_TYPES.BlockStatement:
            return blockReaches(statement.body, match, depth, seen, assumed);
          case AST_NODE_TYPES.TryStatement:
            return (
              blockReaches(statement.block.body, match, depth, seen, assumed) ||
              (statement.finalizer !== null && blockReaches(statement.finalizer.body, match, depth, seen, assumed))
            );
          default:
            return false;
        }
      });
    }

    function finallyReaches(tryStatement: TSESTree.TryStatement, match: CallMatcher): boolean {
      return (
        tryStatement.finalizer !== null &&
        blockReaches(tryStatement.finalizer.body, match, 0, new Set(), new Set<Variable>())
      );
    }

    /**
     * The `try` statements whose `finally` covers the call: the call is in the `try` (or its `catch`),
     * within the same function, or its statement is the one right before the `try`. A statement
     * between the call and the `try` may throw before the `try` is entered, so it breaks the cover.
     */
    function coveringTries(call: TSESTree.CallExpression): TSESTree.TryStatement[] {
      const tries: TSESTree.TryStatement[] = [];
      let child: TSESTree.Node = call;
      for (let current: TSESTree.Node | undefined = call.parent; current; child = current, current = current.parent) {
        if (isFunctionNode(current)) break;
        if (
          current.type === AST_NODE_TYPES.TryStatement &&
          (current.block === child || current.handler === child) &&
          current.finalizer
        ) {
          tries.push(current);
        }
      }
      const statement = expressionStatementOf(call);
      const siblings = statement ? siblingsOf(statement) : null;
      if (statement && siblings) {
        const next = siblings[siblings.indexOf(statement) + 1];
        if (next?.type === AST_NODE_TYPES.TryStatement && next.finalizer) tries.push(next);
      }
      return tries;
    }

    /** Matches the undo of a thread-local: a call with the `undo` role (`key.remove()`) on the same receiver. */
    function undoMatcher(key: string, kind: LocalStateKind): CallMatcher {
      return (call) => {
        const callee = unwrapExpression(call.callee);
        return (
          callee.type === AST_NODE_TYPES.MemberExpression &&
          methodRole(kind, callee) === 'undo' &&
          call.arguments.length === 0 &&
          dottedName(callee.object) === key
        );
      };
    }

    /**
     * Matches an AsyncLocalStorage restore of `undone` on the same receiver: `key.enterWith(saved)`,
     * with the store saved before `undone` ran.
     */
    function restoreMatcher(key: string, undone: TSESTree.CallExpression): CallMatcher {
      const match: CallMatcher = (call, assumed) =>
        storeOrigins().isRestore(call, assumed, undone) && dottedName(call.callee.object) === key;
      match.undone = undone;
      return match;
    }

    /** Matches a call that looks like an undo and is not one (`key.disable()`), and remembers it. */
    function notUndoMatcher(key: string, found: MethodCall[]): CallMatcher {
      return (call) => {
        if (!isMethodCall(call, ALS_WORDS.notUndo) || dottedName(call.callee.object) !== key) return false;
        found.push(call);
        return true;
      };
    }

    /** Moves the rest of the block after `statement` into `try { … } finally { key.remove(); }`, when that is safe. */
    function wrapFix(statement: TSESTree.ExpressionStatement, key: string): TSESLint.ReportFixFunction | null {
      const block = statement.parent;
      if (block.type !== AST_NODE_TYPES.BlockStatement) return null;
      const movable = movableRest(sourceCode, statement, block);
      if (!movable) return null;
      const { first, last } = movable;
      const { text } = sourceCode;
      const indent = indentationAt(text, statement.range[0]);
      const firstComments = sourceCode.getCommentsBefore(first);
      const start = firstComments[0]?.range[0] ?? first.range[0];
      const body = text.slice(start, last.range[1]);
      const multilineTemplate = /`[^`]*\n[^`]*`/u.test(body);
      const unit = indent.includes('\t') ? '\t' : '  ';
      const shifted = multilineTemplate ? body : body.replace(/\n(?=[^\n])/gu, `\n${unit}`);
      const replacement = `try {\n${indent}${unit}${shifted}\n${indent}} finally {\n${indent}${unit}${key}.remove();\n${indent}}`;
      return (fixer) => fixer.replaceTextRange([start, last.range[1]], replacement);
    }

    /** `pool` is only asked for a set() that is reported as missing its remove(): most files never need it. */
    function report(candidate: Candidate, pool: () => ReadonlySet<FunctionNode>): void {
      if (candidate.kind === 'async-local-storage') {
        reportEnterWith(candidate);
        return;
      }
      const { call, receiver, kind } = candidate;
      const key = dottedName(receiver);
      const name = sourceCode.getText(receiver);
      const argument = call.arguments[0];
      if (argument && isNullishValue(argument)) {
        const property = (unwrapExpression(call.callee) as TSESTree.MemberExpression).property;
        context.report({
          node: call,
          messageId: 'setNullish',
          data: { name, value: sourceCode.getText(argument) },
          suggest: [
            {
              messageId: 'replaceWithRemove',
              data: { name },
              fix: (fixer) => fixer.replaceTextRange([property.range[0], call.range[1]], 'remove()'),
            },
          ],
        });
        return;
      }
      if (!enclosingFunction(call)) {
        context.report({ node: call, messageId: 'setAtModuleLevel', data: { name } });
        return;
      }
      if (key !== null && coveringTries(call).some((tryStatement) => finallyReaches(tryStatement, undoMatcher(key, kind)))) {
        if (!allowTryFinally) context.report({ node: call, messageId: 'preferScopedForm', data: { name } });
        return;
      }
      const statement = expressionStatementOf(call);
      const fix = statement && key !== null ? wrapFix(statement, key) : null;
      context.report({
        node: call,
        messageId: isInPoolCode(call, pool()) ? 'missingRemoveInPool' : 'missingRemove',
        data: { name },
        suggest: fix ? [{ messageId: 'wrapInTryFinally', data: { name }, fix }] : [],
      });
    }

    /**
     * An AsyncLocalStorage `enterWith(store)`: a restore or a clear (`enterWith(undefined)`) is never
     * reported, nor a subclass's `enterWith` override calling `super.enterWith` (it is the call, not a
     * use of it); at module level any other store is; inside a function it must be restored by a
     * covering `finally` or handed to the caller, and a `disable()` used as its undo is reported instead.
     */
    function reportEnterWith(candidate: Candidate): void {
      const { call, receiver } = candidate;
      const atModuleLevel = !enclosingFunction(call);
      if (isNeverALeak(storeOrigins().originOf(call.arguments[0])) || isSuperDelegation(call)) return;
      const name = sourceCode.getText(receiver);
      const withScope = hasWithScope(nodeRange());
      const data = {
        name,
        scoped: describeScopedForms(name, ALS, withScope),
        undo: describeUndo(name, ALS),
        read: READ_METHOD,
        holder: WORDING[ALS].holder,
      };
      if (atModuleLevel) {
        context.report({ node: call, messageId: 'enterWithAtModuleLevel', data });
        return;
      }
      const key = dottedName(receiver);
      const tries = key === null ? [] : coveringTries(call);
      if (key !== null) {
        const disables: MethodCall[] = [];
        for (const tryStatement of tries) finallyReaches(tryStatement, notUndoMatcher(key, disables));
        if (disables.length > 0) {
          for (const disable of disables) {
            if (reportedDisables.has(disable)) continue;
            reportedDisables.add(disable);
            context.report({ node: disable, messageId: 'disableIsNotUndo', data });
          }
          return;
        }
        if (tries.some((tryStatement) => finallyReaches(tryStatement, restoreMatcher(key, call)))) return;
      }
      if (isHandedOff(call, handOffContext(call, key))) return;
      const suggest: TSESLint.SuggestionReportDescriptor<MessageId>[] = [];
      const scopeFix = withScope ? useWithScopeFix(sourceCode, call, name) : null;
      if (scopeFix) suggest.push({ messageId: 'useWithScope', data: { name }, fix: scopeFix });
      const runFix = useRunFix(sourceCode, call, name);
      if (runFix) suggest.push({ messageId: 'useRun', data: { name }, fix: runFix });
      context.report({ node: call, messageId: 'enterWithWithoutRestore', data, suggest });
    }

    function handOffContext(call: TSESTree.CallExpression, key: string | null): HandOffContext {
      return {
        sourceCode,
        origins: storeOrigins(),
        undone: call,
        isSameStorage: (receiver) => {
          const target = unwrapExpression(receiver);
          return (
            (key !== null && dottedName(target) === key) ||
            (target.type === AST_NODE_TYPES.MemberExpression &&
              unwrapExpression(target.object).type === AST_NODE_TYPES.ThisExpression) ||
            kindOf(receiver) === ALS
          );
        },
      };
    }

    const listeners: TSESLint.RuleListener = {
      // The shape filter runs in ESLint's selector engine: only one-argument calls of these method names
      // (and `enterWith()`) reach the rule (`Map#set(k, v)` and `Headers#set(n, v)` take two arguments).
      [CANDIDATE_SELECTOR](node: TSESTree.CallExpression) {
        const callee = node.callee as TSESTree.MemberExpression;
        const method = propertyName(callee.property, callee.computed);
        if (method === null) return;
        if (POOL_METHODS.has(method)) {
          poolCalls.push(node);
          return;
        }
        const receiver = callee.object;
        const kind = kindOf(receiver);
        if (kind && kind !== 'thread-pool' && roleOf(kind, method) === 'set') candidates.push({ call: node, receiver, kind });
      },
      'Program:exit'() {
        if (candidates.length === 0) return;
        let pool: ReadonlySet<FunctionNode> | undefined;
        const lazyPool = (): ReadonlySet<FunctionNode> => (pool ??= poolFunctions());
        for (const candidate of candidates) report(candidate, lazyPool);
      },
    };
    if (executors.size > 0) {
      listeners.CallExpression = (node) => {
        if (executors.has(dottedName(node.callee) ?? '')) poolCalls.push(node);
      };
    }
    return listeners;
  },
});

/** A `set`/`enterWith` call on a recognized thread-local, waiting for `Program:exit`. */
interface Candidate {
  readonly call: TSESTree.CallExpression;
  readonly receiver: TSESTree.Expression;
  readonly kind: LocalStateKind;
}

type Variable = TSESLint.Scope.Variable;

/**
 * Decides whether a call found where a `finally` always reaches it is the one looked for.
 * `assumed`: parameters of a followed helper that hold a saved store at this call.
 */
type CallMatcher = ((call: TSESTree.CallExpression, assumed: ReadonlySet<Variable>) => boolean) & {
  /** The `enterWith` a restore must undo: arguments of followed helpers are judged relative to it. */
  undone?: TSESTree.CallExpression;
};

const ALS: LocalStateKind = 'async-local-storage';
const ALS_WORDS = VOCABULARY[ALS];
/** The read a restore saves first (`getStore`), as the shared vocabulary names it. */
const READ_METHOD = [...ALS_WORDS.read][0] ?? 'getStore';

/** Helpers called from a `finally` are followed this deep (helper → helper → …). */
const MAX_HELPER_DEPTH = 3;

/**
 * One-argument calls of `set`/`enterWith` (candidates) and `execute`/`submit` (`ThreadPool` methods
 * whose argument runs on a pooled thread), and `enterWith()` without an argument (it binds `undefined`).
 */
const CANDIDATE_SELECTOR =
  'CallExpression[arguments.length=1][callee.type="MemberExpression"][callee.property.name=/^(?:set|enterWith|execute|submit)$/], CallExpression[arguments.length=0][callee.type="MemberExpression"][callee.property.name="enterWith"]';

/**
 * @param kind - the receiver's kind.
 * @param callee - a method call's callee.
 * @returns the role the shared vocabulary gives the method (`undo` for `remove`, `not-undo` for `disable`).
 */
function methodRole(kind: LocalStateKind, callee: TSESTree.MemberExpression): CallRole {
  const method = propertyName(callee.property, callee.computed);
  return method === null ? null : roleOf(kind, method);
}

/** `super.enterWith(x)` inside the subclass's own `enterWith` override: the implementation, not a use. */
function isSuperDelegation(call: TSESTree.CallExpression): boolean {
  const callee = unwrapExpression(call.callee);
  if (callee.type !== AST_NODE_TYPES.MemberExpression || callee.object.type !== AST_NODE_TYPES.Super) return false;
  const method = enclosingFunction(call)?.parent;
  return (
    method?.type === AST_NODE_TYPES.MethodDefinition &&
    propertyName(method.key, method.computed) === propertyName(callee.property, callee.computed)
  );
}

/** The statement a call is the whole expression of (`x.set(v);`, `await x.set(v);`), if any. */
function expressionStatementOf(call: TSESTree.CallExpression): TSESTree.ExpressionStatement | null {
  let current: TSESTree.Node = call;
  // Never the Program: `current` is the call or a wrapper of it, so it always has a parent.
  while (
    current.parent.type === AST_NODE_TYPES.ChainExpression ||
    current.parent.type === AST_NODE_TYPES.AwaitExpression ||
    current.parent.type === AST_NODE_TYPES.UnaryExpression
  ) {
    current = current.parent;
  }
  return current.parent.type === AST_NODE_TYPES.ExpressionStatement ? current.parent : null;
}


/** Statements of the block-like node that holds `statement` (a block, the module, a `case`). */
function siblingsOf(statement: TSESTree.Node): readonly TSESTree.Node[] | null {
  const parent = statement.parent;
  if (
    parent?.type === AST_NODE_TYPES.BlockStatement ||
    parent?.type === AST_NODE_TYPES.Program ||
    parent?.type === AST_NODE_TYPES.StaticBlock
  ) {
    return parent.body;
  }
  if (parent?.type === AST_NODE_TYPES.SwitchCase) return parent.consequent;
  return null;
}
