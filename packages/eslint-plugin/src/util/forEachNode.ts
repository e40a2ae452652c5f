import type { TSESLint, TSESTree } from '@typescript-eslint/utils';

/**
 * Visits `root` and every node below it, parents before children, in source order.
 *
 * @param sourceCode - the file (its visitor keys say which properties hold child nodes).
 * @param root - where to start.
 * @param visit - called for each node; returning `false` skips that node's children.
 */
export function forEachNode(
  sourceCode: Readonly<TSESLint.SourceCode>,
  root: TSESTree.Node,
  visit: (node: TSESTree.Node) => boolean | undefined,
): void {
  const stack: TSESTree.Node[] = [root];
  while (stack.length > 0) {
    const node = stack.pop();
    if (!node || visit(node) === false) continue;
    const keys = sourceCode.visitorKeys[node.type] ?? [];
    // Children are pushed in reverse so that they pop in source order.
    for (let k = keys.length - 1; k >= 0; k--) {
      const value = (node as unknown as Record<string, unknown>)[keys[k] ?? ''];
      if (Array.isArray(value)) {
        for (let i = value.length - 1; i >= 0; i--) {
          const child: unknown = value[i];
          if (isNode(child)) stack.push(child);
        }
      } else if (isNode(value)) {
        stack.push(value);
      }
    }
  }
}

function isNode(value: unknown): value is TSESTree.Node {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
}
