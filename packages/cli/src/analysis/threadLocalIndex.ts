import type { Project } from 'ts-morph';
import { ts } from 'ts-morph';

/*
 * The thread-local index: every thread-local the program declares, every set/remove on it, the
 * factories that create thread-locals, the calls to them, and the tasks passed to thread pools.
 *
 * Cheap first, types last (CONVENTIONS rule 10). The walk works on compiler nodes (no ts-morph
 * wrappers) and selects candidates by syntax and import binding: `new X()` where `X` is bound to a
 * thread-local class, `recv.set()` where `recv` is named like a declared thread-local, and so on.
 * The type checker is asked only about those candidates, to resolve a name to its declaration
 * across files. No type is computed for the rest of the program, which is what keeps a scan well
 * below the cost of `tsc --noEmit`.
 */

/** Modules whose exports are thread-local classes, and which export is which. */
const CORE_MODULES = new Set(['@tlkit/core']);
const ASYNC_HOOKS_MODULES = new Set(['node:async_hooks', 'async_hooks']);

/** Which API family a thread-local belongs to: it decides the names of "set" and "remove". */
export type ThreadLocalFamily = 'thread-local' | 'async-local-storage';

/** A function-like node: the unit that calls, sets and removes are attributed to. */
export type FunctionNode = ts.FunctionLikeDeclaration;

/** Where code runs relative to module initialization, for the per-call checks. */
type InitContext = 'module' | 'static' | 'instance' | 'function';

/** A declared thread-local: a variable, class property or object property initialized by a creation. */
export interface ThreadLocalDecl {
  /** The declaration node (VariableDeclaration, PropertyDeclaration or PropertyAssignment). */
  readonly node: ts.VariableDeclaration | ts.PropertyDeclaration | ts.PropertyAssignment;
  /** Its name, as written (`requestUser`, `Context.current`). */
  readonly name: string;
  /** Name of the class instantiated (`ThreadLocal`, `RequestLocal`, `AsyncLocalStorage`). */
  readonly className: string;
  readonly family: ThreadLocalFamily;
  readonly sourceFile: ts.SourceFile;
}

/** The kind of operation on a thread-local that the checks care about. */
export type OperationKind = 'set' | 'remove';

/** A `set`/`remove` (or `enterWith`/`disable`) call on a declared thread-local. */
export interface Operation {
  readonly threadLocal: ThreadLocalDecl;
  readonly kind: OperationKind;
  /** The method called: `set`, `remove`, `enterWith`, `disable`. */
  readonly method: string;
  readonly call: ts.CallExpression;
  /** Innermost enclosing function, `undefined` at module level. */
  readonly fn: FunctionNode | undefined;
  /** True when the call is lexically in a `finally` block (or a `.finally()` callback) of `fn`. */
  readonly inFinally: boolean;
  readonly sourceFile: ts.SourceFile;
}

/** A function that returns a newly created thread-local. */
export interface Factory {
  readonly fn: FunctionNode;
  /** Name to show: `createLocal`, `Locals.create`. */
  readonly name: string;
  readonly className: string;
  readonly sourceFile: ts.SourceFile;
}

/** A call to a factory made per call or per instance (not once, at module or static initialization). */
export interface FactoryCall {
  readonly factory: Factory;
  readonly call: ts.CallExpression;
  readonly fn: FunctionNode | undefined;
  readonly context: 'function' | 'instance';
  readonly sourceFile: ts.SourceFile;
}

/** A task handed to a thread pool: `pool.execute(task)` or `pool.submit(task)`. */
export interface PoolSubmission {
  readonly call: ts.CallExpression;
  readonly method: 'execute' | 'submit';
  /** The function the task resolves to (an inline function, or the declaration of a named one). */
  readonly task: FunctionNode;
  readonly sourceFile: ts.SourceFile;
}

/** The operations on one thread-local, split by kind, each list in program order. */
export interface ThreadLocalOperations {
  readonly sets: readonly Operation[];
  readonly removes: readonly Operation[];
}

/** Everything the checks need, built once per project. */
export interface ThreadLocalIndex {
  /** The program's own source files (no declaration files, no external libraries). */
  readonly sourceFiles: readonly ts.SourceFile[];
  readonly threadLocals: readonly ThreadLocalDecl[];
  readonly operations: readonly Operation[];
  /** The sets and removes of one thread-local (grouped once, so checks do not re-scan `operations`). */
  operationsOf(threadLocal: ThreadLocalDecl): ThreadLocalOperations;
  readonly factoryCalls: readonly FactoryCall[];
  readonly poolSubmissions: readonly PoolSubmission[];
  /** Functions called, directly or through other calls, from a `finally` block or `.finally()` callback. */
  readonly finallyReachable: ReadonlySet<FunctionNode>;
  /**
   * Resolves a call's callee to the functions it may run: the declared function, or, when the
   * callee is a parameter (`function serve(handler) { pool.submit(() => handler()) }`), the
   * functions passed for that parameter at the call sites of its function (one level).
   */
  resolveCallees(call: ts.CallExpression): readonly FunctionNode[];
  /** The calls lexically inside `fn` (nested functions included), cached. */
  callsIn(fn: FunctionNode): readonly ts.CallExpression[];
  /** The calls lexically inside any node (nested functions included), not cached. */
  callsWithin(node: ts.Node): ts.CallExpression[];
}

const cache = new WeakMap<Project, ThreadLocalIndex>();

/**
 * Returns the thread-local index of a project, building it on first use. The index is cached per
 * project, so the checks (each a pure function of the project) share one walk of the program.
 *
 * @param project - the ts-morph project to analyse
 * @param onProgress - called with (files indexed, total) while the program is walked
 * @returns the index
 */
export function threadLocalIndex(
  project: Project,
  onProgress?: (done: number, total: number) => void,
): ThreadLocalIndex {
  let index = cache.get(project);
  if (index === undefined) {
    index = buildIndex(project, onProgress);
    cache.set(project, index);
  }
  return index;
}

/** What an import binding refers to: an export of a module, or a whole module namespace. */
interface Binding {
  readonly module: string;
  /** The export name, or `*` for a namespace import. */
  readonly imported: string;
}

interface FileFacts {
  readonly sourceFile: ts.SourceFile;
  /** Local name → import binding. */
  readonly bindings: Map<string, Binding>;
}

interface RawCreation {
  readonly node: ts.NewExpression | ts.CallExpression;
  readonly fn: FunctionNode | undefined;
  readonly file: FileFacts;
}

interface RawOperation {
  readonly call: ts.CallExpression;
  readonly method: string;
  /** The expression whose name is compared with thread-local names (identifier or property name). */
  readonly receiverName: ts.Identifier | ts.PrivateIdentifier;
  readonly fn: FunctionNode | undefined;
  readonly inFinally: boolean;
  readonly sourceFile: ts.SourceFile;
}

interface RawCall {
  readonly call: ts.CallExpression;
  readonly calleeName: string;
  readonly fn: FunctionNode | undefined;
  readonly context: InitContext;
  readonly sourceFile: ts.SourceFile;
}

const SET_METHODS: Record<ThreadLocalFamily, ReadonlySet<string>> = {
  'thread-local': new Set(['set']),
  'async-local-storage': new Set(['enterWith']),
};
const REMOVE_METHODS: Record<ThreadLocalFamily, ReadonlySet<string>> = {
  'thread-local': new Set(['remove']),
  'async-local-storage': new Set(['disable']),
};
const OPERATION_METHODS = new Set(['set', 'remove', 'enterWith', 'disable']);
const POOL_METHODS = new Set(['execute', 'submit']);
const THREAD_LOCAL_EXPORTS = new Set(['ThreadLocal', 'InheritableThreadLocal']);

function buildIndex(project: Project, onProgress?: (done: number, total: number) => void): ThreadLocalIndex {
  const program = project.getProgram().compilerObject;
  const checker = program.getTypeChecker();
  const sourceFiles = program
    .getSourceFiles()
    .filter((sf) => !sf.isDeclarationFile && !program.isSourceFileFromExternalLibrary(sf));

  // Pass 1 (top-level statements only): import bindings and class declarations with `extends`.
  const files: FileFacts[] = [];
  const factsOf = new Map<ts.SourceFile, FileFacts>();
  const heritage: { cls: ts.ClassDeclaration; base: ts.Expression; file: FileFacts }[] = [];
  for (const sourceFile of sourceFiles) {
    const file: FileFacts = { sourceFile, bindings: new Map() };
    files.push(file);
    factsOf.set(sourceFile, file);
    for (const statement of sourceFile.statements) {
      if (ts.isImportDeclaration(statement)) {
        collectBindings(statement, file.bindings);
      } else if (ts.isClassDeclaration(statement)) {
        const base = extendsExpression(statement);
        if (base !== undefined) heritage.push({ cls: statement, base, file });
      }
    }
  }

  const resolver = new Resolver(checker);

  // Classes extending a thread-local class, in any file, to a fixpoint (a subclass of a subclass…).
  const subclasses = new Map<ts.ClassDeclaration, ThreadLocalFamily>();
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

  // Pass 2: one walk of every file, collecting candidates by syntax only.
  const creations: RawCreation[] = [];
  const rawOperations: RawOperation[] = [];
  const rawCalls: RawCall[] = [];
  /** Every call by callee name, for the call sites of a function whose parameter is called. */
  const callsByName = new Map<string, ts.CallExpression[]>();
  const rawPoolCalls: { call: ts.CallExpression; method: 'execute' | 'submit'; fn: FunctionNode | undefined; sourceFile: ts.SourceFile }[] = [];
  const finallyCallees: ts.Expression[] = [];
  const finallyCallbacks = new Set<ts.Node>();

  let done = 0;
  for (const file of files) {
    const { sourceFile } = file;
    const classNames = candidateClassNames(file, subclassNames);
    let fn: FunctionNode | undefined;
    let inFinally = false;
    let context: InitContext = 'module';

    const visit = (node: ts.Node): void => {
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
        if (classNames.has(calleeText(node.expression))) creations.push({ node, fn, file });
      } else if (ts.isCallExpression(node)) {
        const callee = node.expression;
        const name = calleeText(callee);
        if (inFinally) finallyCallees.push(callee);
        if (ts.isPropertyAccessExpression(callee)) {
          if (name === 'withInitial' && classNames.has(calleeText(callee.expression))) {
            creations.push({ node, fn, file });
          } else if (OPERATION_METHODS.has(name)) {
            const receiverName = receiverNameOf(callee.expression);
            if (receiverName !== undefined) {
              rawOperations.push({ call: node, method: name, receiverName, fn, inFinally, sourceFile });
            }
          } else if (POOL_METHODS.has(name) && node.arguments.length > 0) {
            rawPoolCalls.push({ call: node, method: name as 'execute' | 'submit', fn, sourceFile });
          } else if (name === 'finally' && node.arguments.length > 0) {
            const callback = skipOuterExpressions(node.arguments[0]!);
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
    onProgress?.(++done, files.length);
  }

  // Thread-local declarations and factories, from the creations.
  const threadLocals: ThreadLocalDecl[] = [];
  const byDeclaration = new Map<ts.Node, ThreadLocalDecl>();
  const factoriesByFn = new Map<FunctionNode, Factory>();
  for (const creation of creations) {
    const recognized = creationClass(creation, resolver, subclasses);
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

  // Operations: only receivers named like a declared thread-local are resolved with the checker.
  const threadLocalNames = new Set(threadLocals.map((tl) => tl.node.name.getText(tl.sourceFile)));
  const operations: Operation[] = [];
  const byThreadLocal = new Map<ThreadLocalDecl, { sets: Operation[]; removes: Operation[] }>(
    threadLocals.map((tl) => [tl, { sets: [], removes: [] }]),
  );
  for (const raw of rawOperations) {
    if (!threadLocalNames.has(raw.receiverName.text)) continue;
    const decl = resolver.declarationOf(raw.receiverName, byDeclaration);
    if (decl === undefined) continue;
    let kind: OperationKind | undefined;
    if (SET_METHODS[decl.family].has(raw.method)) kind = 'set';
    else if (REMOVE_METHODS[decl.family].has(raw.method)) kind = 'remove';
    if (kind === undefined) continue;
    const operation: Operation = {
      threadLocal: decl,
      kind,
      method: raw.method,
      call: raw.call,
      fn: raw.fn,
      inFinally: raw.inFinally,
      sourceFile: raw.sourceFile,
    };
    operations.push(operation);
    const grouped = byThreadLocal.get(decl)!;
    (kind === 'set' ? grouped.sets : grouped.removes).push(operation);
  }
  const noOperations: ThreadLocalOperations = { sets: [], removes: [] };
  const operationsOf = (threadLocal: ThreadLocalDecl): ThreadLocalOperations => byThreadLocal.get(threadLocal) ?? noOperations;

  const resolveCallee = (call: ts.CallExpression): FunctionNode | undefined =>
    resolver.functionOf(call.expression, program);

  const argumentFunctions = (argument: ts.Expression | undefined): FunctionNode[] => {
    if (argument === undefined) return [];
    const target = skipOuterExpressions(argument);
    if (ts.isArrowFunction(target) || ts.isFunctionExpression(target)) return [target];
    const fn = resolver.functionOf(target, program);
    return fn === undefined ? [] : [fn];
  };
  const parameterCache = new Map<ts.ParameterDeclaration, FunctionNode[]>();
  /** The functions passed for a parameter at the call sites of its function (one level, no further). */
  const passedFor = (expression: ts.Expression): FunctionNode[] => {
    const parameter = resolver.parameterOf(expression, program);
    if (parameter === undefined) return [];
    let found = parameterCache.get(parameter);
    if (found === undefined) {
      found = [];
      const owner = parameter.parent as FunctionNode;
      const index = owner.parameters.indexOf(parameter);
      for (const site of callsByName.get(calleeNameOfFunction(owner)) ?? []) {
        if (resolveCallee(site) === owner) found.push(...argumentFunctions(site.arguments[index]));
      }
      parameterCache.set(parameter, found);
    }
    return found;
  };
  const resolveCallees = (call: ts.CallExpression): readonly FunctionNode[] => {
    const direct = resolveCallee(call);
    return direct === undefined ? passedFor(call.expression) : [direct];
  };

  // Factories that return another factory's result are factories too (a fixpoint over the calls).
  const factoryCalls: FactoryCall[] = [];
  for (let changed = factoriesByFn.size > 0; changed; ) {
    changed = false;
    const names = new Set([...factoriesByFn.keys()].map(calleeNameOfFunction));
    for (const raw of rawCalls) {
      if (raw.fn === undefined || factoriesByFn.has(raw.fn) || !names.has(raw.calleeName)) continue;
      if (!returnsValueOf(raw.fn, raw.call, declarationHolding(raw.call))) continue;
      const target = resolveCallee(raw.call);
      const factory = target === undefined ? undefined : factoriesByFn.get(target);
      if (factory === undefined) continue;
      factoriesByFn.set(raw.fn, { ...factory, fn: raw.fn, name: functionName(raw.fn), sourceFile: raw.sourceFile });
      changed = true;
    }
  }
  if (factoriesByFn.size > 0) {
    const names = new Set([...factoriesByFn.keys()].map(calleeNameOfFunction));
    for (const raw of rawCalls) {
      if (!names.has(raw.calleeName) || raw.context === 'module' || raw.context === 'static') continue;
      // A factory returning another factory's result is not a per-call use: it is the factory itself.
      if (raw.fn !== undefined && factoriesByFn.has(raw.fn) && returnsValueOf(raw.fn, raw.call, declarationHolding(raw.call))) {
        continue;
      }
      const target = resolveCallee(raw.call);
      const factory = target === undefined ? undefined : factoriesByFn.get(target);
      if (factory === undefined) continue;
      factoryCalls.push({ factory, call: raw.call, fn: raw.fn, context: raw.context, sourceFile: raw.sourceFile });
    }
  }

  // Pool submissions: the receiver must be a ThreadPool, the task must resolve to a function.
  const poolSubmissions: PoolSubmission[] = [];
  for (const raw of rawPoolCalls) {
    const receiver = (raw.call.expression as ts.PropertyAccessExpression).expression;
    if (!isThreadPool(receiver, factsOf, resolver, checker)) continue;
    const argument = raw.call.arguments[0]!;
    const direct = argumentFunctions(argument);
    for (const task of direct.length > 0 ? direct : passedFor(skipOuterExpressions(argument))) {
      poolSubmissions.push({ call: raw.call, method: raw.method, task, sourceFile: raw.sourceFile });
    }
  }

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
  for (const callee of finallyCallees) {
    const direct = resolver.functionOf(callee, program);
    for (const target of direct === undefined ? passedFor(callee) : [direct]) {
      if (!finallyReachable.has(target)) {
        finallyReachable.add(target);
        queue.push(target);
      }
    }
  }
  for (const callback of finallyCallbacks) {
    const fn = callback as FunctionNode;
    if (!finallyReachable.has(fn)) {
      finallyReachable.add(fn);
      queue.push(fn);
    }
  }
  while (queue.length > 0) {
    for (const call of callsIn(queue.pop()!)) {
      for (const target of resolveCallees(call)) {
        if (!finallyReachable.has(target)) {
          finallyReachable.add(target);
          queue.push(target);
        }
      }
    }
  }

  return {
    sourceFiles,
    threadLocals,
    operations,
    operationsOf,
    factoryCalls,
    poolSubmissions,
    finallyReachable,
    resolveCallees,
    callsIn,
    callsWithin,
  };
}

/** Resolves names to declarations with the type checker; results are cached per node. */
class Resolver {
  private readonly functions = new Map<ts.Node, FunctionNode | undefined>();

  constructor(private readonly checker: ts.TypeChecker) {}

  /** The symbol a name refers to, with import aliases followed to the exported declaration. */
  symbolAt(node: ts.Node): ts.Symbol | undefined {
    let symbol = this.checker.getSymbolAtLocation(node);
    if (symbol !== undefined && (symbol.flags & ts.SymbolFlags.Alias) !== 0) {
      symbol = this.checker.getAliasedSymbol(symbol);
    }
    return symbol;
  }

  /** The declared thread-local a name refers to, if any. */
  declarationOf(name: ts.Node, byDeclaration: ReadonlyMap<ts.Node, ThreadLocalDecl>): ThreadLocalDecl | undefined {
    for (const declaration of this.symbolAt(name)?.declarations ?? []) {
      const decl = byDeclaration.get(declaration);
      if (decl !== undefined) return decl;
    }
    return undefined;
  }

  /** The class declarations a class expression (`Base`, `ns.Base`) refers to. */
  classesOf(expression: ts.Expression): ts.ClassLikeDeclaration[] {
    const node = ts.isPropertyAccessExpression(expression) ? expression.name : expression;
    return (this.symbolAt(node)?.declarations ?? []).filter(ts.isClassLike);
  }

  /** The parameter (of a function with a body, in the program's own files) that a name denotes. */
  parameterOf(expression: ts.Expression, program: ts.Program): ts.ParameterDeclaration | undefined {
    const target = skipOuterExpressions(expression);
    if (!ts.isIdentifier(target)) return undefined;
    for (const declaration of this.checker.getSymbolAtLocation(target)?.declarations ?? []) {
      if (!ts.isParameter(declaration) || !ts.isIdentifier(declaration.name)) continue;
      const owner = declaration.parent;
      const sourceFile = declaration.getSourceFile();
      if (sourceFile.isDeclarationFile || program.isSourceFileFromExternalLibrary(sourceFile)) continue;
      if (ts.isFunctionLike(owner) && isFunctionWithBody(owner)) return declaration;
    }
    return undefined;
  }

  /** The function, declared in the program's own files, that an expression denotes. */
  functionOf(expression: ts.Expression, program: ts.Program): FunctionNode | undefined {
    const target = skipOuterExpressions(expression);
    const name = ts.isPropertyAccessExpression(target) ? target.name : ts.isIdentifier(target) ? target : undefined;
    if (name === undefined) return undefined;
    if (this.functions.has(name)) return this.functions.get(name);
    let result: FunctionNode | undefined;
    for (const declaration of this.symbolAt(name)?.declarations ?? []) {
      const sourceFile = declaration.getSourceFile();
      if (sourceFile.isDeclarationFile || program.isSourceFileFromExternalLibrary(sourceFile)) continue;
      const fn = functionOfDeclaration(declaration);
      if (fn !== undefined) {
        result = fn;
        break;
      }
    }
    this.functions.set(name, result);
    return result;
  }
}

function functionOfDeclaration(declaration: ts.Declaration): FunctionNode | undefined {
  if ((ts.isFunctionDeclaration(declaration) || ts.isMethodDeclaration(declaration)) && declaration.body !== undefined) {
    return declaration;
  }
  if ((ts.isVariableDeclaration(declaration) || ts.isPropertyDeclaration(declaration) || ts.isPropertyAssignment(declaration)) && declaration.initializer !== undefined) {
    const initializer = skipOuterExpressions(declaration.initializer);
    if (ts.isArrowFunction(initializer) || ts.isFunctionExpression(initializer)) return initializer;
  }
  return undefined;
}

function collectBindings(statement: ts.ImportDeclaration, bindings: Map<string, Binding>): void {
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

function extendsExpression(cls: ts.ClassLikeDeclaration): ts.Expression | undefined {
  for (const clause of cls.heritageClauses ?? []) {
    if (clause.token === ts.SyntaxKind.ExtendsKeyword) return clause.types[0]?.expression;
  }
  return undefined;
}

/** The family of a thread-local class named by `expression` in `file`, from bindings alone. */
function familyOfBinding(expression: ts.Expression, file: FileFacts): ThreadLocalFamily | undefined {
  let binding: Binding | undefined;
  if (ts.isIdentifier(expression)) {
    binding = file.bindings.get(expression.text);
  } else if (ts.isPropertyAccessExpression(expression) && ts.isIdentifier(expression.expression)) {
    const namespace = file.bindings.get(expression.expression.text);
    if (namespace?.imported === '*') binding = { module: namespace.module, imported: expression.name.text };
  }
  if (binding === undefined) return undefined;
  if (CORE_MODULES.has(binding.module) && THREAD_LOCAL_EXPORTS.has(binding.imported)) return 'thread-local';
  if (ASYNC_HOOKS_MODULES.has(binding.module) && binding.imported === 'AsyncLocalStorage') return 'async-local-storage';
  return undefined;
}

/**
 * The family of the class `base` refers to: a thread-local class imported directly, one re-exported
 * through a local module (resolved by the checker to its declaration file), or a known subclass.
 */
function classFamily(
  base: ts.Expression,
  file: FileFacts,
  resolver: Resolver,
  subclasses: ReadonlyMap<ts.ClassDeclaration, ThreadLocalFamily>,
): ThreadLocalFamily | undefined {
  const bound = familyOfBinding(base, file);
  if (bound !== undefined) return bound;
  for (const cls of resolver.classesOf(base)) {
    const known = ts.isClassDeclaration(cls) ? subclasses.get(cls) : undefined;
    if (known !== undefined) return known;
    const name = cls.name?.text;
    const sourceFile = cls.getSourceFile();
    if (name === undefined || !sourceFile.isDeclarationFile) continue;
    if (THREAD_LOCAL_EXPORTS.has(name) && isCoreDeclarationFile(sourceFile)) return 'thread-local';
    if (name === 'AsyncLocalStorage' && sourceFile.fileName.includes('/@types/node/')) return 'async-local-storage';
  }
  return undefined;
}

/** Whether a declaration file is (a copy of) @tlkit/core's: its package, or a local stub declaring it. */
function isCoreDeclarationFile(sourceFile: ts.SourceFile): boolean {
  return (
    sourceFile.fileName.includes('/@tlkit/core/') ||
    sourceFile.fileName.includes('/packages/core/') ||
    sourceFile.statements.some(
      (statement) => ts.isClassDeclaration(statement) && statement.name?.text === 'ThreadPool',
    )
  );
}

/** Names that may denote a thread-local class in `file`: its bindings, re-exports by name, subclasses. */
function candidateClassNames(file: FileFacts, subclassNames: ReadonlySet<string>): Set<string> {
  const names = new Set(subclassNames);
  names.add('ThreadLocal').add('InheritableThreadLocal').add('AsyncLocalStorage');
  for (const [local, binding] of file.bindings) {
    if (THREAD_LOCAL_EXPORTS.has(binding.imported) || binding.imported === 'AsyncLocalStorage') names.add(local);
  }
  return names;
}

/** Confirms a candidate creation: which class it instantiates and its family. */
function creationClass(
  creation: RawCreation,
  resolver: Resolver,
  subclasses: ReadonlyMap<ts.ClassDeclaration, ThreadLocalFamily>,
): { className: string; family: ThreadLocalFamily } | undefined {
  const classExpression = ts.isNewExpression(creation.node)
    ? creation.node.expression
    : (creation.node.expression as ts.PropertyAccessExpression).expression;
  const family = classFamily(classExpression, creation.file, resolver, subclasses);
  if (family === undefined) return undefined;
  return { className: calleeText(classExpression), family };
}

/** The variable, property or object property that directly holds the value of `expression`. */
function declarationHolding(
  expression: ts.Expression,
): ts.VariableDeclaration | ts.PropertyDeclaration | ts.PropertyAssignment | undefined {
  let node: ts.Node = expression;
  while (isOuterExpression(node.parent)) node = node.parent;
  const parent = node.parent;
  if (
    (ts.isVariableDeclaration(parent) || ts.isPropertyDeclaration(parent) || ts.isPropertyAssignment(parent)) &&
    parent.initializer === node &&
    (ts.isIdentifier(parent.name) || ts.isPrivateIdentifier(parent.name))
  ) {
    return parent;
  }
  return undefined;
}

/** Whether `fn` returns the value of `expression` (directly, or through the local `holder`). */
function returnsValueOf(
  fn: FunctionNode,
  expression: ts.Expression,
  holder: ts.VariableDeclaration | ts.PropertyDeclaration | ts.PropertyAssignment | undefined,
): boolean {
  let node: ts.Node = expression;
  while (isOuterExpression(node.parent)) node = node.parent;
  if (node.parent === fn && ts.isArrowFunction(fn)) return true; // concise arrow body
  if (ts.isReturnStatement(node.parent) && enclosingFunction(node.parent) === fn) return true;
  if (holder === undefined || !ts.isVariableDeclaration(holder) || !ts.isIdentifier(holder.name)) return false;
  const local = holder.name.text;
  let found = false;
  const visit = (child: ts.Node): void => {
    if (found || (ts.isFunctionLike(child) && child !== fn)) return;
    if (ts.isReturnStatement(child) && child.expression !== undefined) {
      const returned = skipOuterExpressions(child.expression);
      if (ts.isIdentifier(returned) && returned.text === local) found = true;
    }
    ts.forEachChild(child, visit);
  };
  if (fn.body !== undefined) ts.forEachChild(fn.body, visit);
  return found;
}

function enclosingFunction(node: ts.Node): FunctionNode | undefined {
  for (let current = node.parent; current !== undefined; current = current.parent) {
    if (ts.isFunctionLike(current) && isFunctionWithBody(current)) return current;
  }
  return undefined;
}

/** Whether the ThreadPool receiver of `.execute`/`.submit` is a `ThreadPool` (by declaration, then by type). */
function isThreadPool(
  receiver: ts.Expression,
  factsOf: ReadonlyMap<ts.SourceFile, FileFacts>,
  resolver: Resolver,
  checker: ts.TypeChecker,
): boolean {
  const name = receiverNameOf(receiver);
  if (name !== undefined) {
    for (const declaration of resolver.symbolAt(name)?.declarations ?? []) {
      const file = factsOf.get(declaration.getSourceFile());
      if (file === undefined) continue;
      if (
        (ts.isVariableDeclaration(declaration) || ts.isPropertyDeclaration(declaration) || ts.isParameter(declaration)) &&
        declaration.initializer !== undefined
      ) {
        const initializer = skipOuterExpressions(declaration.initializer);
        if (ts.isNewExpression(initializer) && isThreadPoolBinding(initializer.expression, file)) return true;
      }
      if (
        (ts.isVariableDeclaration(declaration) || ts.isPropertyDeclaration(declaration) || ts.isParameter(declaration)) &&
        declaration.type !== undefined &&
        ts.isTypeReferenceNode(declaration.type) &&
        isThreadPoolBinding(declaration.type.typeName, file)
      ) {
        return true;
      }
    }
  }
  // Typed fallback, for pools that come out of a factory or a getter.
  const symbol = checker.getTypeAtLocation(receiver).getSymbol();
  return symbol?.name === 'ThreadPool' && (symbol.declarations ?? []).some((d) => isCoreDeclarationFile(d.getSourceFile()));
}

function isThreadPoolBinding(name: ts.Expression | ts.EntityName, file: FileFacts): boolean {
  let binding: Binding | undefined;
  if (ts.isIdentifier(name)) {
    binding = file.bindings.get(name.text);
  } else {
    let left: ts.Node | undefined;
    let right: ts.Identifier | ts.PrivateIdentifier | undefined;
    if (ts.isQualifiedName(name)) {
      left = name.left;
      right = name.right;
    } else if (ts.isPropertyAccessExpression(name)) {
      left = name.expression;
      right = name.name;
    }
    const namespace = left !== undefined && ts.isIdentifier(left) ? file.bindings.get(left.text) : undefined;
    if (namespace?.imported === '*' && right !== undefined) binding = { module: namespace.module, imported: right.text };
  }
  return binding !== undefined && CORE_MODULES.has(binding.module) && binding.imported === 'ThreadPool';
}

function declarationName(node: ts.VariableDeclaration | ts.PropertyDeclaration | ts.PropertyAssignment): string {
  const own = node.name.getText();
  if (ts.isPropertyDeclaration(node) && ts.isClassLike(node.parent) && node.parent.name !== undefined) {
    return `${node.parent.name.text}.${own}`;
  }
  return own;
}

/** The name calls use for a function: the identifier of `f()` or the property of `obj.f()`. */
function calleeNameOfFunction(fn: FunctionNode): string {
  if (fn.name !== undefined && (ts.isIdentifier(fn.name) || ts.isPrivateIdentifier(fn.name))) return fn.name.text;
  const holder = fn.parent;
  if ((ts.isVariableDeclaration(holder) || ts.isPropertyDeclaration(holder) || ts.isPropertyAssignment(holder)) && ts.isIdentifier(holder.name)) {
    return holder.name.text;
  }
  return '';
}

/**
 * A readable name for a function, for messages.
 *
 * @param fn - a function-like node
 * @returns `name`, `Class.method`, or `(anonymous function)`
 */
export function functionName(fn: FunctionNode): string {
  const own = calleeNameOfFunction(fn);
  if (own === '') return '(anonymous function)';
  const owner = ts.isMethodDeclaration(fn) ? fn.parent : fn.parent.parent;
  if ((ts.isMethodDeclaration(fn) || ts.isPropertyDeclaration(fn.parent)) && ts.isClassLike(owner) && owner.name !== undefined) {
    return `${owner.name.text}.${own}`;
  }
  return own;
}

function calleeText(expression: ts.Expression): string {
  const target = skipOuterExpressions(expression);
  if (ts.isIdentifier(target)) return target.text;
  if (ts.isPropertyAccessExpression(target)) return target.name.text;
  return '';
}

function receiverNameOf(expression: ts.Expression): ts.Identifier | ts.PrivateIdentifier | undefined {
  const target = skipOuterExpressions(expression);
  if (ts.isIdentifier(target)) return target;
  if (ts.isPropertyAccessExpression(target)) return target.name;
  return undefined;
}

/**
 * Whether a function-like node is a function with a body (the unit calls are attributed to).
 *
 * @param node - a function-like node
 * @returns true for functions, methods, arrows, constructors and accessors that have a body
 */
export function isFunctionWithBody(node: ts.SignatureDeclaration): node is FunctionNode {
  return (
    (ts.isFunctionDeclaration(node) ||
      ts.isMethodDeclaration(node) ||
      ts.isFunctionExpression(node) ||
      ts.isArrowFunction(node) ||
      ts.isConstructorDeclaration(node) ||
      ts.isGetAccessorDeclaration(node) ||
      ts.isSetAccessorDeclaration(node)) &&
    node.body !== undefined
  );
}

function hasStaticModifier(node: ts.PropertyDeclaration): boolean {
  return node.modifiers?.some((modifier) => modifier.kind === ts.SyntaxKind.StaticKeyword) ?? false;
}

function isOuterExpression(node: ts.Node): boolean {
  return (
    ts.isParenthesizedExpression(node) ||
    ts.isAsExpression(node) ||
    ts.isSatisfiesExpression(node) ||
    ts.isNonNullExpression(node) ||
    ts.isTypeAssertionExpression(node)
  );
}

/** Strips parentheses, `as`, `satisfies`, `!` and `<T>` casts around an expression (ts keeps its own internal). */
function skipOuterExpressions(expression: ts.Expression): ts.Expression {
  let current = expression;
  while (isOuterExpression(current)) current = (current as ts.ParenthesizedExpression).expression;
  return current;
}
