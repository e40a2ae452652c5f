import { POOL_METHODS, VOCABULARY } from '@tlkit/recognition';
import { ts } from 'ts-morph';
import type { FunctionNode } from '../threadLocalIndex.js';
import type { BindingFacts, FileFacts } from './bindings.js';
import { candidateClassNames, requireBindings } from './bindings.js';
import { calleeText, hasStaticModifier, isFunctionWithBody, receiverNameOf, skipOuterExpressions } from './syntax.js';

/*
 * Stage 2: the one syntax walk of every file. It collects candidates by shape and name only, and
 * never asks the checker: creations of a class named like a thread-local class, method calls whose
 * name is an operation or a pool method, every named call (for call sites and factories), and the
 * callees of `finally` blocks and `.finally()` callbacks.
 */

/** Where code runs relative to module initialization, for the per-call checks. */
export type InitContext = 'module' | 'static' | 'instance' | 'function';

/** A `new X()` or `X.withInitial()` whose class is named like a thread-local class. */
export interface RawCreation {
  readonly node: ts.NewExpression | ts.CallExpression;
  readonly fn: FunctionNode | undefined;
  readonly file: FileFacts;
}

/** A call whose method name is an operation of some family. */
export interface RawOperation {
  readonly call: ts.CallExpression;
  readonly method: string;
  /**
   * The expression whose name is compared with thread-local names (identifier or property name),
   * or `this` for a call a subclass makes on itself (`this.set(v)` in a method of the subclass).
   */
  readonly receiverName: ts.Identifier | ts.PrivateIdentifier | ts.ThisExpression | ts.SuperExpression;
  readonly fn: FunctionNode | undefined;
  readonly inFinally: boolean;
  readonly sourceFile: ts.SourceFile;
}

/** A named call made per call or per instance. */
export interface RawCall {
  readonly call: ts.CallExpression;
  readonly calleeName: string;
  readonly fn: FunctionNode | undefined;
  readonly context: InitContext;
  readonly sourceFile: ts.SourceFile;
}

/** A `.execute()`/`.submit()` call with an argument. */
export interface RawPoolCall {
  readonly call: ts.CallExpression;
  readonly method: 'execute' | 'submit';
  readonly fn: FunctionNode | undefined;
  readonly sourceFile: ts.SourceFile;
}

/** The candidates of the walk. */
export interface Collected {
  readonly creations: readonly RawCreation[];
  readonly rawOperations: readonly RawOperation[];
  readonly rawCalls: readonly RawCall[];
  /** Every call by callee name, for the call sites of a function whose parameter is called. */
  readonly callsByName: ReadonlyMap<string, readonly ts.CallExpression[]>;
  readonly rawPoolCalls: readonly RawPoolCall[];
  /** Callees of calls made in a `finally` block, and named `.finally()` callbacks. */
  readonly finallyCallees: readonly ts.Expression[];
  /** Inline `.finally()` callbacks. */
  readonly finallyCallbacks: ReadonlySet<ts.Node>;
  /** Every `new C()` by class name. */
  readonly newsByName: ReadonlyMap<string, readonly ts.NewExpression[]>;
  /** Every `x.getStore()` call. */
  readonly storeReads: readonly ts.CallExpression[];
  /** Variables and properties initialized by a call, to follow factory returns. */
  readonly initCalls: readonly InitCall[];
}

/** Method names that may set, undo or pretend to undo some kind's value (@tlkit/recognition's vocabulary). */
const OPERATION_METHODS: ReadonlySet<string> = new Set(
  Object.values(VOCABULARY).flatMap((words) => [...words.set, ...words.undo, ...words.notUndo]),
);
/** Method names that read an AsyncLocalStorage's store: what a restore puts back. */
const STORE_READS: ReadonlySet<string> = VOCABULARY['async-local-storage'].read;

/** A variable initialized by a call (`const s = storage('legacy')`, `const als = (() => new …)()`). */
export interface InitCall {
  readonly declaration: ts.VariableDeclaration | ts.PropertyDeclaration;
  readonly call: ts.CallExpression;
  readonly file: FileFacts;
}

/**
 * Stage 2: walks every file once.
 *
 * @param facts - stage 1's bindings and subclasses
 * @param onProgress - called with (files walked, total)
 * @returns the candidates
 */
export function collect(facts: BindingFacts, onProgress?: (done: number, total: number) => void): Collected {
  const creations: RawCreation[] = [];
  const rawOperations: RawOperation[] = [];
  const rawCalls: RawCall[] = [];
  const callsByName = new Map<string, ts.CallExpression[]>();
  const rawPoolCalls: RawPoolCall[] = [];
  const finallyCallees: ts.Expression[] = [];
  const finallyCallbacks = new Set<ts.Node>();
  const newsByName = new Map<string, ts.NewExpression[]>();
  const storeReads: ts.CallExpression[] = [];
  const initCalls: InitCall[] = [];

  let done = 0;
  for (const file of facts.files) {
    const { sourceFile } = file;
    const classNames = candidateClassNames(file, facts.subclassNames);
    let fn: FunctionNode | undefined;
    let inFinally = false;
    let context: InitContext = 'module';

    const visit = (node: ts.Node): void => {
      if ((ts.isVariableDeclaration(node) || ts.isPropertyDeclaration(node)) && node.initializer !== undefined) {
        let initializer = skipOuterExpressions(node.initializer);
        if (ts.isAwaitExpression(initializer)) initializer = skipOuterExpressions(initializer.expression);
        if (ts.isCallExpression(initializer)) {
          if (ts.isIdentifier(node.name) || ts.isPrivateIdentifier(node.name)) initCalls.push({ declaration: node, call: initializer, file });
          if (fn !== undefined && ts.isVariableDeclaration(node)) requireBindings(node, initializer, file.bindings);
        }
      }
      if (ts.isFunctionLike(node) && isFunctionWithBody(node)) {
        const saved = { fn, inFinally, context };
        fn = node;
        inFinally = finallyCallbacks.has(node);
        context = 'function';
        ts.forEachChild(node, visit);
        ({ fn, inFinally, context } = saved);
        return;
      }
      if (ts.isPropertyDeclaration(node) && fn === undefined) {
        const saved = context;
        context = hasStaticModifier(node) ? 'static' : 'instance';
        ts.forEachChild(node, visit);
        context = saved;
        return;
      }
      if (ts.isClassStaticBlockDeclaration(node)) {
        const saved = { fn, inFinally, context };
        context = 'static';
        ts.forEachChild(node, visit);
        ({ fn, inFinally, context } = saved);
        return;
      }
      if (ts.isTryStatement(node)) {
        visit(node.tryBlock);
        if (node.catchClause !== undefined) visit(node.catchClause);
        if (node.finallyBlock !== undefined) {
          const saved = inFinally;
          inFinally = true;
          visit(node.finallyBlock);
          inFinally = saved;
        }
        return;
      }
      if (ts.isNewExpression(node)) {
        const className = calleeText(node.expression);
        if (classNames.has(className) || ts.isClassExpression(skipOuterExpressions(node.expression))) {
          creations.push({ node, fn, file });
        }
        if (className !== '') {
          let named = newsByName.get(className);
          if (named === undefined) newsByName.set(className, (named = []));
          named.push(node);
        }
      } else if (ts.isCallExpression(node)) {
        const callee = node.expression;
        const name = calleeText(callee);
        if (inFinally) finallyCallees.push(callee);
        if (ts.isPropertyAccessExpression(callee)) {
          if (name === 'withInitial' && classNames.has(calleeText(callee.expression))) {
            creations.push({ node, fn, file });
          } else if (OPERATION_METHODS.has(name)) {
            const receiver = skipOuterExpressions(callee.expression);
            // `super.enterWith(prior)` in a subclass acts on the same instance as `this.enterWith(store)`;
            // but `super.enterWith(x)` inside the subclass's own `enterWith` override is the call itself.
            const self = receiver.kind === ts.SyntaxKind.ThisKeyword || receiver.kind === ts.SyntaxKind.SuperKeyword;
            const receiverName = self ? (receiver as ts.ThisExpression | ts.SuperExpression) : receiverNameOf(receiver);
            if (receiverName !== undefined && !(receiver.kind === ts.SyntaxKind.SuperKeyword && isOverrideOf(fn, name))) {
              rawOperations.push({ call: node, method: name, receiverName, fn, inFinally, sourceFile });
            }
          } else if (STORE_READS.has(name)) {
            storeReads.push(node);
          } else if (POOL_METHODS.has(name) && node.arguments.length > 0) {
            rawPoolCalls.push({ call: node, method: name as 'execute' | 'submit', fn, sourceFile });
          } else if (name === 'finally' && node.arguments[0] !== undefined) {
            const callback = skipOuterExpressions(node.arguments[0]);
            if (ts.isArrowFunction(callback) || ts.isFunctionExpression(callback)) {
              finallyCallbacks.add(callback);
            } else {
              finallyCallees.push(callback);
            }
          }
        }
        if (name !== '') {
          let named = callsByName.get(name);
          if (named === undefined) callsByName.set(name, (named = []));
          named.push(node);
          if (context !== 'module' && context !== 'static') rawCalls.push({ call: node, calleeName: name, fn, context, sourceFile });
        }
      }
      ts.forEachChild(node, visit);
    };
    ts.forEachChild(sourceFile, visit);
    onProgress?.(++done, facts.files.length);
  }
  return {
    creations,
    rawOperations,
    rawCalls,
    callsByName,
    rawPoolCalls,
    finallyCallees,
    finallyCallbacks,
    newsByName,
    storeReads,
    initCalls,
  };
}

/** Whether `fn` is a method named `method`: `super.method()` there delegates, it does not use. */
function isOverrideOf(fn: FunctionNode | undefined, method: string): boolean {
  return fn !== undefined && ts.isMethodDeclaration(fn) && ts.isIdentifier(fn.name) && fn.name.text === method;
}
