import { ts } from 'ts-morph';
import type { FunctionNode } from '../threadLocalIndex.js';
import type { Collected } from './collect.js';
import type { Resolver } from './resolver.js';
import { calleeNameOfFunction, skipOuterExpressions } from './syntax.js';

/*
 * Stage: the call graph, as far as the checks need it. A callee resolves to the function it
 * declares, or, when it is a parameter, to the functions passed for it at its function's call sites
 * (one level). From the callees of every `finally`, the set of functions a finally can run.
 */

// Function-typed properties, not methods: the graph is made of closures, passed on unbound
// (threadLocalIndex.ts hands some to the index as they are).
/** The call graph of the program, resolved lazily. */
export interface CallGraph {
  /** The declared function a call runs, if the checker finds one in the program's own files. */
  readonly resolveCallee: (call: ts.CallExpression) => FunctionNode | undefined;
  /** The declared function, or the functions passed for a called parameter. */
  readonly resolveCallees: (call: ts.CallExpression) => readonly FunctionNode[];
  /** The functions an argument is: an inline function, or the declaration of a named one. */
  readonly argumentFunctions: (argument: ts.Expression | undefined) => FunctionNode[];
  /** The functions passed for the parameter `expression` names, at its function's call sites. */
  readonly passedFor: (expression: ts.Expression) => FunctionNode[];
  /** The calls lexically inside `fn` (nested functions included), cached. */
  readonly callsIn: (fn: FunctionNode) => readonly ts.CallExpression[];
  /** The calls lexically inside any node (nested functions included), not cached. */
  readonly callsWithin: (node: ts.Node) => ts.CallExpression[];
  /** Functions called, directly or through other calls, from a `finally` block or `.finally()` callback. */
  readonly finallyReachable: ReadonlySet<FunctionNode>;
}

/**
 * Builds the call graph over the walk's candidates.
 *
 * @param collected - stage 2's candidates
 * @param resolver - resolves callees with the checker
 * @returns the call graph
 */
export function buildCallGraph(collected: Collected, resolver: Resolver): CallGraph {
  const resolveCallee = (call: ts.CallExpression): FunctionNode | undefined => resolver.functionOf(call.expression);

  const argumentFunctions = (argument: ts.Expression | undefined): FunctionNode[] => {
    if (argument === undefined) return [];
    const target = skipOuterExpressions(argument);
    if (ts.isArrowFunction(target) || ts.isFunctionExpression(target)) return [target];
    const fn = resolver.functionOf(target);
    return fn === undefined ? [] : [fn];
  };
  const parameterCache = new Map<ts.ParameterDeclaration, FunctionNode[]>();
  const passedFor = (expression: ts.Expression): FunctionNode[] => {
    const parameter = resolver.parameterOf(expression);
    if (parameter === undefined) return [];
    let found = parameterCache.get(parameter);
    if (found === undefined) {
      found = [];
      const owner = parameter.parent as FunctionNode;
      const index = owner.parameters.indexOf(parameter);
      for (const site of collected.callsByName.get(calleeNameOfFunction(owner)) ?? []) {
        if (resolveCallee(site) === owner) for (const fn of argumentFunctions(site.arguments[index])) found.push(fn);
      }
      parameterCache.set(parameter, found);
    }
    return found;
  };
  const resolveCallees = (call: ts.CallExpression): readonly FunctionNode[] => {
    const direct = resolveCallee(call);
    return direct === undefined ? passedFor(call.expression) : [direct];
  };

  const callsWithin = (root: ts.Node): ts.CallExpression[] => {
    const found: ts.CallExpression[] = [];
    const visit = (node: ts.Node): void => {
      if (ts.isCallExpression(node)) found.push(node);
      ts.forEachChild(node, visit);
    };
    visit(root);
    return found;
  };
  const callsCache = new Map<FunctionNode, ts.CallExpression[]>();
  const callsIn = (fn: FunctionNode): readonly ts.CallExpression[] => {
    let calls = callsCache.get(fn);
    if (calls === undefined) {
      calls = fn.body === undefined ? [] : callsWithin(fn.body);
      callsCache.set(fn, calls);
    }
    return calls;
  };

  // Functions reachable from a finally: seeds are the callees of calls in finally blocks.
  const finallyReachable = new Set<FunctionNode>();
  const queue: FunctionNode[] = [];
  const reach = (target: FunctionNode): void => {
    if (!finallyReachable.has(target)) {
      finallyReachable.add(target);
      queue.push(target);
    }
  };
  for (const callee of collected.finallyCallees) {
    const direct = resolver.functionOf(callee);
    for (const target of direct === undefined ? passedFor(callee) : [direct]) reach(target);
  }
  for (const callback of collected.finallyCallbacks) reach(callback as FunctionNode);
  for (let fn = queue.pop(); fn !== undefined; fn = queue.pop()) {
    for (const call of callsIn(fn)) {
      for (const target of resolveCallees(call)) reach(target);
    }
  }

  return { resolveCallee, resolveCallees, argumentFunctions, passedFor, callsIn, callsWithin, finallyReachable };
}
