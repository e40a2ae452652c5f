import { readFileSync, statSync } from 'node:fs';
import type { Stats } from 'node:fs';
import { dirname, extname, isAbsolute, join, resolve } from 'node:path';
import { parseForESLint } from '@typescript-eslint/parser';
import { AST_NODE_TYPES, TSESLint } from '@typescript-eslint/utils';
import type { TSESTree } from '@typescript-eslint/utils';
import { SourceCode } from 'eslint';
import type { FunctionNode, RecognizedKind } from './ThreadLocalRecognizer.js';

/**
 * What another module's export is, as far as the rules care: the kind of class it is (`export class
 * RequestLocal extends ThreadLocal`, `export { ThreadLocal as TL }`), or the kind of instance it holds
 * (`export const user = new ThreadLocal()`). Both `null` for anything else, and for anything that could
 * not be read.
 */
export interface ExportKinds {
  readonly classKind: RecognizedKind | null;
  readonly instanceKind: RecognizedKind | null;
  /** For an exported class: its members that hold an instance (`static readonly storage = new …`). */
  readonly members?: ReadonlyMap<string, RecognizedKind>;
  /** For an exported function: the kind of what it returns (`export function createStorage()`). */
  readonly returns?: RecognizedKind | null;
  /**
   * For an exported class that cannot be a thread-local, pool or ALS whatever types say: it extends
   * nothing, or a global (`class ValidationError extends Error`). Lets typed rules skip a type query.
   */
  readonly plainClass?: boolean;
}

/** The file being linted, as far as following its imports goes. */
export interface CrossFileContext {
  /** Absolute path of the importing file. */
  readonly filename: string;
  /** The linted file's parser options, reused (minus type information) to parse the imported files. */
  readonly parserOptions: Readonly<Record<string, unknown>> | undefined;
}

/** The part of a recognizer that {@link ModuleExports} uses on an imported file. */
export interface ExportRecognizer {
  classKind(node: TSESTree.Node): RecognizedKind | null;
  instanceKind(node: TSESTree.Node): RecognizedKind | null;
  memberKinds(classNode: TSESTree.ClassDeclaration | TSESTree.ClassExpression): ReadonlyMap<string, RecognizedKind>;
  isPlainClass(classNode: TSESTree.ClassDeclaration | TSESTree.ClassExpression): boolean;
  returnKindOf(fn: FunctionNode): RecognizedKind | null;
}

/**
 * How {@link ModuleExports} understands a parsed file: given by the recognizer module, so that this module
 * does not import it (the recognizer imports this one).
 */
export interface ExportAnalyzer {
  /**
   * A recognizer for an imported file, itself able to follow that file's relative imports; `null` when the
   * file binds nothing that could make one of its exports recognized (then its syntax tree is not kept).
   */
  recognizerFor(sourceCode: Readonly<TSESLint.SourceCode>, context: CrossFileContext): ExportRecognizer | null;
  /** The kind of a class a known package exports by `name` (`export { ThreadLocal } from '@tlkit/core'`). */
  packageClassKind(source: string, name: string): RecognizedKind | null;
  /**
   * Whether a file's text names a package whose classes are recognized. With no such name and no relative
   * specifier either, nothing the file exports can be recognized: it is not even parsed.
   */
  mentionsKnownModule(text: string): boolean;
}

const NONE: ExportKinds = Object.freeze({ classKind: null, instanceKind: null });
const NO_BINDING: ExportBinding = Object.freeze({ type: 'none' });

/**
 * Bounds the chain of files followed from one import: re-export hops (`export * from`, `export { a } from`)
 * and imports of imports (`export const user = new RequestLocal()` with `RequestLocal` imported) count alike.
 */
const MAX_DEPTH = 3;

/** Files kept at once; the least recently used is dropped first. */
const DEFAULT_CAPACITY = 2000;
/**
 * Of those, files that keep their syntax tree for lookups still to come (about 0.6 MB for a 100-line module):
 * the few context modules a project has stay in, a file only instantiated somewhere is parsed again if needed.
 */
const DEFAULT_TREE_CAPACITY = 64;

/** Options that would make the parser build a TypeScript program: an imported file is only read for its shape. */
const TYPED_PARSER_OPTIONS: ReadonlySet<string> = new Set([
  'project',
  'projectService',
  'programs',
  'tsconfigRootDir',
  'EXPERIMENTAL_useProjectService',
  'preserveNodeMaps',
]);

/**
 * Where a relative specifier leads, in the order TypeScript's NodeNext resolution (and the bundlers that copy
 * it) tries: the `.js` written in an ESM import names the `.ts` beside it.
 */
const SOURCE_EXTENSIONS: Readonly<Record<string, readonly string[]>> = {
  '.js': ['.ts', '.tsx', '.js', '.jsx'],
  '.jsx': ['.tsx', '.jsx'],
  '.mjs': ['.mts', '.mjs'],
  '.cjs': ['.cts', '.cjs'],
  '.ts': ['.ts'],
  '.tsx': ['.tsx'],
  '.mts': ['.mts'],
  '.cts': ['.cts'],
};
/** A relative specifier in an import, export-from, `require` or `import()`: `'./…'`, `"../…"`, `'.'`. */
const RELATIVE_SPECIFIER = /['"]\.\.?(?:\/|['"])/u;

const EXTENSIONLESS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'];
const INDEX_FILES = ['index.ts', 'index.tsx', 'index.mts', 'index.js', 'index.jsx', 'index.mjs'];

/**
 * @param specifier - the string of an `import … from '…'`.
 * @returns whether it names a file relative to the importing one (`./x`, `../x`, `.`, `..`).
 */
export function isRelativeSpecifier(specifier: string): boolean {
  return (
    specifier.startsWith('./') || specifier.startsWith('../') || specifier === '.' || specifier === '..'
  );
}

function fileStats(path: string): Stats | null {
  try {
    const stats = statSync(path, { throwIfNoEntry: false });
    return stats?.isFile() ? stats : null;
  } catch {
    return null;
  }
}

/** A resolved file with the stats read while resolving it (they key the cache). */
interface ResolvedFile {
  readonly path: string;
  readonly stats: Stats;
}

function resolveWithStats(fromFile: string, specifier: string): ResolvedFile | null {
  if (!isRelativeSpecifier(specifier)) return null;
  const base = resolve(dirname(fromFile), specifier);
  const extension = extname(base);
  const written = SOURCE_EXTENSIONS[extension];
  const candidates = written
    ? written.map((each) => base.slice(0, -extension.length) + each)
    : [...EXTENSIONLESS.map((each) => base + each), ...INDEX_FILES.map((each) => join(base, each))];
  for (const path of candidates) {
    const stats = fileStats(path);
    if (stats) return { path, stats };
  }
  return null;
}

/**
 * Resolves a relative import the way a TypeScript ESM project writes it: `./context.js` → `./context.ts`
 * (then `.tsx`, then the `.js` itself), `.mjs` → `.mts`, `.cjs` → `.cts`, an extensionless `./ctx` → `./ctx.ts`,
 * `./ctx.tsx`, …, `./ctx.js`, then `./ctx/index.*`. No path aliases, no packages: those need the type checker.
 *
 * @param fromFile - absolute path of the importing file.
 * @param specifier - the import's string.
 * @returns the absolute path of the imported file, or `null` when it is not relative or no file exists.
 */
export function resolveRelativeImport(fromFile: string, specifier: string): string | null {
  return resolveWithStats(fromFile, specifier)?.path ?? null;
}

/** How a module binds one of its export names (`none`: to nothing the rules could recognize). */
type ExportBinding =
  | { readonly type: 'none' }
  | { readonly type: 'local'; readonly name: string }
  | { readonly type: 'node'; readonly node: TSESTree.Node; readonly isClass: boolean }
  | { readonly type: 're-export'; readonly source: string; readonly name: string };

/**
 * One parsed file: what it exports, and a recognizer to say what each export is. Only a file that binds
 * something relevant (an import of `@tlkit/core` or `node:async_hooks`, a relative import) keeps its syntax
 * tree, for the lookups still to come; the others keep only their re-exports.
 */
interface ParsedModule {
  readonly path: string;
  /** `null` with `recognizer`: every export bound in the file itself is `none`. */
  readonly sourceCode: Readonly<TSESLint.SourceCode> | null;
  readonly recognizer: ExportRecognizer | null;
  readonly exports: ReadonlyMap<string, ExportBinding>;
  /** Specifiers of `export * from '…'`, in source order. */
  readonly stars: readonly string[];
  /** Kinds of the exports bound in this file, memoised; re-exports are not, since the other file may change. */
  readonly localKinds: Map<string, ExportKinds>;
}

/** A cache entry: the parse of one version of a file (`null`: unreadable or unparsable). */
interface CacheEntry {
  readonly mtimeMs: number;
  readonly size: number;
  readonly module: ParsedModule | null;
}

/**
 * The export tables of the files the linted files import, like eslint-plugin-import's ExportMap: each file is
 * read and parsed once per lint run (and again only when its modification time or size changes, as in an
 * editor), and each export's kind is computed on first use only.
 *
 * Never throws: a missing, unreadable or unparsable file, or one with a syntax error, simply exports nothing
 * recognized.
 *
 * Known staleness, editor only: a kept file's answers about what it imported in turn (`export const user =
 * new Base()` with `Base` from a third file) are remembered until the kept file itself changes or is dropped,
 * so an edit to the third file alone shows after the next edit of the middle one (or a restart).
 */
export class ModuleExports {
  /** Absolute path → parse of the file; insertion order is recency order (a hit moves the entry to the end). */
  readonly #cache = new Map<string, CacheEntry>();
  readonly #capacity: number;
  readonly #treeCapacity: number;
  /** Number of entries in {@link #cache} whose module keeps its syntax tree. */
  #trees = 0;
  /** `path#name` lookups under way: an export that (indirectly) refers to itself is not recognized. */
  readonly #inProgress = new Set<string>();
  #depth = 0;
  /** Set when a lookup was cut short by the depth bound or a cycle: its result is then not memoised. */
  #truncated = false;
  /**
   * `<importing directory>\0<specifier>` → where it led, for the file being linted (emptied by
   * {@link beginLintedFile}). The rules ask about every `new X()` and `x.set(v)` whose `X`/`x` is imported:
   * without it each lookup cost a `stat` per candidate path, the largest single cost of the rules on a warm
   * program (profile of the benchmark corpus: 5,800 `stat` calls for 1,206 files).
   */
  readonly #resolutions = new Map<string, ResolvedFile | null>();
  /** What {@link #resolutions} were read under (see {@link beginLintedFile}). */
  #snapshot: object | undefined;
  /** Whether the rules follow relative imports at all (switched off only by the benchmark, to measure the cost). */
  enabled = true;

  /**
   * @param capacity - how many files to keep; the least recently used is dropped beyond it.
   * @param treeCapacity - how many of them may keep a syntax tree; the least recently used such file is
   *   dropped beyond it.
   */
  constructor(capacity: number = DEFAULT_CAPACITY, treeCapacity: number = DEFAULT_TREE_CAPACITY) {
    this.#capacity = Math.max(1, capacity);
    this.#treeCapacity = Math.max(1, treeCapacity);
  }

  /** Number of parsed files kept. */
  get size(): number {
    return this.#cache.size;
  }

  /** Forgets every parsed file (the next lookups read the files again). */
  clear(): void {
    this.#cache.clear();
    this.#resolutions.clear();
    this.#snapshot = undefined;
    this.#trees = 0;
  }

  /**
   * @param context - the importing file.
   * @param specifier - the import's string (only relative ones are followed).
   * @param name - the imported name, `default` for a default import.
   * @param analyzer - how to recognize thread-locals in the imported file.
   * @returns what the export is; {@link NONE} when unknown.
   */
  importedKinds(context: CrossFileContext, specifier: string, name: string, analyzer: ExportAnalyzer): ExportKinds {
    if (!this.enabled || this.#depth >= MAX_DEPTH) {
      if (this.enabled) this.#truncated = true;
      return NONE;
    }
    const module = this.#load(context, specifier, analyzer);
    if (!module) return NONE;
    this.#depth++;
    try {
      return this.#exportKinds(module, name, context, analyzer);
    } catch {
      // An AST shape the recognizer did not expect must not break the lint of the importing file.
      return NONE;
    } finally {
      this.#depth--;
    }
  }

  /**
   * @param context - the importing file.
   * @param specifier - the import's string (only relative ones are followed).
   * @param name - the imported name, `default` for a default import.
   * @param analyzer - how to read the imported file.
   * @returns the function the export is (`export function clearRequest() { … }`, an exported arrow), in the
   *   imported file's syntax tree; `null` when it is something else or unknown.
   */
  importedFunction(
    context: CrossFileContext,
    specifier: string,
    name: string,
    analyzer: ExportAnalyzer,
  ): FunctionNode | null {
    if (!this.enabled || this.#depth >= MAX_DEPTH) return null;
    const module = this.#load(context, specifier, analyzer);
    if (!module) return null;
    this.#depth++;
    try {
      const binding = module.exports.get(name);
      if (binding?.type === 're-export') {
        const next = { filename: module.path, parserOptions: context.parserOptions };
        return this.importedFunction(next, binding.source, binding.name, analyzer);
      }
      if (binding?.type === 'node') return asFunction(binding.node);
      if (binding?.type !== 'local') return null;
      const def = moduleScopeOf(module)?.set.get(binding.name)?.defs[0];
      if (def?.node.type === AST_NODE_TYPES.FunctionDeclaration) return def.node;
      return def?.node.type === AST_NODE_TYPES.VariableDeclarator && def.node.init ? asFunction(def.node.init) : null;
    } catch {
      return null;
    } finally {
      this.#depth--;
    }
  }

  #load(context: CrossFileContext, specifier: string, analyzer: ExportAnalyzer): ParsedModule | null {
    const resolved = this.#resolve(context.filename, specifier);
    if (!resolved) return null;
    const { path, stats } = resolved;
    const cached = this.#cache.get(path);
    if (cached && cached.mtimeMs === stats.mtimeMs && cached.size === stats.size) {
      this.#cache.delete(path);
      this.#cache.set(path, cached);
      return cached.module;
    }
    const module = parseModule(path, { filename: path, parserOptions: context.parserOptions }, analyzer);
    if (cached) this.#delete(path, cached);
    this.#cache.set(path, { mtimeMs: stats.mtimeMs, size: stats.size, module });
    if (module?.recognizer) this.#trees++;
    this.#evict();
    return module;
  }

  /**
   * Starts the lint of another file: imports are resolved (and their files' stats read) afresh, once
   * each for that file. Called once per linted file, before its rules ask anything; an edit to an
   * imported file is therefore seen by the next file linted, as before.
   *
   * A typed lint passes the file's TypeScript program as `snapshot`: while the next file is linted with
   * the same program object, the resolutions (and stats) are kept. The rules then see the imported files
   * as they were when the program last changed, which is the view the type information of those files
   * has too; typescript-eslint builds a new program when a file it knows changes. On the benchmark
   * corpus this removes most `stat` calls of a typed run (one per import per linted file before).
   *
   * @param snapshot - an object that stays the same while the files on disk are taken as unchanged (the
   *   typed program); `undefined` (an untyped lint) resolves afresh for every file.
   */
  beginLintedFile(snapshot?: object): void {
    if (snapshot !== undefined && snapshot === this.#snapshot) return;
    this.#snapshot = snapshot;
    this.#resolutions.clear();
  }

  /** {@link resolveWithStats}, once per importing directory and specifier for the file being linted. */
  #resolve(fromFile: string, specifier: string): ResolvedFile | null {
    if (!isRelativeSpecifier(specifier)) return null;
    const key = `${dirname(fromFile)}\0${specifier}`;
    const known = this.#resolutions.get(key);
    if (known !== undefined) return known;
    const resolved = resolveWithStats(fromFile, specifier);
    this.#resolutions.set(key, resolved);
    return resolved;
  }

  #delete(path: string, entry: CacheEntry): void {
    this.#cache.delete(path);
    if (entry.module?.recognizer) this.#trees--;
  }

  /** Drops the least recently used entries beyond {@link #capacity}, and tree-keeping ones beyond {@link #treeCapacity}. */
  #evict(): void {
    while (this.#cache.size > this.#capacity || this.#trees > this.#treeCapacity) {
      const anyEntry = this.#cache.size > this.#capacity;
      for (const [path, entry] of this.#cache) {
        if (anyEntry || entry.module?.recognizer) {
          this.#delete(path, entry);
          break;
        }
      }
    }
  }

  #exportKinds(module: ParsedModule, name: string, context: CrossFileContext, analyzer: ExportAnalyzer): ExportKinds {
    const key = `${module.path}#${name}`;
    if (this.#inProgress.has(key)) {
      this.#truncated = true;
      return NONE;
    }
    this.#inProgress.add(key);
    try {
      const binding = module.exports.get(name);
      if (binding?.type === 're-export') {
        const fromPackage = analyzer.packageClassKind(binding.source, binding.name);
        if (fromPackage) return { classKind: fromPackage, instanceKind: null };
        return this.importedKinds(
          { filename: module.path, parserOptions: context.parserOptions },
          binding.source,
          binding.name,
          analyzer,
        );
      }
      if (binding) {
        const memo = module.localKinds.get(name);
        if (memo) return memo;
        const truncatedBefore = this.#truncated;
        this.#truncated = false;
        const kinds = localKinds(module, binding);
        // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- set meanwhile: localKinds() recognizes through imports that come back here
        if (!this.#truncated) module.localKinds.set(name, kinds);
        this.#truncated ||= truncatedBefore;
        return kinds;
      }
      // `export *` never re-exports a default.
      if (name === 'default') return NONE;
      for (const source of module.stars) {
        const fromPackage = analyzer.packageClassKind(source, name);
        if (fromPackage) return { classKind: fromPackage, instanceKind: null };
        const kinds = this.importedKinds(
          { filename: module.path, parserOptions: context.parserOptions },
          source,
          name,
          analyzer,
        );
        if (kinds.classKind || kinds.instanceKind) return kinds;
      }
      return NONE;
    } finally {
      this.#inProgress.delete(key);
    }
  }
}

/** The instance the rules share: one cache per process, i.e. per lint run (and per editor session). */
export const moduleExports = new ModuleExports();

/** @returns the parser options for an imported file: the linted file's, minus type information, JSX by extension. */
function parserOptionsFor(path: string, parserOptions: CrossFileContext['parserOptions']): Record<string, unknown> {
  const options: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(parserOptions ?? {})) {
    if (!TYPED_PARSER_OPTIONS.has(key)) options[key] = value;
  }
  const extension = extname(path);
  const jsx = extension === '.tsx' || extension === '.jsx';
  return {
    ...options,
    ecmaFeatures: { ...(options.ecmaFeatures as object | undefined), jsx },
    sourceType: 'module',
    filePath: path,
    range: true,
    loc: true,
    // The recognizer needs scopes, not tokens: skipping them saves a good part of the parse.
    tokens: false,
    comment: false,
    // The ESTree ↔ TypeScript node maps would keep TypeScript's whole syntax tree alive in the cache.
    preserveNodeMaps: false,
  };
}

/** Sets `parent` on every node: the parser leaves that to ESLint's traversal, and scope lookups walk up through it. */
function setParents(root: TSESTree.Node, visitorKeys: Readonly<Record<string, readonly string[] | undefined>>): void {
  const stack: TSESTree.Node[] = [root];
  while (stack.length > 0) {
    const node = stack.pop() as TSESTree.Node;
    for (const key of visitorKeys[node.type] ?? []) {
      const value = (node as unknown as Record<string, unknown>)[key];
      const children = Array.isArray(value) ? value : [value];
      for (const child of children) {
        if (child && typeof child === 'object' && typeof (child as { type?: unknown }).type === 'string') {
          (child as { parent: TSESTree.Node }).parent = node;
          stack.push(child as TSESTree.Node);
        }
      }
    }
  }
}

function parseModule(path: string, context: CrossFileContext, analyzer: ExportAnalyzer): ParsedModule | null {
  try {
    const text = readFileSync(path, 'utf8');
    if (!RELATIVE_SPECIFIER.test(text) && !analyzer.mentionsKnownModule(text)) {
      // A leaf module (types, errors, helpers): it can export nothing recognized, and re-export nothing.
      return { path, sourceCode: null, recognizer: null, exports: new Map(), stars: [], localKinds: new Map() };
    }
    const parsed = parseForESLint(text, parserOptionsFor(path, context.parserOptions));
    const ast = parsed.ast as unknown as TSESTree.Program & { tokens?: unknown[]; comments?: unknown[] };
    ast.tokens ??= [];
    ast.comments ??= [];
    setParents(ast, parsed.visitorKeys);
    const sourceCode = new SourceCode({
      text,
      ast: ast as never,
      scopeManager: parsed.scopeManager as never,
      visitorKeys: parsed.visitorKeys as never,
    }) as unknown as TSESLint.SourceCode;
    const { exports, stars } = collectExports(ast);
    const recognizer = analyzer.recognizerFor(sourceCode, context);
    if (!recognizer) {
      for (const [name, binding] of exports) if (binding.type !== 're-export') exports.set(name, NO_BINDING);
      return { path, sourceCode: null, recognizer: null, exports, stars, localKinds: new Map() };
    }
    return { path, sourceCode, recognizer, exports, stars, localKinds: new Map() };
  } catch {
    // Unreadable, not UTF-8, a syntax error: the file exports nothing the rules can see.
    return null;
  }
}

function exportedName(node: TSESTree.Identifier | TSESTree.StringLiteral): string {
  return node.type === AST_NODE_TYPES.Identifier ? node.name : node.value;
}

/** Reads a module's export statements (top level only: that is where ESM allows them). */
function collectExports(program: TSESTree.Program): { exports: Map<string, ExportBinding>; stars: string[] } {
  const exports = new Map<string, ExportBinding>();
  const stars: string[] = [];
  for (const statement of program.body) {
    if (statement.type === AST_NODE_TYPES.ExportAllDeclaration) {
      // `export * as ns from` binds a namespace: not followed.
      if (!statement.exported) stars.push(statement.source.value);
    } else if (statement.type === AST_NODE_TYPES.ExportDefaultDeclaration) {
      const declaration = statement.declaration;
      if (declaration.type === AST_NODE_TYPES.Identifier) {
        exports.set('default', { type: 'local', name: declaration.name });
      } else {
        const isClass =
          declaration.type === AST_NODE_TYPES.ClassDeclaration || declaration.type === AST_NODE_TYPES.ClassExpression;
        exports.set('default', { type: 'node', node: declaration, isClass });
      }
    } else if (statement.type === AST_NODE_TYPES.ExportNamedDeclaration) {
      if (statement.exportKind === 'type') continue;
      const declaration = statement.declaration;
      if (declaration?.type === AST_NODE_TYPES.VariableDeclaration) {
        for (const declarator of declaration.declarations) {
          if (declarator.id.type === AST_NODE_TYPES.Identifier) {
            exports.set(declarator.id.name, { type: 'local', name: declarator.id.name });
          }
        }
      } else if (
        (declaration?.type === AST_NODE_TYPES.ClassDeclaration ||
          declaration?.type === AST_NODE_TYPES.FunctionDeclaration) &&
        declaration.id
      ) {
        exports.set(declaration.id.name, { type: 'local', name: declaration.id.name });
      }
      for (const specifier of statement.specifiers) {
        if (specifier.exportKind === 'type') continue;
        const local = exportedName(specifier.local);
        const exported = exportedName(specifier.exported);
        exports.set(
          exported,
          statement.source
            ? { type: 're-export', source: statement.source.value, name: local }
            : { type: 'local', name: local },
        );
      }
    }
  }
  return { exports, stars };
}

function moduleScopeOf(module: ParsedModule): TSESLint.Scope.Scope | undefined {
  return module.sourceCode?.scopeManager?.globalScope?.childScopes.find((scope) => scope.type === TSESLint.Scope.ScopeType.module);
}

function asFunction(node: TSESTree.Node): FunctionNode | null {
  return node.type === AST_NODE_TYPES.FunctionDeclaration ||
    node.type === AST_NODE_TYPES.FunctionExpression ||
    node.type === AST_NODE_TYPES.ArrowFunctionExpression
    ? node
    : null;
}

/** An exported class: what it extends, and which of its members hold an instance. */
function classKinds(recognizer: ExportRecognizer, node: TSESTree.ClassDeclaration | TSESTree.ClassExpression): ExportKinds {
  return {
    classKind: node.superClass ? recognizer.classKind(node.superClass) : null,
    instanceKind: null,
    members: recognizer.memberKinds(node),
    plainClass: recognizer.isPlainClass(node),
  };
}

/** An initializer without `as`/`satisfies`/`!` around it. */
function unwrapInit(node: TSESTree.Expression): TSESTree.Expression {
  let current: TSESTree.Expression = node;
  while (
    current.type === AST_NODE_TYPES.TSAsExpression ||
    current.type === AST_NODE_TYPES.TSSatisfiesExpression ||
    current.type === AST_NODE_TYPES.TSNonNullExpression
  ) {
    current = current.expression;
  }
  return current;
}

/** The kinds of an export bound in the module itself (a declaration, an import it passes on, a default expression). */
function localKinds(module: ParsedModule, binding: Exclude<ExportBinding, { type: 're-export' }>): ExportKinds {
  const { recognizer } = module;
  if (!recognizer || binding.type === 'none') return NONE;
  if (binding.type === 'node') {
    const node = binding.node;
    if (binding.isClass) return classKinds(recognizer, node as TSESTree.ClassDeclaration | TSESTree.ClassExpression);
    const fn = asFunction(node);
    if (fn) return { classKind: null, instanceKind: null, returns: recognizer.returnKindOf(fn) };
    return { classKind: recognizer.classKind(node), instanceKind: recognizer.instanceKind(node) };
  }
  const variable = moduleScopeOf(module)?.set.get(binding.name);
  const def = variable?.defs[0];
  if (!def) return NONE;
  if (def.node.type === AST_NODE_TYPES.ClassDeclaration) return classKinds(recognizer, def.node);
  if (def.node.type === AST_NODE_TYPES.FunctionDeclaration) {
    return { classKind: null, instanceKind: null, returns: recognizer.returnKindOf(def.node) };
  }
  if (def.name.type !== AST_NODE_TYPES.Identifier) return NONE;
  if (def.node.type === AST_NODE_TYPES.VariableDeclarator) {
    const init = def.node.init ? unwrapInit(def.node.init) : null;
    if (init?.type === AST_NODE_TYPES.ClassExpression) return classKinds(recognizer, init);
    const fn = init ? asFunction(init) : null;
    if (fn) return { classKind: null, instanceKind: null, returns: recognizer.returnKindOf(fn) };
  }
  // A `const`/`let` (an alias of a class, or an instance), or an import passed on (`export { user }`).
  return { classKind: recognizer.classKind(def.name), instanceKind: recognizer.instanceKind(def.name) };
}

/**
 * @param path - a path.
 * @returns whether it can be the base of a relative import (the linted file may be `<input>` or `<text>`).
 */
export function isResolvableFilename(path: string): boolean {
  return isAbsolute(path);
}
