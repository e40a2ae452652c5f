import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ESLintUtils } from '@typescript-eslint/utils';
import type { ParserServicesWithTypeInformation, TSESLint, TSESTree } from '@typescript-eslint/utils';
import ts from 'typescript';
import { ASYNC_HOOKS_CLASSES, CORE_CLASSES, CORE_MODULE } from './ThreadLocalRecognizer.js';
import type { RecognizedKind } from './ThreadLocalRecognizer.js';

/** Declared class name → kind, per package that declares it (Node's classes are declared by `@types/node`). */
const DECLARING_PACKAGES: ReadonlyMap<string, ReadonlyMap<string, RecognizedKind>> = new Map([
  [CORE_MODULE, CORE_CLASSES],
  ['@types/node', ASYNC_HOOKS_CLASSES],
]);
const KNOWN_NAMES: ReadonlySet<string> = new Set(
  [...DECLARING_PACKAGES.values()].flatMap((names) => [...names.keys()]),
);

/** Bounds the walk up a class hierarchy; real hierarchies are far shallower. */
const MAX_BASE_DEPTH = 16;

/** Directory → name of the package whose `package.json` is nearest above it (`null`: none). */
const packageNameByDirectory = new Map<string, string | null>();

/**
 * @param manifest - path of a `package.json`.
 * @returns its `name`, or `null` when it has none or cannot be read. A declaration whose package cannot
 *   be identified is simply not recognized: that errs towards no report, never towards a crash of the
 *   rule in the editor because some dependency ships a broken manifest.
 */
function manifestName(manifest: string): string | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(manifest, 'utf8'));
  } catch {
    return null;
  }
  const declared = typeof parsed === 'object' && parsed !== null ? (parsed as { name?: unknown }).name : undefined;
  return typeof declared === 'string' ? declared : null;
}

/**
 * @param fileName - a declaration's source file.
 * @returns the name of the package that contains it (nearest `package.json` above), cached per directory.
 */
function packageNameOf(fileName: string): string | null {
  const visited: string[] = [];
  let directory = dirname(fileName);
  let name: string | null | undefined;
  for (;;) {
    name = packageNameByDirectory.get(directory);
    if (name !== undefined) break;
    visited.push(directory);
    const manifest = join(directory, 'package.json');
    if (existsSync(manifest)) {
      name = manifestName(manifest);
      break;
    }
    const parent = dirname(directory);
    if (parent === directory) {
      name = null;
      break;
    }
    directory = parent;
  }
  for (const each of visited) packageNameByDirectory.set(each, name);
  return name;
}

/**
 * Kind per type object. The checker keeps type objects unique per program, so one weak cache serves
 * every program (and is collected with it).
 */
const typeKindCache = new WeakMap<ts.Type, RecognizedKind | null>();

/**
 * Recognizes thread-locals by type: any expression whose type is, or derives from, `ThreadLocal`,
 * `InheritableThreadLocal`, `ThreadPool` (declared by `@tlkit/core`) or `AsyncLocalStorage` (declared
 * by `@types/node`), including subclasses declared in other files. A class is identified by the
 * package that declares it, so a look-alike class with the same name is never taken for one.
 *
 * Only candidate nodes (already selected by AST shape) are passed in. `any`, `unknown`, unions and
 * unresolved (error) types are never recognized. Results are cached per type object.
 */
export class TypedRecognizer {
  readonly #services: ParserServicesWithTypeInformation;
  readonly #checker: ts.TypeChecker;

  constructor(services: ParserServicesWithTypeInformation) {
    this.#services = services;
    this.#checker = services.program.getTypeChecker();
  }

  /**
   * @param node - an expression.
   * @returns the kind of its (non-nullable) type, or `null`.
   */
  kindOf(node: TSESTree.Node): RecognizedKind | null {
    const type = this.#services.getTypeAtLocation(node);
    return this.#kindOfType(this.#checker.getNonNullableType(type), 0);
  }

  #kindOfType(type: ts.Type, depth: number): RecognizedKind | null {
    const cached = typeKindCache.get(type);
    if (cached !== undefined) return cached;
    typeKindCache.set(type, null);
    const kind = this.#computeKind(type, depth);
    typeKindCache.set(type, kind);
    return kind;
  }

  #computeKind(type: ts.Type, depth: number): RecognizedKind | null {
    if (depth > MAX_BASE_DEPTH || type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown | ts.TypeFlags.Never)) return null;
    if (!(type.flags & ts.TypeFlags.Object)) return null;
    const symbol = type.getSymbol();
    if (symbol && KNOWN_NAMES.has(symbol.getName())) {
      for (const declaration of symbol.getDeclarations() ?? []) {
        const names = DECLARING_PACKAGES.get(packageNameOf(declaration.getSourceFile().fileName) ?? '');
        const kind = names?.get(symbol.getName());
        if (kind) return kind;
      }
    }
    const objectType = type as ts.ObjectType;
    const target =
      objectType.objectFlags & ts.ObjectFlags.Reference ? (objectType as ts.TypeReference).target : objectType;
    if (!(target.objectFlags & (ts.ObjectFlags.Class | ts.ObjectFlags.Interface))) return null;
    for (const base of this.#checker.getBaseTypes(target as ts.InterfaceType)) {
      const kind = this.#kindOfType(base, depth + 1);
      if (kind) return kind;
    }
    return null;
  }
}

/**
 * @param context - the rule context; the file must be linted with type information.
 * @returns a recognizer for the file's program (the cache of kinds by type is shared by all of them).
 * @throws {Error} from typescript-eslint when the file has no type information: a rule that asks
 *   for types never silently falls back to the untyped behaviour.
 */
export function getTypedRecognizer(context: Readonly<TSESLint.RuleContext<string, readonly unknown[]>>): TypedRecognizer {
  return new TypedRecognizer(ESLintUtils.getParserServices(context));
}
