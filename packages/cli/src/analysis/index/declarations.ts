import { ts } from 'ts-morph';
import type { Factory, FactoryCall, FunctionNode, ThreadLocalDecl, ThreadLocalFamily } from '../threadLocalIndex.js';
import type { BindingFacts } from './bindings.js';
import { classFamily } from './bindings.js';
import type { CallGraph } from './calls.js';
import type { Collected, RawCreation } from './collect.js';
import type { Resolver } from './resolver.js';
import { calleeNameOfFunction, calleeText, declarationHolding, declarationName, functionName, returnsValueOf } from './syntax.js';

/*
 * Stage 3: the thread-local declarations and the factories. A candidate creation is confirmed with
 * the checker (which class it instantiates); the variable or property that holds it is a declared
 * thread-local, and a function that returns it is a factory. Then the calls to factories made per
 * call or per instance.
 */

/** The declared thread-locals and the factories. */
export interface Declarations {
  readonly threadLocals: readonly ThreadLocalDecl[];
  readonly byDeclaration: ReadonlyMap<ts.Node, ThreadLocalDecl>;
  readonly factoriesByFn: Map<FunctionNode, Factory>;
}

/**
 * Stage 3a: confirms the candidate creations.
 *
 * @param collected - stage 2's candidates
 * @param facts - stage 1's subclasses
 * @param resolver - resolves class names
 * @returns the declarations and factories
 */
export function collectDeclarations(collected: Collected, facts: BindingFacts, resolver: Resolver): Declarations {
  const threadLocals: ThreadLocalDecl[] = [];
  const byDeclaration = new Map<ts.Node, ThreadLocalDecl>();
  const factoriesByFn = new Map<FunctionNode, Factory>();
  for (const creation of collected.creations) {
    const recognized = creationClass(creation, resolver, facts);
    if (recognized === undefined) continue;
    const holder = declarationHolding(creation.node);
    if (holder !== undefined) {
      const decl: ThreadLocalDecl = {
        node: holder,
        name: declarationName(holder),
        className: recognized.className,
        family: recognized.family,
        sourceFile: creation.file.sourceFile,
      };
      threadLocals.push(decl);
      byDeclaration.set(holder, decl);
    }
    if (creation.fn !== undefined && returnsValueOf(creation.fn, creation.node, holder)) {
      if (!factoriesByFn.has(creation.fn)) {
        factoriesByFn.set(creation.fn, {
          fn: creation.fn,
          name: functionName(creation.fn),
          className: recognized.className,
          sourceFile: creation.file.sourceFile,
        });
      }
    }
  }
  return { threadLocals, byDeclaration, factoriesByFn };
}

/** Confirms a candidate creation: which class it instantiates and its family. */
function creationClass(
  creation: RawCreation,
  resolver: Resolver,
  facts: BindingFacts,
): { className: string; family: ThreadLocalFamily } | undefined {
  const classExpression = ts.isNewExpression(creation.node)
    ? creation.node.expression
    : (creation.node.expression as ts.PropertyAccessExpression).expression;
  const family = classFamily(classExpression, creation.file, resolver, facts.subclasses);
  if (family === undefined) return undefined;
  return { className: calleeText(classExpression), family };
}

/**
 * Stage 3b: factories that return another factory's result (to a fixpoint), then the calls to
 * factories made per call (in a function) or per instance (in an instance field initializer).
 *
 * @param collected - stage 2's candidates
 * @param declarations - stage 3a's factories (extended in place)
 * @param graph - resolves callees
 * @returns the per-call and per-instance factory calls
 */
export function collectFactoryCalls(collected: Collected, declarations: Declarations, graph: CallGraph): FactoryCall[] {
  const { factoriesByFn } = declarations;
  const factoryCalls: FactoryCall[] = [];
  for (let changed = factoriesByFn.size > 0; changed; ) {
    changed = false;
    const names = new Set([...factoriesByFn.keys()].map(calleeNameOfFunction));
    for (const raw of collected.rawCalls) {
      if (raw.fn === undefined || factoriesByFn.has(raw.fn) || !names.has(raw.calleeName)) continue;
      if (!returnsValueOf(raw.fn, raw.call, declarationHolding(raw.call))) continue;
      const target = graph.resolveCallee(raw.call);
      const factory = target === undefined ? undefined : factoriesByFn.get(target);
      if (factory === undefined) continue;
      factoriesByFn.set(raw.fn, { ...factory, fn: raw.fn, name: functionName(raw.fn), sourceFile: raw.sourceFile });
      changed = true;
    }
  }
  if (factoriesByFn.size > 0) {
    const names = new Set([...factoriesByFn.keys()].map(calleeNameOfFunction));
    for (const raw of collected.rawCalls) {
      if (!names.has(raw.calleeName) || raw.context === 'module' || raw.context === 'static') continue;
      // A factory returning another factory's result is not a per-call use: it is the factory itself.
      if (raw.fn !== undefined && factoriesByFn.has(raw.fn) && returnsValueOf(raw.fn, raw.call, declarationHolding(raw.call))) {
        continue;
      }
      const target = graph.resolveCallee(raw.call);
      const factory = target === undefined ? undefined : factoriesByFn.get(target);
      if (factory === undefined) continue;
      factoryCalls.push({ factory, call: raw.call, fn: raw.fn, context: raw.context as 'function' | 'instance', sourceFile: raw.sourceFile });
    }
  }
  return factoryCalls;
}
