import { RECOGNIZED_CLASS_NAMES, kindOfDeclaredClass } from '@tlkit/recognition';
import type { RecognizedKind } from '@tlkit/recognition';
import { ESLintUtils } from '@typescript-eslint/utils';
import type { ParserServicesWithTypeInformation, TSESLint, TSESTree } from '@typescript-eslint/utils';
import ts from 'typescript';

/** Bounds the walk up a class hierarchy; real hierarchies are far shallower. */
const MAX_BASE_DEPTH = 16;

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
    let type = this.#checker.getNonNullableType(this.#services.getTypeAtLocation(node));
    // `this` in a subclass's method (and `T extends ThreadLocal<U>`) is a type parameter: its
    // constraint is the class.
    if (type.flags & ts.TypeFlags.TypeParameter) type = this.#checker.getBaseConstraintOfType(type) ?? type;
    return this.#kindOfType(type, 0);
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
    if (symbol && RECOGNIZED_CLASS_NAMES.has(symbol.getName())) {
      for (const declaration of symbol.getDeclarations() ?? []) {
        const kind = kindOfDeclaredClass(symbol.getName(), declaration.getSourceFile().fileName);
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
