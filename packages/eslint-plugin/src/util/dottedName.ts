import { AST_NODE_TYPES } from '@typescript-eslint/utils';
import type { TSESTree } from '@typescript-eslint/utils';
import { propertyName, unwrapExpression } from './ThreadLocalRecognizer.js';

/**
 * The name two mentions of one receiver share, so that a `finally` can be matched with the `set()` it
 * undoes and an executor option (`queue.add`) with its calls.
 *
 * @param node - an expression.
 * @returns `a.b.c` for a chain of identifiers, `this` and non-computed members (`super` reads as
 *   `this`: `super.enterWith(prior)` in a subclass's override restores what `this.enterWith(store)`
 *   entered); `null` for anything else.
 */
export function dottedName(node: TSESTree.Node): string | null {
  const target = unwrapExpression(node);
  if (target.type === AST_NODE_TYPES.Identifier) return target.name;
  if (target.type === AST_NODE_TYPES.ThisExpression || target.type === AST_NODE_TYPES.Super) return 'this';
  if (target.type === AST_NODE_TYPES.MemberExpression) {
    const object = dottedName(target.object);
    const name = propertyName(target.property, target.computed);
    return object !== null && name !== null ? `${object}.${name}` : null;
  }
  return null;
}
