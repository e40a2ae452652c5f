import { WORDING } from '@tlkit/recognition';
import { ASTUtils, AST_NODE_TYPES, TSESLint } from '@typescript-eslint/utils';
import type { TSESTree } from '@typescript-eslint/utils';
import { enclosingFunction, referencesWithin, statementRemovalRange, topLevelStatement } from '../util/ast.js';
import { createRule } from '../util/createRule.js';
import { isWriteTarget, memberMentionsOf } from '../util/memberMentions.js';
import { getOnceAnalysis } from '../util/runsOnce.js';
import type { OnceAnalysis } from '../util/runsOnce.js';
import type { MemberMention } from '../util/memberMentions.js';
import {
  enclosingClassOfThis,
  getThreadLocalRecognizer,
  outermostWrapper,
  propertyName,
} from '../util/ThreadLocalRecognizer.js';
import type { LocalStateKind } from '../util/ThreadLocalRecognizer.js';
import { getTypedRecognizer } from '../util/TypedRecognizer.js';

// Scope and definition kinds are enums: comparing them with enum members keeps a misspelt kind a type error.
const { DefinitionType, ScopeType } = TSESLint.Scope;

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
 * What an extra instance costs, per kind, as a clause of the messages. A ThreadLocal strands map
 * entries on every thread that used it. An AsyncLocalStorage strands nothing per thread: on Node 22 and
 * earlier each live instance, once used, is copied onto every promise the process creates (measured: 10
 * dropped, never-disabled instances make an `await` chain about 4× slower); from Node 24,
 * AsyncContextFrame makes extra instances cheap, but a store entered in one instance is still invisible
 * to code that reads another.
 */
export const COSTS: Readonly<Record<LocalStateKind, { cost: string; replaced: string }>> = {
  'thread-local': {
    cost: 'every instance leaves an entry in the map of each thread that used it, stale once the instance is dropped',
    replaced: "a replaced thread-local strands its entries in every thread's map",
  },
  'async-local-storage': {
    cost: 'on Node 22 and earlier every live instance, once used, slows every new promise (10 dropped instances made an `await` chain about 4× slower); from Node 24 extra instances are cheap, but a store entered in one instance is never seen by code that reads another',
    replaced:
      'the replaced instance stays live (on Node 22 and earlier it still slows every new promise), and code that kept it never sees the stores entered in its replacement',
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
        'A new {{noun}} is created each time this {{where}} runs, and {{cost}}. Create it once, in a module-level `const` or a `static readonly` field.',
      instanceField:
        'Every instance of this class creates its own {{noun}}, and {{cost}}. Make the field `static readonly`; if the class is instantiated only once, this costs nothing: say so with `// eslint-disable-next-line @tlkit/static-thread-local -- singleton`.',
      staticNotReadonly:
        'The static field `{{name}}` can be reassigned, and {{replaced}}. Make the field `static readonly`.',
      mutableBinding:
        '`{{name}}` is declared with `{{keyword}}`, so it can be reassigned, and {{replaced}}. Declare it with a module-level `const`.',
      hoistToModuleConst: 'Create the {{noun}} once, in a module-level `const`.',
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
      // A class that extends nothing (or a global such as `Error`), here or in a relatively imported module,
      // is no thread-local whatever its type: `new ValidationError()` costs no type query.
      return variable !== null && variable.defs.length > 0 && !recognizer.isPlainClassReference(node.callee);
    }

    function kindOf(node: TSESTree.NewExpression | TSESTree.CallExpression): LocalStateKind | null {
      let kind = recognizer.creationKind(node);
      // `X.withInitial(f)` returning a thread-local is a creation site whatever `X` is.
      if (!kind && typed && isTypedCandidate(node)) kind = typed.kindOf(node);
      return kind === 'thread-pool' ? null : kind;
    }

    /** The file's member mentions by name; built once, by the first suggestion or analysis that needs them. */
    function mentionsOf(name: string): readonly MemberMention[] {
      return memberMentionsOf(sourceCode).get(name) ?? [];
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
      const top = topLevelStatement(declaration);
      // Everything the declaration refers to must be visible at module level, and initialized before
      // the hoisted `const` runs: a class or variable declared further down is not (temporal dead zone, or
      // `undefined` for a `var`).
      for (const reference of referencesWithin(sourceCode, declarator.range)) {
        const resolved = reference.resolved;
        if (resolved === variable || !resolved) continue;
        const def = resolved.defs[0];
        if (resolved.scope.type !== ScopeType.module && resolved.scope.type !== ScopeType.global) {
          const [start, end] = def?.node.range ?? [0, 0];
          if (start < declarator.range[0] || end > declarator.range[1]) return null;
        } else if (
          def &&
          (def.type === DefinitionType.ClassName || def.type === DefinitionType.Variable) &&
          def.node.range[0] >= top.range[0]
        ) {
          return null;
        }
      }
      if (/\bthis\b|\bsuper\b|\barguments\b|\bawait\b|\byield\b/u.test(sourceCode.getText(declarator.init))) return null;
      // The name must be free at module level and in every scope in between.
      const name = declarator.id.name;
      for (let scope: TSESLint.Scope.Scope | null = variable.scope.upper; scope; scope = scope.upper) {
        if (scope.set.has(name) || scope.through.some((reference) => reference.identifier.name === name)) return null;
      }
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
      const classNode = field.parent.parent;
      const isPrivateName = field.key.type === AST_NODE_TYPES.PrivateIdentifier;
      if (
        !classNode.id ||
        field.computed ||
        field.decorators.length > 0 ||
        field.declare ||
        field.override ||
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
      const { noun } = WORDING[kind];
      const placement = placementOf(node, getOnceAnalysis(sourceCode));
      switch (placement.kind) {
        case 'allowed':
          return;
        case 'instanceField': {
          const fix = placement.field ? instanceToStaticFix(placement.field) : null;
          context.report({
            node,
            messageId: 'instanceField',
            data: { noun, cost },
            suggest: fix ? [{ messageId: 'makeStaticReadonly', fix }] : [],
          });
          return;
        }
        case 'staticNotReadonly': {
          // A private static that this file never reassigns (MikroORM's `private static storage = new
          // AsyncLocalStorage()`) cannot be reassigned anywhere else: it is created once.
          const { field } = placement;
          const fieldName = propertyName(field.key, field.computed);
          const isPrivate = field.accessibility === 'private' || field.key.type === AST_NODE_TYPES.PrivateIdentifier;
          if (isPrivate && fieldName !== null && !memberIsWritten(fieldName)) return;
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
            suggest: fix ? [{ messageId: 'hoistToModuleConst', data: { noun }, fix }] : [],
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
            data: { noun, where: placement.where, cost },
            suggest: fix ? [{ messageId: 'hoistToModuleConst', data: { noun }, fix }] : [],
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

/** Where a creation site is, as far as this rule cares. */
type Placement =
  | { readonly kind: 'allowed' }
  | { readonly kind: 'instanceField'; readonly field: TSESTree.PropertyDefinition | null }
  | { readonly kind: 'staticNotReadonly'; readonly field: TSESTree.PropertyDefinition }
  | { readonly kind: 'mutableBinding'; readonly declarator: TSESTree.VariableDeclarator }
  | { readonly kind: 'repeated'; readonly where: string };

function placementOf(node: TSESTree.Node, once: OnceAnalysis): Placement {
  const outer = outermostWrapper(node);
  const parent = outer.parent;
  if (parent?.type === AST_NODE_TYPES.PropertyDefinition && parent.value === outer) {
    if (!parent.static) return { kind: 'instanceField', field: parent };
    if (!parent.readonly) return { kind: 'staticNotReadonly', field: parent };
  }
  const repetition = once.repetitionAt(node);
  if (repetition?.kind === 'instanceField') return { kind: 'instanceField', field: null };
  if (repetition) return repetition;
  // A module-level `let`/`var` can be replaced later; a local one in code that runs once is only a local.
  if (
    parent?.type === AST_NODE_TYPES.VariableDeclarator &&
    parent.init === outer &&
    parent.parent.kind !== 'const' &&
    enclosingFunction(parent) === null
  ) {
    return { kind: 'mutableBinding', declarator: parent };
  }
  return { kind: 'allowed' };
}
