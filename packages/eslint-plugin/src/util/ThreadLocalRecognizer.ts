import { ASTUtils, AST_NODE_TYPES } from '@typescript-eslint/utils';
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { isRelativeSpecifier, isResolvableFilename, moduleExports } from './ModuleExports.js';
import type { CrossFileContext, ExportAnalyzer, ExportKinds } from './ModuleExports.js';

/**
 * What a recognized class (or an instance of it) is:
 * - `thread-local`: `ThreadLocal`, `InheritableThreadLocal` from `@tlkit/core`, or a subclass;
 * - `async-local-storage`: Node's `AsyncLocalStorage` (`node:async_hooks` / `async_hooks`), or a subclass;
 * - `thread-pool`: `ThreadPool` from `@tlkit/core`, or a subclass.
 */
export type RecognizedKind = 'thread-local' | 'async-local-storage' | 'thread-pool';

/** The kinds that hold per-thread (per-context) state: the ones the rules are about. */
export type LocalStateKind = Exclude<RecognizedKind, 'thread-pool'>;

type Variable = TSESLint.Scope.Variable;
type ModuleId = 'core' | 'async_hooks';

/** The package that declares the thread-local classes and the pool. */
export const CORE_MODULE = '@tlkit/core';
const ASYNC_HOOKS_MODULES: ReadonlySet<string> = new Set(['node:async_hooks', 'async_hooks']);

/** The classes `@tlkit/core` exports, by name. */
export const CORE_CLASSES: ReadonlyMap<string, RecognizedKind> = new Map<string, RecognizedKind>([
  ['ThreadLocal', 'thread-local'],
  ['InheritableThreadLocal', 'thread-local'],
  ['ThreadPool', 'thread-pool'],
]);

/** The classes Node's `async_hooks` exports, by name. */
export const ASYNC_HOOKS_CLASSES: ReadonlyMap<string, RecognizedKind> = new Map<string, RecognizedKind>([
  ['AsyncLocalStorage', 'async-local-storage'],
]);

/** Export name → kind, per module the rules know about. */
const MODULE_EXPORTS: Readonly<Record<ModuleId, ReadonlyMap<string, RecognizedKind>>> = {
  core: CORE_CLASSES,
  async_hooks: ASYNC_HOOKS_CLASSES,
};

/** Node types that wrap an expression without changing its value. */
const TRANSPARENT_WRAPPERS: ReadonlySet<AST_NODE_TYPES> = new Set([
  AST_NODE_TYPES.TSAsExpression,
  AST_NODE_TYPES.TSSatisfiesExpression,
  AST_NODE_TYPES.TSNonNullExpression,
  AST_NODE_TYPES.TSTypeAssertion,
  AST_NODE_TYPES.TSInstantiationExpression,
  AST_NODE_TYPES.ChainExpression,
]);

/**
 * Strips TypeScript-only wrappers (`as`, `satisfies`, `!`, `<T>x`) and optional chains.
 *
 * @param node - any expression.
 * @returns the innermost expression with the same run-time value.
 */
export function unwrapExpression(node: TSESTree.Node): TSESTree.Node {
  let current = node;
  while (TRANSPARENT_WRAPPERS.has(current.type)) {
    current = (current as TSESTree.TSAsExpression).expression;
  }
  return current;
}

/**
 * Walks up from `node` through the wrappers {@link unwrapExpression} strips.
 *
 * @param node - an expression.
 * @returns the outermost wrapper around `node` (or `node` itself).
 */
export function outermostWrapper(node: TSESTree.Node): TSESTree.Node {
  let current = node;
  while (current.parent && TRANSPARENT_WRAPPERS.has(current.parent.type)) {
    current = current.parent;
  }
  return current;
}

function moduleIdOf(source: string): ModuleId | null {
  if (source === CORE_MODULE) return 'core';
  if (ASYNC_HOOKS_MODULES.has(source)) return 'async_hooks';
  return null;
}

/** `require('x')`, `await import('x')`, `import('x')` → `'x'`. */
function requiredModule(node: TSESTree.Node | null | undefined): string | null {
  if (!node) return null;
  let current = unwrapExpression(node);
  if (current.type === AST_NODE_TYPES.AwaitExpression) current = unwrapExpression(current.argument);
  if (current.type === AST_NODE_TYPES.ImportExpression) {
    return current.source.type === AST_NODE_TYPES.Literal && typeof current.source.value === 'string'
      ? current.source.value
      : null;
  }
  if (
    current.type === AST_NODE_TYPES.CallExpression &&
    current.callee.type === AST_NODE_TYPES.Identifier &&
    current.callee.name === 'require' &&
    current.arguments.length === 1 &&
    current.arguments[0]?.type === AST_NODE_TYPES.Literal &&
    typeof current.arguments[0].value === 'string'
  ) {
    return current.arguments[0].value;
  }
  return null;
}

/**
 * @param node - the key of a property or class member, or the property of a member expression.
 * @param computed - whether it is written in brackets.
 * @returns the name it statically denotes (`#x` for a private name), or `null` when it is computed.
 */
export function propertyName(node: TSESTree.Node, computed: boolean): string | null {
  if (!computed && node.type === AST_NODE_TYPES.Identifier) return node.name;
  if (!computed && node.type === AST_NODE_TYPES.PrivateIdentifier) return `#${node.name}`;
  if (node.type === AST_NODE_TYPES.Literal && typeof node.value === 'string') return node.value;
  return null;
}

/** A class body's members that hold a recognized instance, by member name (`#x` for private names). */
type ClassMembers = ReadonlyMap<string, RecognizedKind>;

/** The function nodes whose bodies run when called. */
export type FunctionNode =
  | TSESTree.ArrowFunctionExpression
  | TSESTree.FunctionDeclaration
  | TSESTree.FunctionExpression;

/**
 * Recognizes thread-locals without type information, from one file's import bindings and class
 * declarations. One instance per file (see {@link getThreadLocalRecognizer}); the bindings are
 * collected once, lazily, from the top-level statements only, and every lookup is cached.
 *
 * Recognition goes through scope analysis, never through names: a local class that happens to be
 * called `ThreadLocal` is a different variable from the imported one and is not recognized.
 */
export class ThreadLocalRecognizer {
  /** Variables bound to a recognized class: imports, aliases, in-file subclasses (chains too). */
  readonly #classVariables = new Map<Variable, RecognizedKind>();
  /** Variables bound to a whole module (`import * as core`, `require('@tlkit/core')`). */
  readonly #namespaceVariables = new Map<Variable, ModuleId>();
  /**
   * Names of the variables in {@link #classVariables} and {@link #namespaceVariables}. An identifier
   * with any other name cannot resolve to one, so most `new Map()` and `foo.set(x)` are rejected
   * without a scope lookup.
   */
  readonly #boundNames = new Set<string>();
  readonly #instanceCache = new Map<Variable, RecognizedKind | null>();
  readonly #classMembersCache = new WeakMap<TSESTree.Node, ClassMembers>();
  readonly #sourceCode: Readonly<TSESLint.SourceCode>;
  /** Where this file is, to follow its relative imports; `null` when it is not on disk or the feature is off. */
  readonly #crossFile: CrossFileContext | null;
  /**
   * Bindings resolved lazily through another file (see {@link ModuleExports}): imports from a relative
   * module (`import { user } from './context.js'`, by imported name) and module-level classes or aliases whose
   * base is one (`class Mine extends Imported`, by the expression to resolve). Their names are in
   * {@link #deferredNames}.
   */
  readonly #relativeImports = new Map<Variable, { readonly source: string; readonly name: string }>();
  readonly #deferredClasses = new Map<Variable, TSESTree.Node>();
  readonly #deferredNames = new Set<string>();
  readonly #importedKindsCache = new Map<Variable, ExportKinds>();
  readonly #importedFunctionCache = new Map<Variable, FunctionNode | null>();
  /**
   * `false` when the file imports nothing the rules know about and uses no relative import as a candidate
   * (`x.set(v)`, `x.enterWith(v)`, `new X()`, `x.submit(f)`, …): every lookup then short-circuits.
   */
  readonly hasRecognizedImports: boolean;

  /**
   * @param sourceCode - the file.
   * @param crossFile - where the file is and how it is parsed; without it, relative imports are not followed.
   */
  constructor(sourceCode: Readonly<TSESLint.SourceCode>, crossFile: CrossFileContext | null = null) {
    this.#sourceCode = sourceCode;
    this.#crossFile =
      crossFile && moduleExports.enabled && isResolvableFilename(crossFile.filename) ? crossFile : null;
    this.#collectBindings(sourceCode.ast);
    this.hasRecognizedImports =
      this.#classVariables.size > 0 || this.#namespaceVariables.size > 0 || this.#usesRelativeImports();
  }

  #collectBindings(program: TSESTree.Program): void {
    const scopeManager = this.#sourceCode.scopeManager;
    if (!scopeManager) return;
    const pending: Array<TSESTree.ClassDeclaration | TSESTree.VariableDeclarator> = [];
    for (const statement of program.body) {
      const node =
        (statement.type === AST_NODE_TYPES.ExportNamedDeclaration ||
          statement.type === AST_NODE_TYPES.ExportDefaultDeclaration) &&
        statement.declaration
          ? statement.declaration
          : statement;
      if (node.type === AST_NODE_TYPES.ImportDeclaration) {
        const moduleId = moduleIdOf(node.source.value);
        if (!moduleId) {
          this.#collectRelativeImport(node, scopeManager);
          continue;
        }
        for (const specifier of node.specifiers) {
          const [variable] = scopeManager.getDeclaredVariables(specifier);
          if (!variable) continue;
          if (specifier.type === AST_NODE_TYPES.ImportSpecifier) {
            const imported = propertyName(specifier.imported, false);
            const kind = imported === null ? undefined : MODULE_EXPORTS[moduleId].get(imported);
            if (kind) this.#bind(variable, kind);
          } else {
            // `import * as core` and, for Node builtins, the default export (the module object).
            this.#bindNamespace(variable, moduleId);
          }
        }
      } else if (node.type === AST_NODE_TYPES.VariableDeclaration) {
        pending.push(...node.declarations);
      } else if (node.type === AST_NODE_TYPES.ClassDeclaration && node.superClass) {
        pending.push(node);
      }
    }
    // Aliases and subclasses may refer to each other in any order: iterate to a fixed point.
    let changed = true;
    while (changed && pending.length > 0) {
      changed = false;
      for (let index = pending.length - 1; index >= 0; index--) {
        const node = pending[index];
        if (node && this.#collectDeclaration(node, scopeManager)) {
          pending.splice(index, 1);
          changed = true;
        }
      }
    }
  }

  /** @returns `true` when `node` bound something (so it need not be looked at again). */
  #collectDeclaration(
    node: TSESTree.ClassDeclaration | TSESTree.VariableDeclarator,
    scopeManager: TSESLint.Scope.ScopeManager,
  ): boolean {
    if (node.type === AST_NODE_TYPES.ClassDeclaration) {
      if (this.#deferIfRelative(node, node.superClass, scopeManager)) return true;
      const kind = node.superClass ? this.classKind(node.superClass) : null;
      const [variable] = scopeManager.getDeclaredVariables(node);
      if (kind && variable) this.#bind(variable, kind);
      return kind !== null;
    }
    const init = node.init ? unwrapExpression(node.init) : null;
    if (!init) return true;
    const moduleId = moduleIdOf(requiredModule(init) ?? '') ?? this.#namespaceOf(init);
    if (node.id.type === AST_NODE_TYPES.Identifier) {
      const [variable] = scopeManager.getDeclaredVariables(node);
      if (!variable) return true;
      if (moduleId) {
        this.#bindNamespace(variable, moduleId);
        return true;
      }
      const base = init.type === AST_NODE_TYPES.ClassExpression ? init.superClass : init;
      if (this.#deferIfRelative(node, base, scopeManager)) return true;
      const kind =
        init.type === AST_NODE_TYPES.ClassExpression
          ? init.superClass
            ? this.classKind(init.superClass)
            : null
          : this.classKind(init);
      if (kind) this.#bind(variable, kind);
      return kind !== null;
    }
    if (node.id.type === AST_NODE_TYPES.ObjectPattern && moduleId) {
      // `const { ThreadLocal: TL } = require('@tlkit/core')`, `const { ThreadLocal } = core`
      for (const property of node.id.properties) {
        if (property.type !== AST_NODE_TYPES.Property || property.value.type !== AST_NODE_TYPES.Identifier) continue;
        const name = propertyName(property.key, property.computed);
        const kind = name === null ? undefined : MODULE_EXPORTS[moduleId].get(name);
        const variable = this.#variableOf(property.value);
        if (kind && variable) this.#bind(variable, kind);
      }
    }
    return true;
  }

  #bind(variable: Variable, kind: RecognizedKind): void {
    this.#classVariables.set(variable, kind);
    this.#boundNames.add(variable.name);
  }

  #bindNamespace(variable: Variable, moduleId: ModuleId): void {
    this.#namespaceVariables.set(variable, moduleId);
    this.#boundNames.add(variable.name);
  }

  /** `true` when the file binds nothing recognized, directly or through a relative import: every kind is `null`. */
  get recognizesNothing(): boolean {
    return this.#isEmpty();
  }

  #isEmpty(): boolean {
    return this.#classVariables.size === 0 && this.#namespaceVariables.size === 0 && this.#relativeImports.size === 0;
  }

  /** Remembers what a relative import's bindings import; nothing is read from the other file yet. */
  #collectRelativeImport(node: TSESTree.ImportDeclaration, scopeManager: TSESLint.Scope.ScopeManager): void {
    if (!this.#crossFile || node.importKind === 'type' || !isRelativeSpecifier(node.source.value)) return;
    for (const specifier of node.specifiers) {
      if (specifier.type === AST_NODE_TYPES.ImportNamespaceSpecifier) continue;
      if (specifier.type === AST_NODE_TYPES.ImportSpecifier && specifier.importKind === 'type') continue;
      const name =
        specifier.type === AST_NODE_TYPES.ImportDefaultSpecifier ? 'default' : propertyName(specifier.imported, false);
      const [variable] = scopeManager.getDeclaredVariables(specifier);
      if (variable && name !== null) {
        this.#relativeImports.set(variable, { source: node.source.value, name });
        this.#deferredNames.add(variable.name);
      }
    }
  }

  /**
   * A class or alias whose base is a relative import (or another such class) is resolved on first use, not
   * while collecting: most files extend imported classes that have nothing to do with thread-locals.
   *
   * @returns `true` when `node` was deferred.
   */
  #deferIfRelative(
    node: TSESTree.ClassDeclaration | TSESTree.VariableDeclarator,
    base: TSESTree.Node | null,
    scopeManager: TSESLint.Scope.ScopeManager,
  ): boolean {
    const target = base ? unwrapExpression(base) : null;
    if (target?.type !== AST_NODE_TYPES.Identifier || !this.#deferredNames.has(target.name)) return false;
    const baseVariable = this.#variableOf(target);
    if (!baseVariable || !(this.#relativeImports.has(baseVariable) || this.#deferredClasses.has(baseVariable))) {
      return false;
    }
    const [variable] = scopeManager.getDeclaredVariables(node);
    if (!variable) return false;
    this.#deferredClasses.set(variable, target);
    this.#deferredNames.add(variable.name);
    return true;
  }

  /** Whether a relative import is used where a rule would ask for its kind (see {@link hasRecognizedImports}). */
  #usesRelativeImports(): boolean {
    for (const variable of this.#relativeImports.keys()) {
      for (const reference of variable.references) {
        if (isCandidateUse(reference.identifier)) return true;
      }
    }
    return false;
  }

  /** The kinds of what a relative import (or a class deferred on one) binds, read from the other file once. */
  #crossFileKinds(variable: Variable): ExportKinds | null {
    const cached = this.#importedKindsCache.get(variable);
    if (cached) return cached;
    const imported = this.#relativeImports.get(variable);
    const deferred = this.#deferredClasses.get(variable);
    let kinds: ExportKinds | null = null;
    if (imported && this.#crossFile) {
      kinds = moduleExports.importedKinds(this.#crossFile, imported.source, imported.name, CROSS_FILE_ANALYZER);
    } else if (deferred) {
      this.#importedKindsCache.set(variable, { classKind: null, instanceKind: null }); // guards cycles
      kinds = { classKind: this.classKind(deferred), instanceKind: null };
    }
    if (kinds) this.#importedKindsCache.set(variable, kinds);
    return kinds;
  }

  #variableOf(identifier: TSESTree.Identifier): Variable | null {
    return ASTUtils.findVariable(this.#sourceCode.getScope(identifier), identifier);
  }

  #namespaceOf(node: TSESTree.Node): ModuleId | null {
    if (
      node.type !== AST_NODE_TYPES.Identifier ||
      this.#namespaceVariables.size === 0 ||
      !this.#boundNames.has(node.name)
    ) {
      return null;
    }
    const variable = this.#variableOf(node);
    return variable ? (this.#namespaceVariables.get(variable) ?? null) : null;
  }

  /**
   * @param node - an expression used as a class: a `new` callee, a `superClass`, an alias's init.
   * @returns the kind of the class it refers to, or `null` when it is not a recognized class.
   */
  classKind(node: TSESTree.Node): RecognizedKind | null {
    if (this.#isEmpty()) return null;
    const target = unwrapExpression(node);
    if (target.type === AST_NODE_TYPES.Identifier) {
      if (!this.#boundNames.has(target.name) && !this.#deferredNames.has(target.name)) return null;
      const variable = this.#variableOf(target);
      if (!variable) return null;
      return this.#classVariables.get(variable) ?? this.#crossFileKinds(variable)?.classKind ?? null;
    }
    if (target.type === AST_NODE_TYPES.MemberExpression) {
      const moduleId = this.#namespaceOf(unwrapExpression(target.object));
      const name = propertyName(target.property, target.computed);
      return moduleId && name !== null ? (MODULE_EXPORTS[moduleId].get(name) ?? null) : null;
    }
    return null;
  }

  /**
   * @param node - a type annotation's type (`ThreadLocal<User>`, `core.ThreadLocal<User> | undefined`).
   * @returns the kind of the recognized class it names, or `null`.
   */
  typeKind(node: TSESTree.TypeNode | undefined): RecognizedKind | null {
    if (!node) return null;
    if (node.type === AST_NODE_TYPES.TSUnionType) {
      // `ThreadLocal<T> | undefined`: the one non-nullish member decides.
      const members = node.types.filter(
        (member) =>
          member.type !== AST_NODE_TYPES.TSUndefinedKeyword && member.type !== AST_NODE_TYPES.TSNullKeyword,
      );
      return members.length === 1 ? this.typeKind(members[0]) : null;
    }
    if (node.type !== AST_NODE_TYPES.TSTypeReference) return null;
    const name = node.typeName;
    if (name.type === AST_NODE_TYPES.Identifier) return this.classKind(name);
    if (name.type === AST_NODE_TYPES.TSQualifiedName && name.left.type === AST_NODE_TYPES.Identifier) {
      const moduleId = this.#namespaceOf(name.left);
      return moduleId ? (MODULE_EXPORTS[moduleId].get(name.right.name) ?? null) : null;
    }
    return null;
  }

  /**
   * @param node - any expression.
   * @returns the kind of thread-local (or pool) the expression creates, or `null` when it is not a
   *   creation site (`new ThreadLocal()`, `new Sub()`, `ThreadLocal.withInitial(f)`, `new AsyncLocalStorage()`).
   */
  creationKind(node: TSESTree.Node): RecognizedKind | null {
    const target = unwrapExpression(node);
    if (target.type === AST_NODE_TYPES.NewExpression) return this.classKind(target.callee);
    if (
      target.type === AST_NODE_TYPES.CallExpression &&
      target.callee.type === AST_NODE_TYPES.MemberExpression &&
      propertyName(target.callee.property, target.callee.computed) === 'withInitial' &&
      this.classKind(target.callee.object) === 'thread-local'
    ) {
      return 'thread-local';
    }
    return null;
  }

  /**
   * Recognizes an instance from how it was declared: a variable, parameter or class member initialized
   * with a creation site or annotated with a recognized class, `this.x`, `Class.x`, `obj.x` of a
   * module-level object literal.
   *
   * @param node - the receiver of a call such as `x.set(v)`.
   * @returns the kind of the instance, or `null` when nothing in this file says what it is.
   */
  instanceKind(node: TSESTree.Node): RecognizedKind | null {
    if (this.#isEmpty()) return null;
    const target = unwrapExpression(node);
    const created = this.creationKind(target);
    if (created) return created;
    if (target.type === AST_NODE_TYPES.Identifier) {
      const variable = this.#variableOf(target);
      return variable ? this.#variableInstanceKind(variable) : null;
    }
    if (target.type !== AST_NODE_TYPES.MemberExpression) return null;
    const name = propertyName(target.property, target.computed);
    if (name === null) return null;
    const object = unwrapExpression(target.object);
    if (object.type === AST_NODE_TYPES.ThisExpression) {
      const classNode = enclosingClassOfThis(object);
      return classNode ? (this.#classMembers(classNode).get(name) ?? null) : null;
    }
    if (object.type === AST_NODE_TYPES.Identifier) {
      const variable = this.#variableOf(object);
      const def = variable?.defs[0];
      if (!def) return null;
      if (def.node.type === AST_NODE_TYPES.ClassDeclaration) {
        return this.#classMembers(def.node).get(name) ?? null;
      }
      if (def.node.type === AST_NODE_TYPES.VariableDeclarator && def.node.init) {
        const init = unwrapExpression(def.node.init);
        if (init.type === AST_NODE_TYPES.ClassExpression) return this.#classMembers(init).get(name) ?? null;
        if (init.type === AST_NODE_TYPES.ObjectExpression) {
          for (const property of init.properties) {
            if (
              property.type === AST_NODE_TYPES.Property &&
              propertyName(property.key, property.computed) === name
            ) {
              return this.creationKind(property.value);
            }
          }
        }
      }
    }
    return null;
  }

  #variableInstanceKind(variable: Variable): RecognizedKind | null {
    const cached = this.#instanceCache.get(variable);
    if (cached !== undefined) return cached;
    this.#instanceCache.set(variable, null); // guards `const a = b, b = a` cycles
    let kind: RecognizedKind | null = null;
    for (const def of variable.defs) {
      if (def.type === 'Variable' && def.node.type === AST_NODE_TYPES.VariableDeclarator) {
        const { id, init } = def.node;
        if (id.type === AST_NODE_TYPES.Identifier) {
          kind = this.typeKind(id.typeAnnotation?.typeAnnotation) ?? (init ? this.instanceKind(init) : null);
        }
      } else if (def.type === 'Parameter' && def.name.type === AST_NODE_TYPES.Identifier) {
        const parent = def.name.parent;
        const annotated = parent.type === AST_NODE_TYPES.AssignmentPattern ? parent.left : def.name;
        kind =
          annotated.type === AST_NODE_TYPES.Identifier ? this.typeKind(annotated.typeAnnotation?.typeAnnotation) : null;
        if (!kind && parent.type === AST_NODE_TYPES.TSParameterProperty) {
          kind = this.typeKind(def.name.typeAnnotation?.typeAnnotation);
        }
      } else if (def.type === 'ImportBinding') {
        kind = this.#crossFileKinds(variable)?.instanceKind ?? null;
      }
      if (kind) break;
    }
    this.#instanceCache.set(variable, kind);
    return kind;
  }

  #classMembers(classNode: TSESTree.ClassDeclaration | TSESTree.ClassExpression): ClassMembers {
    const cached = this.#classMembersCache.get(classNode);
    if (cached) return cached;
    const members = new Map<string, RecognizedKind>();
    this.#classMembersCache.set(classNode, members);
    for (const element of classNode.body.body) {
      if (element.type === AST_NODE_TYPES.PropertyDefinition) {
        const name = propertyName(element.key, element.computed);
        const kind =
          this.typeKind(element.typeAnnotation?.typeAnnotation) ??
          (element.value ? this.creationKind(element.value) : null);
        if (name !== null && kind) members.set(name, kind);
      } else if (
        element.type === AST_NODE_TYPES.MethodDefinition &&
        element.kind === 'constructor' &&
        element.value.body
      ) {
        for (const param of element.value.params) {
          // constructor(private readonly tl: ThreadLocal<T>)
          if (param.type === AST_NODE_TYPES.TSParameterProperty && param.parameter.type === AST_NODE_TYPES.Identifier) {
            const kind = this.typeKind(param.parameter.typeAnnotation?.typeAnnotation);
            if (kind) members.set(param.parameter.name, kind);
          }
        }
        for (const statement of element.value.body.body) {
          // this.tl = new ThreadLocal()
          if (
            statement.type === AST_NODE_TYPES.ExpressionStatement &&
            statement.expression.type === AST_NODE_TYPES.AssignmentExpression &&
            statement.expression.left.type === AST_NODE_TYPES.MemberExpression &&
            statement.expression.left.object.type === AST_NODE_TYPES.ThisExpression
          ) {
            const name = propertyName(statement.expression.left.property, statement.expression.left.computed);
            const kind = this.creationKind(statement.expression.right);
            if (name !== null && kind && !members.has(name)) members.set(name, kind);
          }
        }
      }
    }
    return members;
  }

  /**
   * @param node - a callee (`clearRequest` in `finally { clearRequest(); }`).
   * @returns the function a relative module exports under the imported name, in that module's syntax tree;
   *   `null` when the callee is not such an import or the export is not a function.
   */
  importedFunction(node: TSESTree.Node): FunctionNode | null {
    const target = unwrapExpression(node);
    if (!this.#crossFile || target.type !== AST_NODE_TYPES.Identifier || !this.#deferredNames.has(target.name)) {
      return null;
    }
    const variable = this.#variableOf(target);
    const imported = variable ? this.#relativeImports.get(variable) : undefined;
    if (!variable || !imported) return null;
    let fn = this.#importedFunctionCache.get(variable);
    if (fn === undefined) {
      fn = moduleExports.importedFunction(this.#crossFile, imported.source, imported.name, CROSS_FILE_ANALYZER);
      this.#importedFunctionCache.set(variable, fn);
    }
    return fn;
  }

  /**
   * Resolves a callee or argument to a function defined in this file.
   *
   * @param node - an identifier (`work`), or `this.method` inside a class.
   * @returns the function node it refers to, or `null`.
   */
  sameFileFunction(node: TSESTree.Node): FunctionNode | null {
    const target = unwrapExpression(node);
    if (
      target.type === AST_NODE_TYPES.ArrowFunctionExpression ||
      target.type === AST_NODE_TYPES.FunctionExpression
    ) {
      return target;
    }
    if (target.type === AST_NODE_TYPES.Identifier) {
      const def = this.#variableOf(target)?.defs[0];
      if (!def) return null;
      if (def.node.type === AST_NODE_TYPES.FunctionDeclaration) return def.node;
      if (def.node.type === AST_NODE_TYPES.VariableDeclarator && def.node.init) {
        const init = unwrapExpression(def.node.init);
        if (init.type === AST_NODE_TYPES.ArrowFunctionExpression || init.type === AST_NODE_TYPES.FunctionExpression) {
          return init;
        }
      }
      return null;
    }
    if (
      target.type === AST_NODE_TYPES.MemberExpression &&
      unwrapExpression(target.object).type === AST_NODE_TYPES.ThisExpression
    ) {
      const classNode = enclosingClassOfThis(target.object);
      const name = propertyName(target.property, target.computed);
      if (!classNode || name === null) return null;
      for (const element of classNode.body.body) {
        if (
          element.type === AST_NODE_TYPES.MethodDefinition &&
          element.kind === 'method' &&
          element.value.type === AST_NODE_TYPES.FunctionExpression &&
          propertyName(element.key, element.computed) === name
        ) {
          return element.value;
        }
      }
    }
    return null;
  }
}

/**
 * @param node - a `this` expression.
 * @returns the class whose instance (or constructor, in static members) `this` is, or `null` when
 *   `this` is bound by a plain function.
 */
export function enclosingClassOfThis(
  node: TSESTree.Node,
): TSESTree.ClassDeclaration | TSESTree.ClassExpression | null {
  let current: TSESTree.Node | undefined = node.parent;
  while (current) {
    if (current.type === AST_NODE_TYPES.ClassBody) return current.parent;
    if (
      current.type === AST_NODE_TYPES.FunctionDeclaration ||
      (current.type === AST_NODE_TYPES.FunctionExpression &&
        current.parent.type !== AST_NODE_TYPES.MethodDefinition &&
        current.parent.type !== AST_NODE_TYPES.PropertyDefinition)
    ) {
      return null;
    }
    current = current.parent;
  }
  return null;
}

/** Methods whose receiver the rules ask about (`remove-in-finally` candidates and pools, `withInitial`). */
const CANDIDATE_METHODS: ReadonlySet<string> = new Set(['set', 'enterWith', 'execute', 'submit', 'withInitial']);

/**
 * @param identifier - a reference to an imported binding.
 * @returns whether a rule would ask what it is: `x.set(…)` and the other candidate methods, `new X()`,
 *   `extends X`, or an alias `const y = x` (whose own uses then decide).
 */
function isCandidateUse(identifier: TSESTree.Node): boolean {
  const node = outermostWrapper(identifier);
  const parent = node.parent;
  switch (parent?.type) {
    case AST_NODE_TYPES.MemberExpression: {
      const name = parent.object === node ? propertyName(parent.property, parent.computed) : null;
      return name !== null && CANDIDATE_METHODS.has(name);
    }
    case AST_NODE_TYPES.NewExpression:
      return parent.callee === node;
    case AST_NODE_TYPES.ClassDeclaration:
    case AST_NODE_TYPES.ClassExpression:
      return parent.superClass === node;
    case AST_NODE_TYPES.VariableDeclarator:
      return parent.init === node;
    default:
      return false;
  }
}

/** How an imported file is read: with this same recognizer, following its own relative imports in turn. */
const CROSS_FILE_ANALYZER: ExportAnalyzer = {
  recognizerFor: (sourceCode, context) => {
    const recognizer = new ThreadLocalRecognizer(sourceCode, context);
    return recognizer.recognizesNothing ? null : recognizer;
  },
  packageClassKind: (source, name) => {
    const moduleId = moduleIdOf(source);
    return moduleId ? (MODULE_EXPORTS[moduleId].get(name) ?? null) : null;
  },
  mentionsKnownModule: (text) => text.includes(CORE_MODULE) || text.includes('async_hooks'),
};

const recognizers = new WeakMap<TSESTree.Program, ThreadLocalRecognizer>();

/** What {@link getThreadLocalRecognizer} reads from a rule's context to follow relative imports. */
export interface RecognizerContext {
  readonly filename: string;
  readonly languageOptions?: { readonly parserOptions?: object } | undefined;
}

/**
 * @param sourceCode - the file being linted.
 * @param context - the rule's context (its file name and parser options); without it, relative imports are
 *   not followed.
 * @returns the file's recognizer, shared by every rule that lints the same AST.
 */
export function getThreadLocalRecognizer(
  sourceCode: Readonly<TSESLint.SourceCode>,
  context?: RecognizerContext,
): ThreadLocalRecognizer {
  let recognizer = recognizers.get(sourceCode.ast);
  if (!recognizer) {
    const parserOptions = context?.languageOptions?.parserOptions as Readonly<Record<string, unknown>> | undefined;
    recognizer = new ThreadLocalRecognizer(sourceCode, context ? { filename: context.filename, parserOptions } : null);
    recognizers.set(sourceCode.ast, recognizer);
  }
  return recognizer;
}
