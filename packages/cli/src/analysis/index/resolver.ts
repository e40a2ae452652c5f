import { ts } from 'ts-morph';
import type { FunctionNode, ThreadLocalDecl } from '../threadLocalIndex.js';
import { isFunctionWithBody, skipOuterExpressions } from './syntax.js';

/**
 * Resolves names to declarations with the type checker, for candidates only; results are cached
 * per node. This is the only place the index's stages ask the checker about names.
 */
export class Resolver {
  private readonly functions = new Map<ts.Node, FunctionNode | undefined>();

  /**
   * @param checker - the program's type checker
   * @param program - the program, to tell its own files from libraries
   */
  constructor(
    readonly checker: ts.TypeChecker,
    readonly program: ts.Program,
  ) {}

  /**
   * @param sourceFile - a file of the program
   * @returns whether it is the program's own code (not a declaration file, not a library)
   */
  isOwnFile(sourceFile: ts.SourceFile): boolean {
    return !sourceFile.isDeclarationFile && !this.program.isSourceFileFromExternalLibrary(sourceFile);
  }

  /**
   * @param node - a name
   * @returns the symbol it refers to, with import aliases followed to the exported declaration
   */
  symbolAt(node: ts.Node): ts.Symbol | undefined {
    let symbol = this.checker.getSymbolAtLocation(node);
    if (symbol !== undefined && (symbol.flags & ts.SymbolFlags.Alias) !== 0) {
      symbol = this.checker.getAliasedSymbol(symbol);
    }
    return symbol;
  }

  /**
   * @param name - a name
   * @param byDeclaration - the declared thread-locals by declaration node
   * @returns the declared thread-local the name refers to, if any
   */
  declarationOf(name: ts.Node, byDeclaration: ReadonlyMap<ts.Node, ThreadLocalDecl>): ThreadLocalDecl | undefined {
    for (const declaration of this.symbolAt(name)?.declarations ?? []) {
      const decl = byDeclaration.get(declaration);
      if (decl !== undefined) return decl;
    }
    return undefined;
  }

  /**
   * @param expression - a name (`Base`, `ns.Base`, `this.field`)
   * @returns the declarations it refers to
   */
  declarationsOf(expression: ts.Expression): readonly ts.Declaration[] {
    const node = ts.isPropertyAccessExpression(expression) ? expression.name : expression;
    return this.symbolAt(node)?.declarations ?? [];
  }

  /**
   * @param expression - a class expression (`Base`, `ns.Base`)
   * @returns the class declarations it refers to
   */
  classesOf(expression: ts.Expression): ts.ClassLikeDeclaration[] {
    return this.declarationsOf(expression).filter(ts.isClassLike);
  }

  /**
   * @param expression - a callee
   * @returns the parameter (of a function with a body, in the program's own files) that it denotes
   */
  parameterOf(expression: ts.Expression): ts.ParameterDeclaration | undefined {
    const target = skipOuterExpressions(expression);
    if (!ts.isIdentifier(target)) return undefined;
    for (const declaration of this.checker.getSymbolAtLocation(target)?.declarations ?? []) {
      if (!ts.isParameter(declaration) || !ts.isIdentifier(declaration.name)) continue;
      const owner = declaration.parent;
      if (!this.isOwnFile(declaration.getSourceFile())) continue;
      if (ts.isFunctionLike(owner) && isFunctionWithBody(owner)) return declaration;
    }
    return undefined;
  }

  /**
   * @param expression - a callee
   * @returns the function, declared in the program's own files, that it denotes
   */
  functionOf(expression: ts.Expression): FunctionNode | undefined {
    const target = skipOuterExpressions(expression);
    const name = ts.isPropertyAccessExpression(target) ? target.name : ts.isIdentifier(target) ? target : undefined;
    if (name === undefined) return undefined;
    if (this.functions.has(name)) return this.functions.get(name);
    let result: FunctionNode | undefined;
    for (const declaration of this.symbolAt(name)?.declarations ?? []) {
      if (!this.isOwnFile(declaration.getSourceFile())) continue;
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
