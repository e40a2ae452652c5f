import { AST_NODE_TYPES } from '@typescript-eslint/utils';
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { forEachNode } from './forEachNode.js';
import { outermostWrapper, propertyName } from './ThreadLocalRecognizer.js';

/** Where the file names a member: `x.name`, `x['name']`, `this.#name`, or the `#name` of `#name in x`. */
export type MemberMention = TSESTree.MemberExpression | TSESTree.PrivateIdentifier;

const mentionsByFile = new WeakMap<TSESTree.Program, ReadonlyMap<string, readonly MemberMention[]>>();

/**
 * Collects every member mention of the file by name (`#x` for private names), in one walk of the AST,
 * the first time any rule asks for it; later calls for the same AST return the same map.
 *
 * @param sourceCode - the file.
 * @returns the file's member mentions, by name.
 */
export function memberMentionsOf(
  sourceCode: Readonly<TSESLint.SourceCode>,
): ReadonlyMap<string, readonly MemberMention[]> {
  let mentions = mentionsByFile.get(sourceCode.ast);
  if (!mentions) {
    mentions = collectMemberMentions(sourceCode);
    mentionsByFile.set(sourceCode.ast, mentions);
  }
  return mentions;
}

function collectMemberMentions(sourceCode: Readonly<TSESLint.SourceCode>): Map<string, MemberMention[]> {
  const mentions = new Map<string, MemberMention[]>();
  const add = (name: string | null, node: MemberMention): void => {
    if (name === null) return;
    const list = mentions.get(name);
    if (list) list.push(node);
    else mentions.set(name, [node]);
  };
  forEachNode(sourceCode, sourceCode.ast, (node) => {
    if (node.type === AST_NODE_TYPES.MemberExpression) add(propertyName(node.property, node.computed), node);
    else if (node.type === AST_NODE_TYPES.BinaryExpression && node.left.type === AST_NODE_TYPES.PrivateIdentifier) {
      add(`#${node.left.name}`, node.left);
    }
    return true;
  });
  return mentions;
}

/**
 * @param mention - a member mention.
 * @returns whether it is assigned to: `=`, compound assignment, `++`/`--`, a destructuring or `for…of` target.
 */
export function isWriteTarget(mention: MemberMention): boolean {
  const outer = outermostWrapper(mention);
  const parent = outer.parent;
  switch (parent?.type) {
    case AST_NODE_TYPES.AssignmentExpression:
    case AST_NODE_TYPES.AssignmentPattern:
    case AST_NODE_TYPES.ForInStatement:
    case AST_NODE_TYPES.ForOfStatement:
      return parent.left === outer;
    case AST_NODE_TYPES.UpdateExpression:
    case AST_NODE_TYPES.ArrayPattern:
    case AST_NODE_TYPES.RestElement:
      return true;
    case AST_NODE_TYPES.Property:
      return parent.value === outer && parent.parent.type === AST_NODE_TYPES.ObjectPattern;
    default:
      return false;
  }
}
