import { ts } from 'ts-morph';
import type { ThreadLocalFamily } from '../threadLocalIndex.js';
import type { Resolver } from './resolver.js';

/*
 * Stage 1: import bindings and subclasses. Reads only top-level statements: which local names are
 * bound to a thread-local class (by import), and which classes extend one (to a fixpoint, across
 * files, with the checker resolving a base class imported from another module).
 */

/** Modules whose exports are thread-local classes, and which export is which. */
const CORE_MODULES = new Set(['@tlkit/core']);
const ASYNC_HOOKS_MODULES = new Set(['node:async_hooks', 'async_hooks']);
const THREAD_LOCAL_EXPORTS = new Set(['ThreadLocal', 'InheritableThreadLocal']);

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
  /** Classes extending a thread-local class, with the family they inherit. */
  readonly subclasses: ReadonlyMap<ts.ClassLikeDeclaration, ThreadLocalFamily>;
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
  const heritage: { cls: ts.ClassDeclaration; base: ts.Expression; file: FileFacts }[] = [];
  for (const sourceFile of sourceFiles) {
    const file: FileFacts = { sourceFile, bindings: new Map() };
    files.push(file);
    factsOf.set(sourceFile, file);
    for (const statement of sourceFile.statements) {
      if (ts.isImportDeclaration(statement)) {
        importBindings(statement, file.bindings);
      } else if (ts.isClassDeclaration(statement)) {
        const base = extendsExpression(statement);
        if (base !== undefined) heritage.push({ cls: statement, base, file });
      }
    }
  }

  // Classes extending a thread-local class, in any file, to a fixpoint (a subclass of a subclass…).
  const subclasses = new Map<ts.ClassLikeDeclaration, ThreadLocalFamily>();
  for (let changed = true; changed; ) {
    changed = false;
    for (const { cls, base, file } of heritage) {
      if (subclasses.has(cls)) continue;
      const family = classFamily(base, file, resolver, subclasses);
      if (family !== undefined) {
        subclasses.set(cls, family);
        changed = true;
      }
    }
  }
  const subclassNames = new Set<string>();
  for (const cls of subclasses.keys()) if (cls.name !== undefined) subclassNames.add(cls.name.text);
  return { files, factsOf, subclasses, subclassNames };
}

function importBindings(statement: ts.ImportDeclaration, bindings: Map<string, Binding>): void {
  if (!ts.isStringLiteral(statement.moduleSpecifier)) return;
  const module = statement.moduleSpecifier.text;
  const clause = statement.importClause;
  if (clause === undefined || clause.isTypeOnly) return;
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

/** The family of a thread-local class named by `expression` in `file`, from bindings alone. */
function familyOfBinding(expression: ts.Expression, file: FileFacts): ThreadLocalFamily | undefined {
  const binding = bindingOf(expression, file);
  if (binding === undefined) return undefined;
  if (CORE_MODULES.has(binding.module) && THREAD_LOCAL_EXPORTS.has(binding.imported)) return 'thread-local';
  if (ASYNC_HOOKS_MODULES.has(binding.module) && binding.imported === 'AsyncLocalStorage') return 'async-local-storage';
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
  subclasses: ReadonlyMap<ts.ClassLikeDeclaration, ThreadLocalFamily>,
): ThreadLocalFamily | undefined {
  const bound = familyOfBinding(base, file);
  if (bound !== undefined) return bound;
  for (const cls of resolver.classesOf(base)) {
    const known = subclasses.get(cls);
    if (known !== undefined) return known;
    const name = cls.name?.text;
    const sourceFile = cls.getSourceFile();
    if (name === undefined || !sourceFile.isDeclarationFile) continue;
    if (THREAD_LOCAL_EXPORTS.has(name) && isCoreDeclarationFile(sourceFile)) return 'thread-local';
    if (name === 'AsyncLocalStorage' && sourceFile.fileName.includes('/@types/node/')) return 'async-local-storage';
  }
  return undefined;
}

/**
 * @param sourceFile - a declaration file
 * @returns whether it is (a copy of) @tlkit/core's: its package, or a local stub declaring it
 */
export function isCoreDeclarationFile(sourceFile: ts.SourceFile): boolean {
  return (
    sourceFile.fileName.includes('/@tlkit/core/') ||
    sourceFile.fileName.includes('/packages/core/') ||
    sourceFile.statements.some(
      (statement) => ts.isClassDeclaration(statement) && statement.name?.text === 'ThreadPool',
    )
  );
}

/**
 * @param binding - an import binding
 * @returns whether it names `ThreadPool` of @tlkit/core
 */
export function isThreadPoolImport(binding: Binding | undefined): boolean {
  return binding !== undefined && CORE_MODULES.has(binding.module) && binding.imported === 'ThreadPool';
}

/**
 * @param file - a file
 * @param subclassNames - names of the known subclasses
 * @returns names that may denote a thread-local class in `file`: its bindings, re-exports by name,
 *   subclasses
 */
export function candidateClassNames(file: FileFacts, subclassNames: ReadonlySet<string>): Set<string> {
  const names = new Set(subclassNames);
  names.add('ThreadLocal').add('InheritableThreadLocal').add('AsyncLocalStorage');
  for (const [local, binding] of file.bindings) {
    if (THREAD_LOCAL_EXPORTS.has(binding.imported) || binding.imported === 'AsyncLocalStorage') names.add(local);
  }
  return names;
}
