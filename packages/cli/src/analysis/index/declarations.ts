import { ts } from 'ts-morph';
import type { Factory, FactoryCall, FunctionNode, ThreadLocalDecl, ThreadLocalFamily } from '../threadLocalIndex.js';
import type { BindingFacts } from './bindings.js';
import { classFamily, extendsExpression } from './bindings.js';
import type { CallGraph } from './calls.js';
import type { Collected, RawCreation } from './collect.js';
import type { Resolver } from './resolver.js';
import type { HolderNode } from './syntax.js';
import {
  assignmentTarget,
  calleeNameOfFunction,
  calleeText,
  declarationHolding,
  declarationName,
  enclosingFunction,
  functionName,
  returnsValueOf,
  skipOuterExpressions,
  valueCarrier,
} from './syntax.js';

/*
 * Stage 3: the thread-local declarations and the factories. A candidate creation is confirmed with
 * the checker (which class it instantiates). What holds it is a declared thread-local: the variable
 * or property it initializes, or the variable or field it is assigned to (`this.als = new …` in a
 * constructor, `x ??= new …`). A function that returns it is a factory, and a variable initialized
 * by a call to a factory holds an instance of that kind too (`const s = storage('legacy')`). Then
 * the calls to factories made per call or per instance.
 */

/** The declared thread-locals and the factories. */
export interface Declarations {
  readonly threadLocals: ThreadLocalDecl[];
  readonly byDeclaration: Map<ts.Node, ThreadLocalDecl>;
  readonly factoriesByFn: Map<FunctionNode, Factory>;
  /** The declared instances of each subclass (class node → declarations), for `this.set()` in its methods. */
  readonly bySubclass: Map<ts.Node, ThreadLocalDecl[]>;
}

/**
 * Stage 3a: confirms the candidate creations.
 *
 * @param collected - stage 2's candidates
 * @param facts - stage 1's subclasses
 * @param resolver - resolves class names and assignment targets
 * @returns the declarations and factories
 */
export function collectDeclarations(collected: Collected, facts: BindingFacts, resolver: Resolver): Declarations {
  const declarations: Declarations = { threadLocals: [], byDeclaration: new Map(), factoriesByFn: new Map(), bySubclass: new Map() };
  for (const creation of collected.creations) {
    const recognized = creationClass(creation, resolver, facts);
    if (recognized === undefined) continue;
    const holder = declarationHolding(creation.node) ?? assignedHolder(creation.node, resolver);
    if (holder !== undefined) {
      const decl = addDecl(declarations, holder, recognized.className, recognized.family);
      for (const cls of subclassChain(creation, resolver, facts)) {
        let instances = declarations.bySubclass.get(cls);
        if (instances === undefined) declarations.bySubclass.set(cls, (instances = []));
        if (!instances.includes(decl)) instances.push(decl);
      }
    }
    if (creation.fn !== undefined && returnsValueOf(creation.fn, creation.node, holder)) {
      if (!declarations.factoriesByFn.has(creation.fn)) {
        declarations.factoriesByFn.set(creation.fn, {
          fn: creation.fn,
          name: functionName(creation.fn),
          className: recognized.className,
          family: recognized.family,
          memoised: isKept(creation.node, creation.fn, resolver),
          sourceFile: creation.file.sourceFile,
        });
      }
    }
  }
  return declarations;
}

function addDecl(declarations: Declarations, holder: HolderNode, className: string, family: ThreadLocalFamily): ThreadLocalDecl {
  const known = declarations.byDeclaration.get(holder);
  if (known !== undefined) return known;
  const decl: ThreadLocalDecl = { node: holder, name: declarationName(holder), className, family, sourceFile: holder.getSourceFile() };
  declarations.threadLocals.push(decl);
  declarations.byDeclaration.set(holder, decl);
  return decl;
}

/**
 * The program's own subclasses a creation instantiates, the class itself first, then its bases up
 * to the recognized class: a `this.set()` in any of their methods runs on the created instance.
 */
function subclassChain(creation: RawCreation, resolver: Resolver, facts: BindingFacts): ts.ClassLikeDeclaration[] {
  const chain: ts.ClassLikeDeclaration[] = [];
  const classExpression = ts.isNewExpression(creation.node)
    ? creation.node.expression
    : (creation.node.expression as ts.PropertyAccessExpression).expression;
  let current: ts.ClassLikeDeclaration | undefined = classOf(skipOuterExpressions(classExpression), resolver, facts);
  while (current !== undefined && !chain.includes(current)) {
    chain.push(current);
    const base = extendsExpression(current);
    current = base === undefined ? undefined : classOf(skipOuterExpressions(base), resolver, facts);
  }
  return chain;
}

/** The subclass (a class, or a class expression held by a variable) an expression denotes. */
function classOf(expression: ts.Expression, resolver: Resolver, facts: BindingFacts): ts.ClassLikeDeclaration | undefined {
  if (ts.isClassExpression(expression)) return facts.subclasses.has(expression) || extendsExpression(expression) !== undefined ? expression : undefined;
  if (!ts.isIdentifier(expression) && !ts.isPropertyAccessExpression(expression)) return undefined;
  for (const declaration of resolver.declarationsOf(expression)) {
    if (!facts.subclasses.has(declaration)) continue;
    if (ts.isClassLike(declaration)) return declaration;
    if (ts.isVariableDeclaration(declaration) && declaration.initializer !== undefined) {
      const initializer = skipOuterExpressions(declaration.initializer);
      if (ts.isClassExpression(initializer)) return initializer;
    }
  }
  return undefined;
}

/**
 * The variable or field a creation is assigned to (`als = new …`, `this.als = new …`,
 * `x ??= new …`), by its declaration in the program's own files.
 */
function assignedHolder(creation: ts.Expression, resolver: Resolver): HolderNode | undefined {
  const target = assignmentTarget(creation);
  if (target === undefined || !(ts.isIdentifier(target) || ts.isPropertyAccessExpression(target))) return undefined;
  for (const declaration of resolver.declarationsOf(target)) {
    if (!resolver.isOwnFile(declaration.getSourceFile())) continue;
    if ((ts.isVariableDeclaration(declaration) || ts.isPropertyDeclaration(declaration)) && (ts.isIdentifier(declaration.name) || ts.isPrivateIdentifier(declaration.name))) {
      return declaration;
    }
  }
  return undefined;
}

/**
 * Whether a creation inside `fn` is kept beyond the call, so a second call creates nothing new: it
 * is assigned to something that is not a local of `fn` (`x ??= new …`, `if (!x) x = new …`,
 * `stores[k] ??= new …`), or stored in a map (`map.set(k, new …)`), directly or through a local
 * (`found = new …; stores.set(name, found)`).
 */
function isKept(creation: ts.Expression, fn: FunctionNode, resolver: Resolver): boolean {
  const target = assignmentTarget(creation);
  let local: string | undefined;
  if (target !== undefined) {
    if (!ts.isIdentifier(target)) return true;
    const declaration = resolver.declarationsOf(target)[0];
    if (declaration === undefined || enclosingFunction(declaration) !== fn) return true;
    local = target.text;
  } else {
    const holder = declarationHolding(creation);
    if (holder !== undefined && ts.isVariableDeclaration(holder) && ts.isIdentifier(holder.name)) local = holder.name.text;
  }
  if (isStored(creation)) return true;
  if (local === undefined || fn.body === undefined) return false;
  // The local is stored: `map.set(k, local)`, `stores[k] = local`, `this.x = local`.
  let stored = false;
  const visit = (node: ts.Node): void => {
    if (stored) return;
    if (ts.isIdentifier(node) && node.text === local && isStored(node)) {
      stored = true;
      return;
    }
    ts.forEachChild(node, visit);
  };
  ts.forEachChild(fn.body, visit);
  return stored;
}

/** Whether the value of `expression` goes into a map (`.set(k, value)`) or a property (`o.p = value`). */
function isStored(expression: ts.Expression): boolean {
  const carrier = valueCarrier(expression);
  const parent = carrier.parent;
  if (
    ts.isCallExpression(parent) &&
    parent.arguments.includes(carrier) &&
    ts.isPropertyAccessExpression(parent.expression) &&
    parent.expression.name.text === 'set'
  ) {
    return true;
  }
  const target = assignmentTarget(expression);
  return target !== undefined && (ts.isPropertyAccessExpression(target) || ts.isElementAccessExpression(target));
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
  const inline = skipOuterExpressions(classExpression);
  const base = ts.isClassExpression(inline) ? extendsExpression(inline) : undefined;
  return { className: calleeText(base ?? classExpression), family };
}

/**
 * Stage 3b: factories that return another factory's result (to a fixpoint), then the calls to
 * factories made per call (in a function) or per instance (in an instance field initializer). A
 * memoised factory's calls create nothing new and are not collected.
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
      if (factory === undefined || factory.memoised) continue;
      factoryCalls.push({ factory, call: raw.call, fn: raw.fn, context: raw.context, sourceFile: raw.sourceFile });
    }
  }
  return factoryCalls;
}

/**
 * Stage 3c: a variable initialized by a call to a factory holds an instance of the factory's kind
 * (`const s = storage('legacy')`, a module-level IIFE `const als = (() => new …)()`).
 *
 * @param collected - stage 2's candidates
 * @param declarations - the declarations, extended in place
 * @param graph - resolves callees
 */
export function collectFactoryResults(collected: Collected, declarations: Declarations, graph: CallGraph): void {
  const { factoriesByFn } = declarations;
  if (factoriesByFn.size === 0) return;
  const names = new Set([...factoriesByFn.keys()].map(calleeNameOfFunction));
  for (const { declaration, call } of collected.initCalls) {
    const callee = skipOuterExpressions(call.expression);
    let target: FunctionNode | undefined;
    if (ts.isArrowFunction(callee) || ts.isFunctionExpression(callee)) target = callee;
    else if (names.has(calleeText(callee))) target = graph.resolveCallee(call);
    const factory = target === undefined ? undefined : factoriesByFn.get(target);
    if (factory !== undefined) addDecl(declarations, declaration, factory.className, factory.family);
  }
}
