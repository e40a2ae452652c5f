import { GLOBAL_OBJECT_NAMES, MODULE_CLASSES, RECOGNIZED_CLASS_NAMES, kindOfDeclaredClass, kindOfExport, moduleIdOf } from '@tlkit/recognition';
import type { RecognizedKind } from '@tlkit/recognition';
import { ts } from 'ts-morph';
import type { ThreadLocalFamily } from '../threadLocalIndex.js';
import type { Resolver } from './resolver.js';
import { skipOuterExpressions } from './syntax.js';

/*
 * Stage 1: import bindings and subclasses. Reads only top-level statements: which local names are
 * bound to a recognized class (by `import`, `require()`, `process.getBuiltinModule()` or
 * `await import()`), and which classes extend one (to a fixpoint, across files, with the checker
 * resolving a base class imported from another module). What a module exports and which package
 * declares a class are @tlkit/recognition's answers, shared with the ESLint rules.
 */


/** What an import binding refers to: an export of a module, or a whole module namespace. */
export interface Binding {
  readonly module: string;
  /** The export name, or `*` for a namespace import. */
  readonly imported: string;
}

/** What the index knows of one file before the walk. */
export interface FileFacts {
  readonly sourceFile: ts.SourceFile;
  /** Local name → import binding. */
  readonly bindings: Map<string, Binding>;
}

/** The result of stage 1. */
export interface BindingFacts {
  readonly files: readonly FileFacts[];
  readonly factsOf: ReadonlyMap<ts.SourceFile, FileFacts>;
  /**
   * Classes extending a thread-local class, with the family they inherit: the class node, and the
   * variable that names a class expression (`const Sub = class extends ThreadLocal {}`).
   */
  readonly subclasses: ReadonlyMap<ts.Node, ThreadLocalFamily>;
  /** Names of those classes, to select `new Sub()` candidates by syntax. */
  readonly subclassNames: ReadonlySet<string>;
}

/**
 * Stage 1: import bindings of every file, and the subclasses of thread-local classes.
 *
 * @param sourceFiles - the program's own files
 * @param resolver - resolves base classes imported from other modules
 * @returns the bindings and subclasses
 */
export function collectBindings(sourceFiles: readonly ts.SourceFile[], resolver: Resolver): BindingFacts {
  const files: FileFacts[] = [];
  const factsOf = new Map<ts.SourceFile, FileFacts>();
  const heritage: { cls: ts.ClassLikeDeclaration; holder: ts.Node; base: ts.Expression; file: FileFacts }[] = [];
  for (const sourceFile of sourceFiles) {
    const file: FileFacts = { sourceFile, bindings: new Map() };
    files.push(file);
    factsOf.set(sourceFile, file);
    for (const statement of sourceFile.statements) {
      if (ts.isImportDeclaration(statement)) {
        importBindings(statement, file.bindings);
      } else if (ts.isClassDeclaration(statement)) {
        const base = extendsExpression(statement);
        if (base !== undefined) heritage.push({ cls: statement, holder: statement, base, file });
      } else if (ts.isVariableStatement(statement)) {
        for (const declaration of statement.declarationList.declarations) {
          if (declaration.initializer === undefined) continue;
          const initializer = skipOuterExpressions(declaration.initializer);
          if (ts.isClassExpression(initializer)) {
            // `const Sub = class extends ThreadLocal<T> {}`: the variable is the class's name.
            const base = extendsExpression(initializer);
            if (base !== undefined && ts.isIdentifier(declaration.name)) {
              heritage.push({ cls: initializer, holder: declaration, base, file });
            }
          } else {
            requireBindings(declaration, initializer, file.bindings);
          }
        }
      }
    }
  }

  // Classes extending a thread-local class, in any file, to a fixpoint (a subclass of a subclass…).
  const subclasses = new Map<ts.Node, ThreadLocalFamily>();
  const subclassNames = new Set<string>();
  for (let changed = true; changed; ) {
    changed = false;
    for (const { cls, holder, base, file } of heritage) {
      if (subclasses.has(holder)) continue;
      const family = classFamily(base, file, resolver, subclasses);
      if (family !== undefined) {
        subclasses.set(holder, family);
        subclasses.set(cls, family);
        const name = ts.isVariableDeclaration(holder) ? holder.name : cls.name;
        if (name !== undefined && ts.isIdentifier(name)) subclassNames.add(name.text);
        changed = true;
      }
    }
  }
  return { files, factsOf, subclasses, subclassNames };
}

function importBindings(statement: ts.ImportDeclaration, bindings: Map<string, Binding>): void {
  if (!ts.isStringLiteral(statement.moduleSpecifier)) return;
  const module = statement.moduleSpecifier.text;
  const clause = statement.importClause;
  if (clause === undefined || clause.phaseModifier === ts.SyntaxKind.TypeKeyword) return;
  const named = clause.namedBindings;
  if (named === undefined) return;
  if (ts.isNamespaceImport(named)) {
    bindings.set(named.name.text, { module, imported: '*' });
    return;
  }
  for (const element of named.elements) {
    if (element.isTypeOnly) continue;
    bindings.set(element.name.text, { module, imported: (element.propertyName ?? element.name).text });
  }
}

/**
 * `const { AsyncLocalStorage } = require('node:async_hooks')`, `const hooks = require('async_hooks')`,
 * the same with `process.getBuiltinModule(…)` or `await import(…)`: bindings as an import makes them.
 * Inside a function (a lazy `require` in a setup function) the walk adds them to the file's bindings:
 * a name bound to Node's class in one function of a file is taken for it in the whole file.
 *
 * @param declaration - a variable declaration
 * @param initializer - its initializer, wrappers stripped
 * @param bindings - the file's bindings, extended in place
 */
export function requireBindings(declaration: ts.VariableDeclaration, initializer: ts.Expression, bindings: Map<string, Binding>): void {
  const module = requiredModule(initializer);
  if (module === undefined) return;
  if (ts.isIdentifier(declaration.name)) {
    bindings.set(declaration.name.text, { module, imported: '*' });
    return;
  }
  if (!ts.isObjectBindingPattern(declaration.name)) return;
  for (const element of declaration.name.elements) {
    if (element.dotDotDotToken !== undefined || !ts.isIdentifier(element.name)) continue;
    const imported = element.propertyName === undefined ? element.name.text : ts.isIdentifier(element.propertyName) ? element.propertyName.text : undefined;
    if (imported !== undefined) bindings.set(element.name.text, { module, imported });
  }
}

/** The recognized module a `require('m')`, `process.getBuiltinModule('m')` or `await import('m')` loads. */
function requiredModule(expression: ts.Expression): string | undefined {
  let call = skipOuterExpressions(expression);
  if (ts.isAwaitExpression(call)) call = skipOuterExpressions(call.expression);
  if (!ts.isCallExpression(call)) return undefined;
  const specifier = call.arguments[0];
  if (specifier === undefined || !ts.isStringLiteralLike(specifier) || moduleIdOf(specifier.text) === null) return undefined;
  const callee = call.expression;
  const loads =
    callee.kind === ts.SyntaxKind.ImportKeyword ||
    (ts.isIdentifier(callee) && callee.text === 'require') ||
    (ts.isPropertyAccessExpression(callee) &&
      callee.name.text === 'getBuiltinModule' &&
      ts.isIdentifier(callee.expression) &&
      callee.expression.text === 'process');
  return loads ? specifier.text : undefined;
}

/**
 * @param cls - a class
 * @returns the expression after `extends`, if any
 */
export function extendsExpression(cls: ts.ClassLikeDeclaration): ts.Expression | undefined {
  for (const clause of cls.heritageClauses ?? []) {
    if (clause.token === ts.SyntaxKind.ExtendsKeyword) return clause.types[0]?.expression;
  }
  return undefined;
}

/**
 * @param expression - `X` or `ns.X`
 * @param file - the file it is written in
 * @returns the import binding it denotes, following a namespace import to its export
 */
export function bindingOf(expression: ts.Expression | ts.EntityName, file: FileFacts): Binding | undefined {
  if (ts.isIdentifier(expression)) return file.bindings.get(expression.text);
  let left: ts.Node | undefined;
  let right: ts.Identifier | ts.PrivateIdentifier | undefined;
  if (ts.isQualifiedName(expression)) {
    left = expression.left;
    right = expression.right;
  } else if (ts.isPropertyAccessExpression(expression)) {
    left = expression.expression;
    right = expression.name;
  }
  const namespace = left !== undefined && ts.isIdentifier(left) ? file.bindings.get(left.text) : undefined;
  return namespace?.imported === '*' && right !== undefined ? { module: namespace.module, imported: right.text } : undefined;
}

/**
 * @param kind - a recognized kind
 * @returns it as a thread-local family, or `undefined` for the pool
 */
function asFamily(kind: RecognizedKind | null): ThreadLocalFamily | undefined {
  return kind === 'thread-local' || kind === 'async-local-storage' ? kind : undefined;
}

/**
 * The family of a class named by `expression` in `file`, from bindings alone: an import (or
 * require) of a recognized module, or a global object's `AsyncLocalStorage`
 * (`globalThis.AsyncLocalStorage`), which is Node's own class.
 */
function familyOfBinding(expression: ts.Expression, file: FileFacts): ThreadLocalFamily | undefined {
  const target = skipOuterExpressions(expression);
  const binding = bindingOf(target, file);
  // An import from any other module (a re-export, a project's own class) is left to the checker.
  if (binding !== undefined) return asFamily(kindOfExport(binding.module, binding.imported));
  if (
    ts.isPropertyAccessExpression(target) &&
    ts.isIdentifier(target.expression) &&
    GLOBAL_OBJECT_NAMES.has(target.expression.text) &&
    !file.bindings.has(target.expression.text)
  ) {
    return asFamily(MODULE_CLASSES.async_hooks.get(target.name.text) ?? null);
  }
  return undefined;
}

/**
 * The family of the class `base` refers to: a thread-local class imported directly, one re-exported
 * through a local module (resolved by the checker to its declaration file), or a known subclass.
 *
 * @param base - a class expression
 * @param file - the file it is written in
 * @param resolver - resolves names across files
 * @param subclasses - the subclasses known so far
 * @returns the family, or `undefined` when the class is not a thread-local class
 */
export function classFamily(
  base: ts.Expression,
  file: FileFacts,
  resolver: Resolver,
  subclasses: ReadonlyMap<ts.Node, ThreadLocalFamily>,
): ThreadLocalFamily | undefined {
  const target = skipOuterExpressions(base);
  if (ts.isClassExpression(target)) {
    // `new (class extends ThreadLocal<T> {})()`: the family of its base.
    const inner = extendsExpression(target);
    return inner === undefined ? undefined : classFamily(inner, file, resolver, subclasses);
  }
  const bound = familyOfBinding(target, file);
  if (bound !== undefined) return bound;
  // Anything else (a re-export through a local module, a subclass, a class from a project's own
  // declaration file) is resolved by the checker, and recognized by the package that declares it.
  if (!ts.isIdentifier(target) && !ts.isPropertyAccessExpression(target)) return undefined;
  for (const declaration of resolver.declarationsOf(target)) {
    const known = subclasses.get(declaration);
    if (known !== undefined) return known;
    if (ts.isClassLike(declaration)) {
      const kind = declaredKind(declaration);
      if (kind !== undefined) return asFamily(kind);
    }
  }
  return undefined;
}

/**
 * @param declaration - a class declaration
 * @returns its kind when a recognized package declares it (the nearest package.json's name decides,
 *   never the class name or the path's spelling: a project's own `ThreadLocal` is not @tlkit/core's)
 */
export function declaredKind(declaration: ts.ClassLikeDeclaration): RecognizedKind | undefined {
  const name = declaration.name?.text;
  const sourceFile = declaration.getSourceFile();
  if (name === undefined || !sourceFile.isDeclarationFile) return undefined;
  return kindOfDeclaredClass(name, sourceFile.fileName) ?? undefined;
}

/**
 * @param binding - an import binding
 * @returns whether it names `ThreadPool` of @tlkit/core
 */
export function isThreadPoolImport(binding: Binding | undefined): boolean {
  return binding !== undefined && kindOfExport(binding.module, binding.imported) === 'thread-pool';
}

/**
 * @param file - a file
 * @param subclassNames - names of the known subclasses
 * @returns names that may denote a thread-local class in `file`: its bindings, re-exports by name,
 *   subclasses
 */
export function candidateClassNames(file: FileFacts, subclassNames: ReadonlySet<string>): Set<string> {
  const names = new Set(subclassNames);
  for (const name of RECOGNIZED_CLASS_NAMES) names.add(name);
  for (const [local, binding] of file.bindings) {
    if (RECOGNIZED_CLASS_NAMES.has(binding.imported)) names.add(local);
  }
  return names;
}
