import { FROZEN_IN_POOL_CLASSES, INHERITANCE, isFrozenInPool, kindOfDeclaredClass } from '@tlkit/recognition';
import { ESLintUtils } from '@typescript-eslint/utils';
import type { ParserServicesWithTypeInformation, TSESLint, TSESTree } from '@typescript-eslint/utils';
import ts from 'typescript';
import { ModuleExports } from './ModuleExports.js';
import { getThreadLocalRecognizer } from './ThreadLocalRecognizer.js';
import type { RecognitionProfile, RecognizerContext, ThreadLocalRecognizer } from './ThreadLocalRecognizer.js';

/*
 * Which thread-locals a pooled thread reads frozen (@tlkit/recognition's `isFrozenInPool`): an
 * `InheritableThreadLocal` or a subclass of it, never a `TransmittableThreadLocal` (nor its subclasses)
 * nor a plain `ThreadLocal`. Untyped, a recognizer whose class table holds only those classes answers,
 * with every form the rules know (imports, subclasses, factories, registries, relative imports); typed,
 * the nearest `@tlkit/core` class in the type's class chain decides.
 */

/**
 * The untyped profile: only the classes whose values pool code reads frozen. `withInitial` creates a
 * plain `ThreadLocal` whatever class it is called on, and the imported files get their own export
 * tables, since the kinds cached there answer a different question than the rules' shared ones.
 */
const FROZEN_IN_POOL_PROFILE: RecognitionProfile = {
  classes: FROZEN_IN_POOL_CLASSES,
  withInitial: false,
  exports: new ModuleExports(),
};

/**
 * @param sourceCode - the file being linted.
 * @param context - the rule's context, to follow relative imports.
 * @returns a recognizer whose `instanceKind` is `thread-local` exactly for instances read frozen in pool code.
 */
export function getFrozenInPoolRecognizer(
  sourceCode: Readonly<TSESLint.SourceCode>,
  context: RecognizerContext,
): ThreadLocalRecognizer {
  return getThreadLocalRecognizer(sourceCode, context, FROZEN_IN_POOL_PROFILE);
}

/** Bounds the walk up a class hierarchy, as the typed recognizer does. */
const MAX_BASE_DEPTH = 16;

/** Nearest `@tlkit/core` class name per type object (`null`: none); type objects are unique per program. */
const coreClassCache = new WeakMap<ts.Type, string | null>();

/**
 * Recognizes by type the thread-locals pool code reads frozen: the expression's type is, or derives
 * from, `InheritableThreadLocal` (declared by `@tlkit/core`), and no `TransmittableThreadLocal` comes
 * first in its class chain.
 */
export class TypedFrozenInPool {
  readonly #services: ParserServicesWithTypeInformation;
  readonly #checker: ts.TypeChecker;

  constructor(services: ParserServicesWithTypeInformation) {
    this.#services = services;
    this.#checker = services.program.getTypeChecker();
  }

  /**
   * @param node - an expression.
   * @returns whether its (non-nullable) type is one whose values pool code reads frozen.
   */
  isFrozenInPool(node: TSESTree.Node): boolean {
    let type = this.#checker.getNonNullableType(this.#services.getTypeAtLocation(node));
    if (type.flags & ts.TypeFlags.TypeParameter) type = this.#checker.getBaseConstraintOfType(type) ?? type;
    const name = this.#nearestCoreClass(type, 0);
    return name !== null && isFrozenInPool(name);
  }

  #nearestCoreClass(type: ts.Type, depth: number): string | null {
    const cached = coreClassCache.get(type);
    if (cached !== undefined) return cached;
    coreClassCache.set(type, null);
    const name = this.#computeNearestCoreClass(type, depth);
    coreClassCache.set(type, name);
    return name;
  }

  #computeNearestCoreClass(type: ts.Type, depth: number): string | null {
    if (depth > MAX_BASE_DEPTH || !(type.flags & ts.TypeFlags.Object)) return null;
    const symbol = type.getSymbol();
    const name = symbol?.getName();
    if (symbol && name !== undefined && INHERITANCE.has(name)) {
      const declarations = symbol.getDeclarations() ?? [];
      if (declarations.some((each) => kindOfDeclaredClass(name, each.getSourceFile().fileName) !== null)) return name;
    }
    const objectType = type as ts.ObjectType;
    const target =
      objectType.objectFlags & ts.ObjectFlags.Reference ? (objectType as ts.TypeReference).target : objectType;
    if (!(target.objectFlags & (ts.ObjectFlags.Class | ts.ObjectFlags.Interface))) return null;
    for (const base of this.#checker.getBaseTypes(target as ts.InterfaceType)) {
      const found = this.#nearestCoreClass(base, depth + 1);
      if (found !== null) return found;
    }
    return null;
  }
}

/**
 * @param context - the rule context; the file must be linted with type information.
 * @returns the typed check for the file's program.
 * @throws {Error} from typescript-eslint when the file has no type information.
 */
export function getTypedFrozenInPool(
  context: Readonly<TSESLint.RuleContext<string, readonly unknown[]>>,
): TypedFrozenInPool {
  return new TypedFrozenInPool(ESLintUtils.getParserServices(context));
}
