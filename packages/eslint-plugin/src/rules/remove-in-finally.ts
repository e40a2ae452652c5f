import { AST_NODE_TYPES } from '@typescript-eslint/utils';
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { enclosingFunction, indentationAt, isFunctionNode } from '../util/ast.js';
import { createRule } from '../util/createRule.js';
import { getThreadLocalRecognizer, propertyName, unwrapExpression } from '../util/ThreadLocalRecognizer.js';
import type { FunctionNode, RecognizedKind } from '../util/ThreadLocalRecognizer.js';
import { getTypedRecognizer } from '../util/TypedRecognizer.js';

/** The rule's options (one object; see the rule doc's Options section). */
export type Options = [
  {
    /** Also recognize thread-locals and pools by type. Needs type information. */
    checkTypes?: boolean;
    /** Callees (`runTask`, `queue.add`) whose function arguments run on pooled threads. */
    executors?: string[];
    /** Accept a `set()` undone by `remove()` in a `finally`; when `false`, require `runWith`/`scope`. */
    allowTryFinally?: boolean;
  },
];

/** The rule's message and suggestion ids. */
export type MessageId =
  | 'enterWithWithoutUndo'
  | 'missingRemove'
  | 'missingRemoveInPool'
  | 'preferScopedForm'
  | 'replaceWithRemove'
  | 'setAtModuleLevel'
  | 'setNullish'
  | 'wrapInTryFinally';

/**
 * `@tlkit/remove-in-finally`: every `set()` on a thread-local is undone by `remove()` in a covering
 * `finally` (or replaced by `runWith`/`scope`); strictest in pool code. See docs/rules/remove-in-finally.md.
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
      enterWithWithoutUndo:
        '`{{name}}.enterWith()` binds the store to the rest of this execution and everything it schedules, and nothing undoes it here. Use `{{name}}.run(store, fn)`.',
      preferScopedForm:
        '`{{name}}.set()` is paired with `remove()` by hand. Use `{{name}}.runWith(value, fn)` or `using _ = {{name}}.scope(value)`, which cannot be unpaired by later edits.',
      wrapInTryFinally: 'Wrap the rest of the block in `try { … } finally { {{name}}.remove(); }`.',
      replaceWithRemove: 'Replace with `{{name}}.remove()`.',
    },
    schema: [
      {
        type: 'object',
        properties: {
          checkTypes: {
            type: 'boolean',
            description: 'Also recognize thread-locals and thread pools by type. Needs type information.',
          },
          executors: {
            type: 'array',
            items: { type: 'string' },
            uniqueItems: true,
            description:
              'Callees, as written (`runTask`, `queue.add`), whose function arguments run on pooled threads, in addition to `ThreadPool#execute` and `#submit`.',
          },
          allowTryFinally: {
            type: 'boolean',
            description:
              'Accept a `set()` that a covering `finally` undoes with `remove()`. When `false`, require `runWith()` or `scope()`.',
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

    const candidates: Candidate[] = [];
    /** Calls that may hand a function to a pool; resolved at the end, when every binding is known. */
    const poolCalls: TSESTree.CallExpression[] = [];

    function kindOf(receiver: TSESTree.Expression): RecognizedKind | null {
      return recognizer.instanceKind(receiver) ?? (typed ? typed.kindOf(receiver) : null);
    }

    /** Functions that run on pooled threads: passed (inline, by reference, or through a one-call wrapper). */
    function poolFunctions(): ReadonlySet<FunctionNode> {
      const functions = new Set<FunctionNode>();
      for (const call of poolCalls) {
        const callee = call.callee;
        const isPool =
          executors.has(dottedName(callee) ?? '') ||
          (callee.type === AST_NODE_TYPES.MemberExpression && kindOf(callee.object) === 'thread-pool');
        if (!isPool) continue;
        for (const argument of call.arguments) {
          const fn = recognizer.sameFileFunction(argument);
          if (!fn) continue;
          functions.add(fn);
          // `pool.submit(() => work(id))`: `work` runs on the pooled thread too.
          const body =
            fn.body.type === AST_NODE_TYPES.BlockStatement && fn.body.body.length === 1
              ? fn.body.body[0]
              : fn.body;
          const expression =
            body?.type === AST_NODE_TYPES.ExpressionStatement
              ? body.expression
              : body?.type === AST_NODE_TYPES.ReturnStatement
                ? body.argument
                : body;
          const inner = expression ? unwrapExpression(expression) : null;
          const awaited = inner?.type === AST_NODE_TYPES.AwaitExpression ? unwrapExpression(inner.argument) : inner;
          if (awaited?.type === AST_NODE_TYPES.CallExpression) {
            const target = recognizer.sameFileFunction(awaited.callee);
            if (target && target !== fn) functions.add(target);
          }
        }
      }
      return functions;
    }

    function isUndoCall(node: TSESTree.Node, key: string, undo: string, depth: number, seen: Set<FunctionNode>): boolean {
      let target = unwrapExpression(node);
      if (target.type === AST_NODE_TYPES.AwaitExpression) target = unwrapExpression(target.argument);
      if (target.type === AST_NODE_TYPES.UnaryExpression && target.operator === 'void') {
        target = unwrapExpression(target.argument);
      }
      if (target.type !== AST_NODE_TYPES.CallExpression) return false;
      const callee = unwrapExpression(target.callee);
      if (
        callee.type === AST_NODE_TYPES.MemberExpression &&
        propertyName(callee.property, callee.computed) === undo &&
        target.arguments.length === 0
      ) {
        if (dottedName(callee.object) === key) return true;
      }
      if (depth >= MAX_HELPER_DEPTH) return false;
      const local = recognizer.sameFileFunction(callee);
      const helper = local ?? recognizer.importedFunction(callee);
      if (!helper || seen.has(helper)) return false;
      seen.add(helper);
      // An imported helper's own calls resolve in its file, not in this one: only its direct undo counts.
      const next = local ? depth + 1 : MAX_HELPER_DEPTH;
      return helper.body.type === AST_NODE_TYPES.BlockStatement
        ? blockUndoes(helper.body.body, key, undo, next, seen)
        : isUndoCall(helper.body, key, undo, next, seen);
    }

    /**
     * Whether running `statements` always reaches an undo of `key`: a direct `key.remove()`, a call to
     * a same-file function that always does, at the top level, in a nested block, or in a nested
     * `try`'s block or `finally`. Calls under `if`, loops or `catch` do not count.
     */
    function blockUndoes(
      statements: readonly TSESTree.Node[],
      key: string,
      undo: string,
      depth: number,
      seen: Set<FunctionNode>,
    ): boolean {
      return statements.some((statement) => {
        switch (statement.type) {
          case AST_NODE_TYPES.ExpressionStatement:
            return isUndoCall(statement.expression, key, undo, depth, seen);
          case AST_NODE_TYPES.BlockStatement:
            return blockUndoes(statement.body, key, undo, depth, seen);
          case AST_NODE_TYPES.TryStatement:
            return (
              blockUndoes(statement.block.body, key, undo, depth, seen) ||
              (statement.finalizer !== null && blockUndoes(statement.finalizer.body, key, undo, depth, seen))
            );
          default:
            return false;
        }
      });
    }

    function finallyUndoes(tryStatement: TSESTree.TryStatement, key: string, undo: string): boolean {
      return tryStatement.finalizer !== null && blockUndoes(tryStatement.finalizer.body, key, undo, 0, new Set());
    }

    /** Whether a `finally` undoes the call: the call is in its `try` (or `catch`), or just before the `try`. */
    function isCovered(call: TSESTree.CallExpression, key: string, undo: string): boolean {
      let child: TSESTree.Node = call;
      for (let current: TSESTree.Node | undefined = call.parent; current; child = current, current = current.parent) {
        if (isFunctionNode(current)) break;
        if (
          current.type === AST_NODE_TYPES.TryStatement &&
          (current.block === child || current.handler === child) &&
          finallyUndoes(current, key, undo)
        ) {
          return true;
        }
      }
      const statement = expressionStatementOf(call);
      const siblings = statement ? siblingsOf(statement) : null;
      if (!statement || !siblings) return false;
      const next = siblings[siblings.indexOf(statement) + 1];
      return next?.type === AST_NODE_TYPES.TryStatement && finallyUndoes(next, key, undo);
    }

    function isInPool(call: TSESTree.CallExpression, pool: ReadonlySet<FunctionNode>): boolean {
      for (let fn = enclosingFunction(call); fn; fn = enclosingFunction(fn)) {
        if (pool.has(fn)) return true;
      }
      return false;
    }

    /** Moves the rest of the block after `statement` into `try { … } finally { key.remove(); }`, when that is safe. */
    function wrapFix(statement: TSESTree.ExpressionStatement, key: string): TSESLint.ReportFixFunction | null {
      const block = statement.parent;
      if (block.type !== AST_NODE_TYPES.BlockStatement) return null;
      const rest = block.body.slice(block.body.indexOf(statement) + 1);
      const first = rest[0];
      const last = rest.at(-1);
      if (!first || !last) return null;
      // Moving declarations into the `try` block must not hide them from code outside it.
      for (const each of rest) {
        if (each.type === AST_NODE_TYPES.FunctionDeclaration) return null;
        for (const variable of sourceCode.scopeManager?.getDeclaredVariables(each) ?? []) {
          for (const reference of variable.references) {
            const [start] = reference.identifier.range;
            if (start < first.range[0] || start > last.range[1]) return null;
          }
        }
      }
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

    function report(candidate: Candidate, pool: ReadonlySet<FunctionNode>): void {
      const { call, receiver, kind } = candidate;
      const key = dottedName(receiver);
      const name = sourceCode.getText(receiver);
      const argument = call.arguments[0];
      if (kind === 'thread-local' && argument && isNullish(argument)) {
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
      const undo = kind === 'thread-local' ? 'remove' : 'disable';
      if (key !== null && isCovered(call, key, undo)) {
        if (!allowTryFinally && kind === 'thread-local') {
          context.report({ node: call, messageId: 'preferScopedForm', data: { name } });
        }
        return;
      }
      if (kind === 'async-local-storage') {
        context.report({ node: call, messageId: 'enterWithWithoutUndo', data: { name } });
        return;
      }
      const statement = expressionStatementOf(call);
      const fix = statement && key !== null ? wrapFix(statement, key) : null;
      context.report({
        node: call,
        messageId: isInPool(call, pool) ? 'missingRemoveInPool' : 'missingRemove',
        data: { name },
        suggest: fix ? [{ messageId: 'wrapInTryFinally', data: { name }, fix }] : [],
      });
    }

    const listeners: TSESLint.RuleListener = {
      // The shape filter runs in ESLint's selector engine: only one-argument calls of these method names
      // reach the rule (`Map#set(k, v)` and `Headers#set(n, v)` take two arguments).
      [CANDIDATE_SELECTOR](node: TSESTree.CallExpression) {
        const callee = node.callee as TSESTree.MemberExpression;
        const method = propertyName(callee.property, callee.computed);
        if (method === 'execute' || method === 'submit') {
          poolCalls.push(node);
          return;
        }
        const receiver = callee.object;
        const kind = kindOf(receiver);
        if (kind === 'thread-local' && method === 'set') candidates.push({ call: node, receiver, kind });
        else if (kind === 'async-local-storage' && method === 'enterWith') candidates.push({ call: node, receiver, kind });
      },
      'Program:exit'() {
        if (candidates.length === 0) return;
        const pool = poolFunctions();
        for (const candidate of candidates) report(candidate, pool);
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
  readonly kind: 'thread-local' | 'async-local-storage';
}

/** Helpers called from a `finally` are followed this deep (helper → helper → …). */
const MAX_HELPER_DEPTH = 3;

/**
 * One-argument calls of `set`/`enterWith` (candidates) and `execute`/`submit` (`ThreadPool` methods
 * whose argument runs on a pooled thread).
 */
const CANDIDATE_SELECTOR =
  'CallExpression[arguments.length=1][callee.type="MemberExpression"][callee.property.name=/^(?:set|enterWith|execute|submit)$/]';

/** `a.b.c` for a chain of identifiers, `this` and non-computed members; `null` otherwise. */
function dottedName(node: TSESTree.Node): string | null {
  const target = unwrapExpression(node);
  if (target.type === AST_NODE_TYPES.Identifier) return target.name;
  if (target.type === AST_NODE_TYPES.ThisExpression) return 'this';
  if (target.type === AST_NODE_TYPES.MemberExpression) {
    const object = dottedName(target.object);
    const name = propertyName(target.property, target.computed);
    return object !== null && name !== null ? `${object}.${name}` : null;
  }
  return null;
}

/** The statement a call is the whole expression of (`x.set(v);`, `await x.set(v);`), if any. */
function expressionStatementOf(call: TSESTree.CallExpression): TSESTree.ExpressionStatement | null {
  let current: TSESTree.Node = call;
  while (
    current.parent &&
    (current.parent.type === AST_NODE_TYPES.ChainExpression ||
      current.parent.type === AST_NODE_TYPES.AwaitExpression ||
      current.parent.type === AST_NODE_TYPES.UnaryExpression)
  ) {
    current = current.parent;
  }
  return current.parent?.type === AST_NODE_TYPES.ExpressionStatement ? current.parent : null;
}

function isNullish(node: TSESTree.Node): boolean {
  const target = unwrapExpression(node);
  return (
    (target.type === AST_NODE_TYPES.Literal && target.value === null && !('regex' in target)) ||
    (target.type === AST_NODE_TYPES.Identifier && target.name === 'undefined') ||
    (target.type === AST_NODE_TYPES.UnaryExpression && target.operator === 'void')
  );
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
