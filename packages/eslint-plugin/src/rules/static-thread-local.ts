import { ASTUtils, AST_NODE_TYPES } from '@typescript-eslint/utils';
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import {
  enclosingFunction,
  isFunctionNode,
  referencesWithin,
  statementRemovalRange,
  topLevelStatement,
} from '../util/ast.js';
import { createRule } from '../util/createRule.js';
import {
  enclosingClassOfThis,
  getThreadLocalRecognizer,
  outermostWrapper,
  propertyName,
} from '../util/ThreadLocalRecognizer.js';
import type { LocalStateKind } from '../util/ThreadLocalRecognizer.js';
import { getTypedRecognizer } from '../util/TypedRecognizer.js';

/** The rule's options (one object; see the rule doc's Options section). */
export type Options = [
  {
    /** Also recognize thread-locals by type (subclasses imported from other files). Needs type information. */
    checkTypes?: boolean;
  },
];

/** The rule's message and suggestion ids. */
export type MessageId =
  | 'createdRepeatedly'
  | 'hoistToModuleConst'
  | 'instanceField'
  | 'makeStaticReadonly'
  | 'mutableBinding'
  | 'staticNotReadonly';

/**
 * What an extra instance costs, per kind: a ThreadLocal strands map entries; an AsyncLocalStorage
 * costs nothing per thread but, once enabled, is copied onto every promise the process creates.
 */
export const COSTS: Readonly<Record<LocalStateKind, { cost: string; replaced: string }>> = {
  'thread-local': {
    cost: 'every instance leaves an entry in the map of each thread that used it, stale once the instance is dropped',
    replaced: "a replaced thread-local strands its entries in every thread's map",
  },
  'async-local-storage': {
    cost: 'every instance, once used, stays enabled and is copied onto every promise the process creates, slowing each `await`',
    replaced: 'each replacement adds an enabled instance that is copied onto every promise the process creates',
  },
};

/**
 * `@tlkit/static-thread-local`: thread-locals are created once, in a module-level `const` or a
 * `static readonly` field. See docs/rules/static-thread-local.md.
 */
export const staticThreadLocal = createRule<Options, MessageId>({
  name: 'static-thread-local',
  meta: {
    type: 'problem',
    docs: {
      description: 'Require thread-locals to be created once, in a module-level `const` or a `static readonly` field',
      recommended: 'recommended',
    },
    hasSuggestions: true,
    messages: {
      createdRepeatedly:
        'A new thread-local is created each time this {{where}} runs, and {{cost}}. Create it once, in a module-level `const` or a `static readonly` field.',
      instanceField:
        'Every instance of this class creates its own thread-local, and {{cost}}. Make the field `static readonly`, or move the thread-local to a module-level `const`.',
      staticNotReadonly:
        'The static field `{{name}}` can be reassigned, and {{replaced}}. Make the field `static readonly`.',
      mutableBinding:
        '`{{name}}` is declared with `{{keyword}}`, so it can be reassigned, and {{replaced}}. Declare it with a module-level `const`.',
      hoistToModuleConst: 'Create the thread-local once, in a module-level `const`.',
      makeStaticReadonly: 'Make the field `static readonly`.',
    },
    schema: [
      {
        type: 'object',
        properties: {
          checkTypes: {
            type: 'boolean',
            description:
              'Also recognize thread-locals by type, such as subclasses imported from other files. Needs type information.',
          },
        },
        additionalProperties: false,
      },
    ],
    defaultOptions: [{ checkTypes: false }],
  },
  defaultOptions: [{ checkTypes: false }],
  create(context, [options]) {
    const { sourceCode } = context;
    const recognizer = getThreadLocalRecognizer(sourceCode, context);
    const typed = options.checkTypes ? getTypedRecognizer(context) : null;
    if (!typed && !recognizer.hasRecognizedImports) return {};

    /** Without a binding from this file, only `new` of something that is not a lib global is worth a type query. */
    function isTypedCandidate(node: TSESTree.NewExpression | TSESTree.CallExpression): boolean {
      if (node.type === AST_NODE_TYPES.CallExpression || node.callee.type !== AST_NODE_TYPES.Identifier) return true;
      const variable = ASTUtils.findVariable(sourceCode.getScope(node.callee), node.callee);
      return variable !== null && variable.defs.length > 0;
    }

    function kindOf(node: TSESTree.NewExpression | TSESTree.CallExpression): LocalStateKind | null {
      let kind = recognizer.creationKind(node);
      // `X.withInitial(f)` returning a thread-local is a creation site whatever `X` is.
      if (!kind && typed && isTypedCandidate(node)) kind = typed.kindOf(node);
      return kind === 'thread-pool' ? null : kind;
    }

    /** The file's member mentions by name; built once, by the first suggestion that needs it. */
    let memberMentions: ReadonlyMap<string, readonly MemberMention[]> | null = null;

    function mentionsOf(name: string): readonly MemberMention[] {
      memberMentions ??= collectMemberMentions(sourceCode);
      return memberMentions.get(name) ?? [];
    }

    /** Whether a member called `name` (`X.name = …`, `this.name += …`, `[this.name] = …`) is written anywhere in the file. */
    function memberIsWritten(name: string): boolean {
      return mentionsOf(name).some(isWriteTarget);
    }

    function hoistDeclaratorFix(
      declarator: TSESTree.VariableDeclarator,
    ): TSESLint.ReportFixFunction | null {
      const declaration = declarator.parent;
      if (declaration.declarations.length !== 1 || declarator.id.type !== AST_NODE_TYPES.Identifier || !declarator.init) {
        return null;
      }
      const [variable] = sourceCode.scopeManager?.getDeclaredVariables(declarator) ?? [];
      if (!variable || variable.references.some((reference) => reference.isWrite() && reference.init !== true)) {
        return null;
      }
      // Everything the declaration refers to must be visible at module level.
      for (const reference of referencesWithin(sourceCode, declarator.range)) {
        const resolved = reference.resolved;
        if (resolved === variable) continue;
        if (resolved && resolved.scope.type !== 'module' && resolved.scope.type !== 'global') {
          const [start, end] = resolved.defs[0]?.node.range ?? [0, 0];
          if (start < declarator.range[0] || end > declarator.range[1]) return null;
        }
      }
      if (/\bthis\b|\bsuper\b|\barguments\b|\bawait\b|\byield\b/u.test(sourceCode.getText(declarator.init))) return null;
      // The name must be free at module level and in every scope in between.
      const name = declarator.id.name;
      for (let scope: TSESLint.Scope.Scope | null = variable.scope.upper; scope; scope = scope.upper) {
        if (scope.set.has(name) || scope.through.some((reference) => reference.identifier.name === name)) return null;
      }
      const top = topLevelStatement(declaration);
      const text = `const ${sourceCode.getText(declarator)};\n`;
      return (fixer) => [
        fixer.insertTextBefore(top, text),
        fixer.removeRange(statementRemovalRange(sourceCode, declaration)),
      ];
    }

    function letToConstFix(declarator: TSESTree.VariableDeclarator): TSESLint.ReportFixFunction | null {
      const declaration = declarator.parent;
      for (const each of declaration.declarations) {
        if (!each.init) return null;
        for (const variable of sourceCode.scopeManager?.getDeclaredVariables(each) ?? []) {
          for (const reference of variable.references) {
            if (reference.isWrite() && reference.init !== true) return null;
            // `var` is hoisted: a use before the declaration would hit the `const`'s temporal dead zone.
            if (declaration.kind === 'var' && reference.identifier.range[0] < declaration.range[0]) return null;
          }
        }
      }
      const keyword = sourceCode.getFirstToken(declaration);
      return keyword ? (fixer) => fixer.replaceText(keyword, 'const') : null;
    }

    function addReadonlyFix(field: TSESTree.PropertyDefinition): TSESLint.ReportFixFunction | null {
      const name = propertyName(field.key, field.computed);
      if (name === null || memberIsWritten(name)) return null;
      const staticToken = sourceCode
        .getTokensBefore(field.key, { count: 4 })
        .find((token) => token.value === 'static' && token.range[0] >= field.range[0]);
      return staticToken ? (fixer) => fixer.insertTextAfter(staticToken, ' readonly') : null;
    }

    function instanceToStaticFix(field: TSESTree.PropertyDefinition): TSESLint.ReportFixFunction | null {
      const classNode = field.parent.parent as ClassNode;
      const isPrivateName = field.key.type === AST_NODE_TYPES.PrivateIdentifier;
      if (
        !classNode.id ||
        field.computed ||
        field.decorators.length > 0 ||
        field.declare ||
        field.override ||
        field.type !== AST_NODE_TYPES.PropertyDefinition ||
        (!isPrivateName && field.accessibility !== 'private') ||
        (classNode.typeParameters && field.typeAnnotation) ||
        !field.value ||
        /\bthis\b|\bsuper\b|\barguments\b/u.test(sourceCode.getText(field.value))
      ) {
        return null;
      }
      const name = propertyName(field.key, false);
      if (name === null || memberIsWritten(name)) return null;
      // Every mention in the class must be `this.name` (or `this.#name`) with this class's `this`:
      // those become `ClassName.name`.
      const [bodyStart, bodyEnd] = classNode.body.range;
      const viaThis: TSESTree.ThisExpression[] = [];
      for (const mention of mentionsOf(name)) {
        if (mention.range[0] < bodyStart || mention.range[1] > bodyEnd) continue;
        if (
          mention.type !== AST_NODE_TYPES.MemberExpression ||
          mention.object.type !== AST_NODE_TYPES.ThisExpression ||
          enclosingClassOfThis(mention.object) !== classNode
        ) {
          return null;
        }
        viaThis.push(mention.object);
      }
      const className = classNode.id.name;
      const keyStart = field.key.range[0];
      return (fixer) => [
        fixer.replaceTextRange(
          [field.range[0], keyStart],
          `${field.accessibility ? `${field.accessibility} ` : ''}static readonly `,
        ),
        ...viaThis.map((node) => fixer.replaceText(node, className)),
      ];
    }

    function check(node: TSESTree.NewExpression | TSESTree.CallExpression): void {
      const kind = kindOf(node);
      if (!kind) return;
      const { cost, replaced } = COSTS[kind];
      const placement = placementOf(node);
      switch (placement.kind) {
        case 'allowed':
          return;
        case 'instanceField': {
          const fix = placement.field ? instanceToStaticFix(placement.field) : null;
          context.report({
            node,
            messageId: 'instanceField',
            data: { cost },
            suggest: fix ? [{ messageId: 'makeStaticReadonly', fix }] : [],
          });
          return;
        }
        case 'staticNotReadonly': {
          const fix = addReadonlyFix(placement.field);
          context.report({
            node,
            messageId: 'staticNotReadonly',
            data: { name: sourceCode.getText(placement.field.key), replaced },
            suggest: fix ? [{ messageId: 'makeStaticReadonly', fix }] : [],
          });
          return;
        }
        case 'mutableBinding': {
          const fix = letToConstFix(placement.declarator);
          context.report({
            node,
            messageId: 'mutableBinding',
            data: { name: sourceCode.getText(placement.declarator.id), keyword: placement.declarator.parent.kind, replaced },
            suggest: fix ? [{ messageId: 'hoistToModuleConst', fix }] : [],
          });
          return;
        }
        case 'repeated': {
          const outer = outermostWrapper(node);
          const fix =
            outer.parent?.type === AST_NODE_TYPES.VariableDeclarator &&
            outer.parent.init === outer &&
            enclosingFunction(node) !== null
              ? hoistDeclaratorFix(outer.parent)
              : null;
          context.report({
            node,
            messageId: 'createdRepeatedly',
            data: { where: placement.where, cost },
            suggest: fix ? [{ messageId: 'hoistToModuleConst', fix }] : [],
          });
          return;
        }
      }
    }

    return {
      NewExpression: check,
      'CallExpression[callee.type="MemberExpression"][callee.property.name="withInitial"]': check,
    };
  },
});

type ClassNode = TSESTree.ClassDeclaration | TSESTree.ClassExpression;

/** Where the file names a member: `x.name`, `x['name']`, `this.#name`, or the `#name` of `#name in x`. */
type MemberMention = TSESTree.MemberExpression | TSESTree.PrivateIdentifier;

/**
 * @param sourceCode - the file.
 * @returns every member mention of the file, by name (`#x` for private names), in one walk of the AST.
 */
function collectMemberMentions(sourceCode: Readonly<TSESLint.SourceCode>): Map<string, MemberMention[]> {
  const mentions = new Map<string, MemberMention[]>();
  const add = (name: string | null, node: MemberMention): void => {
    if (name === null) return;
    const list = mentions.get(name);
    if (list) list.push(node);
    else mentions.set(name, [node]);
  };
  const stack: TSESTree.Node[] = [sourceCode.ast];
  for (let node = stack.pop(); node; node = stack.pop()) {
    if (node.type === AST_NODE_TYPES.MemberExpression) add(propertyName(node.property, node.computed), node);
    else if (node.type === AST_NODE_TYPES.BinaryExpression && node.left.type === AST_NODE_TYPES.PrivateIdentifier) {
      add(`#${node.left.name}`, node.left);
    }
    for (const key of sourceCode.visitorKeys[node.type] ?? []) {
      const child: unknown = (node as unknown as Record<string, unknown>)[key];
      if (Array.isArray(child)) {
        for (const each of child as Array<TSESTree.Node | null>) if (each) stack.push(each);
      } else if (child) {
        stack.push(child as TSESTree.Node);
      }
    }
  }
  return mentions;
}

/** Whether `mention` is assigned to: `=`, compound assignment, `++`/`--`, a destructuring or `for…of` target. */
function isWriteTarget(mention: MemberMention): boolean {
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

/** Where a creation site is, as far as this rule cares. */
type Placement =
  | { readonly kind: 'allowed' }
  | { readonly kind: 'instanceField'; readonly field: TSESTree.PropertyDefinition | null }
  | { readonly kind: 'staticNotReadonly'; readonly field: TSESTree.PropertyDefinition }
  | { readonly kind: 'mutableBinding'; readonly declarator: TSESTree.VariableDeclarator }
  | { readonly kind: 'repeated'; readonly where: string };

const LOOP_TYPES: ReadonlySet<AST_NODE_TYPES> = new Set([
  AST_NODE_TYPES.ForStatement,
  AST_NODE_TYPES.ForInStatement,
  AST_NODE_TYPES.ForOfStatement,
  AST_NODE_TYPES.WhileStatement,
  AST_NODE_TYPES.DoWhileStatement,
]);

function describeFunction(fn: TSESTree.Node): string {
  const parent = fn.parent;
  if (parent?.type === AST_NODE_TYPES.MethodDefinition) {
    if (parent.kind === 'constructor') return 'constructor';
    return parent.kind === 'method' ? 'method' : 'accessor';
  }
  if (parent?.type === AST_NODE_TYPES.PropertyDefinition) return 'method';
  if (
    (parent?.type === AST_NODE_TYPES.CallExpression || parent?.type === AST_NODE_TYPES.NewExpression) &&
    parent.arguments.includes(fn as TSESTree.CallExpressionArgument)
  ) {
    return 'callback';
  }
  return fn.type === AST_NODE_TYPES.ArrowFunctionExpression ? 'arrow function' : 'function';
}

/**
 * @param node - a node inside the module.
 * @returns what makes code at `node` run more than once (a function, a loop, an instance field
 *   initializer), or `null` when it runs once, at module evaluation.
 */
function repeatedPlacement(node: TSESTree.Node): Placement | null {
  let child: TSESTree.Node = node;
  for (let current: TSESTree.Node | undefined = node.parent; current; child = current, current = current.parent) {
    if (isFunctionNode(current)) return { kind: 'repeated', where: describeFunction(current) };
    if (LOOP_TYPES.has(current.type) && (current as TSESTree.ForStatement).init !== child) {
      return { kind: 'repeated', where: 'loop' };
    }
    if (current.type === AST_NODE_TYPES.PropertyDefinition && !current.static && current.value === child) {
      return { kind: 'instanceField', field: null };
    }
  }
  return null;
}

function placementOf(node: TSESTree.Node): Placement {
  const outer = outermostWrapper(node);
  const parent = outer.parent;
  if (parent?.type === AST_NODE_TYPES.PropertyDefinition && parent.value === outer) {
    if (!parent.static) return { kind: 'instanceField', field: parent };
    if (!parent.readonly) return { kind: 'staticNotReadonly', field: parent };
    return repeatedPlacement(parent.parent.parent) ?? { kind: 'allowed' };
  }
  const repeated = repeatedPlacement(node);
  if (repeated) return repeated;
  if (
    parent?.type === AST_NODE_TYPES.VariableDeclarator &&
    parent.init === outer &&
    parent.parent.kind !== 'const'
  ) {
    return { kind: 'mutableBinding', declarator: parent };
  }
  return { kind: 'allowed' };
}
