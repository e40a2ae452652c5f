import { CORE_MODULE, POOL_METHODS, TRANSMITTABLE_CLASS, VOCABULARY, roleOf } from '@tlkit/recognition';
import { ASTUtils, AST_NODE_TYPES } from '@typescript-eslint/utils';
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { createRule } from '../util/createRule.js';
import { dottedName } from '../util/dottedName.js';
import { forEachNode } from '../util/forEachNode.js';
import { getFrozenInPoolRecognizer, getTypedFrozenInPool } from '../util/frozenInPool.js';
import { poolFunctionAround, poolFunctionsOf } from '../util/poolFunctions.js';
import { enclosingClassOfThis, getThreadLocalRecognizer, propertyName, unwrapExpression } from '../util/ThreadLocalRecognizer.js';
import type { FunctionNode, RecognizedKind } from '../util/ThreadLocalRecognizer.js';
import { getTypedRecognizer } from '../util/TypedRecognizer.js';
import { POOL_CODE_OPTION_SCHEMA } from '../util/poolCodeOptions.js';

/** The rule's options (one object; see the rule doc's Options section). */
export type Options = [
  {
    /** Also recognize thread-locals and pools by type. Needs type information. */
    checkTypes?: boolean;
    /** Callees (`runTask`, `queue.add`) whose function arguments run on pooled threads. */
    executors?: string[];
  },
];

/** The rule's message and suggestion ids. */
export type MessageId = 'inheritableReadInPool' | 'useTransmittable';

/**
 * `@tlkit/no-inheritable-in-pool`: an `InheritableThreadLocal` read in pool code reads the value its
 * pooled thread copied when it was created, not the submitter's; a `TransmittableThreadLocal` carries
 * the submitter's value into each task. See docs/rules/no-inheritable-in-pool.md.
 */
export const noInheritableInPool = createRule<Options, MessageId>({
  name: 'no-inheritable-in-pool',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow reading an `InheritableThreadLocal` in code that runs on a thread pool',
      recommended: 'recommended',
    },
    hasSuggestions: true,
    messages: {
      inheritableReadInPool:
        '`{{name}}.get()` runs on a pooled thread, and `{{name}}` is an `InheritableThreadLocal`: the pooled thread copied its value once, when the thread was created, so this task reads the value of whatever code caused that (often another request\'s), not its submitter\'s. Create it as a `TransmittableThreadLocal`, whose value `ThreadPool#execute`/`#submit` capture when the task is submitted and restore after it.',
      useTransmittable: 'Create `{{name}}` as a `TransmittableThreadLocal`.',
    },
    schema: [
      {
        type: 'object',
        properties: {
          ...POOL_CODE_OPTION_SCHEMA,
        },
        additionalProperties: false,
      },
    ],
    defaultOptions: [{ checkTypes: false, executors: [] }],
  },
  defaultOptions: [{ checkTypes: false, executors: [] }],
  create(context, [options]) {
    const { sourceCode } = context;
    const recognizer = getThreadLocalRecognizer(sourceCode, context);
    const typed = options.checkTypes ? getTypedRecognizer(context) : null;
    const executors: ReadonlySet<string> = new Set(options.executors ?? []);
    // Without executors, pool code needs a recognized `ThreadPool` receiver, which only a recognized import
    // or a relative import used as one (`pool.submit(f)`) provides; with executors, a relative import that
    // is only read (`requestId.get()`) may still bind an InheritableThreadLocal.
    const nothingToFind = executors.size > 0 ? recognizer.recognizesNothing : !recognizer.hasRecognizedImports;
    if (!typed && nothingToFind) return {};

    const reads: TSESTree.CallExpression[] = [];
    const poolCalls: TSESTree.CallExpression[] = [];

    function kindOf(receiver: TSESTree.Expression): RecognizedKind | null {
      return recognizer.instanceKind(receiver) ?? (typed ? typed.kindOf(receiver) : null);
    }

    /** Whether pool code reads the receiver's value frozen: an `InheritableThreadLocal`, not a transmittable one. */
    function isFrozenInPool(receiver: TSESTree.Expression): boolean {
      if (getFrozenInPoolRecognizer(sourceCode, context).instanceKind(receiver) === 'thread-local') return true;
      return typed !== null && kindOf(receiver) === 'thread-local' && getTypedFrozenInPool(context).isFrozenInPool(receiver);
    }

    /**
     * Whether the task gives the thread-local a value of its own before the read (`set`, `runWith`,
     * `scope` on the same receiver, earlier in the task): the read then sees that value, not an
     * inherited one. Errs towards silence: a `set()` on one branch only counts too.
     */
    function hasOwnValueBefore(read: TSESTree.CallExpression, key: string, task: FunctionNode): boolean {
      let found = false;
      forEachNode(sourceCode, task.body, (node) => {
        if (found || node.range[0] >= read.range[0]) return false;
        if (node.type !== AST_NODE_TYPES.CallExpression || node.callee.type !== AST_NODE_TYPES.MemberExpression) {
          return undefined;
        }
        const method = propertyName(node.callee.property, node.callee.computed);
        const role = method === null ? null : roleOf('thread-local', method);
        if ((role === 'set' || role === 'scoped') && dottedName(node.callee.object) === key) found = true;
        return undefined;
      });
      return found;
    }

    function report(read: TSESTree.CallExpression, pool: ReadonlySet<FunctionNode>): void {
      const task = poolFunctionAround(read, pool);
      if (!task) return;
      const receiver = (unwrapExpression(read.callee) as TSESTree.MemberExpression).object;
      if (!isFrozenInPool(receiver)) return;
      const key = dottedName(receiver);
      if (key !== null && hasOwnValueBefore(read, key, task)) return;
      const name = sourceCode.getText(receiver);
      const fix = transmittableFix(sourceCode, receiver);
      context.report({
        node: read,
        messageId: 'inheritableReadInPool',
        data: { name },
        suggest: fix ? [{ messageId: 'useTransmittable', data: { name }, fix }] : [],
      });
    }

    const listeners: TSESLint.RuleListener = {
      [READ_SELECTOR](node: TSESTree.CallExpression) {
        reads.push(node);
      },
      [POOL_SELECTOR](node: TSESTree.CallExpression) {
        poolCalls.push(node);
      },
      'Program:exit'() {
        if (reads.length === 0) return;
        const pool = poolFunctionsOf({ calls: poolCalls, executors, kindOf, recognizer });
        if (pool.size === 0) return;
        for (const read of reads) report(read, pool);
      },
    };
    if (executors.size > 0) {
      listeners.CallExpression = (node) => {
        if (executors.has(dottedName(node.callee) ?? '')) poolCalls.push(node);
      };
    }
    return listeners;
  },
});

/** A selector alternative per method name: `…[callee.property.name="get"]`. */
function methodSelector(names: Iterable<string>, argumentCount: number): string {
  return [...names]
    .map(
      (name) =>
        `CallExpression[arguments.length=${argumentCount}][callee.type="MemberExpression"][callee.property.name="${name}"]`,
    )
    .join(', ');
}

/** The reads of a thread-local's value: `x.get()` (the shared vocabulary's `read` role). */
const READ_SELECTOR = methodSelector(VOCABULARY['thread-local'].read, 0);

/** `x.execute(f)`, `x.submit(f)`: a task handed to a `ThreadPool`, once the receiver is confirmed to be one. */
const POOL_SELECTOR = methodSelector(POOL_METHODS, 1);

/**
 * The `new` expression that created the receiver in this file: `const x = new …` (the receiver's
 * variable), or a class field `this.x` / `Class.x` initialised with one.
 */
function creationOf(
  sourceCode: Readonly<TSESLint.SourceCode>,
  receiver: TSESTree.Expression,
): TSESTree.NewExpression | null {
  const target = unwrapExpression(receiver);
  let init: TSESTree.Node | null | undefined = null;
  if (target.type === AST_NODE_TYPES.Identifier) {
    const def = ASTUtils.findVariable(sourceCode.getScope(target), target)?.defs[0];
    if (def?.node.type === AST_NODE_TYPES.VariableDeclarator) init = def.node.init;
  } else if (target.type === AST_NODE_TYPES.MemberExpression) {
    const name = propertyName(target.property, target.computed);
    const object = unwrapExpression(target.object);
    let classNode: TSESTree.ClassDeclaration | TSESTree.ClassExpression | null = null;
    if (object.type === AST_NODE_TYPES.ThisExpression) {
      classNode = enclosingClassOfThis(object);
    } else if (object.type === AST_NODE_TYPES.Identifier) {
      const def = ASTUtils.findVariable(sourceCode.getScope(object), object)?.defs[0];
      if (def?.node.type === AST_NODE_TYPES.ClassDeclaration) classNode = def.node;
    }
    const field = classNode?.body.body.find(
      (element): element is TSESTree.PropertyDefinition =>
        element.type === AST_NODE_TYPES.PropertyDefinition && propertyName(element.key, element.computed) === name,
    );
    init = field?.value;
  }
  const created = init ? unwrapExpression(init) : null;
  return created?.type === AST_NODE_TYPES.NewExpression ? created : null;
}

/**
 * Rewrites the receiver's `new InheritableThreadLocal(…)` (imported by name or through a namespace
 * from `@tlkit/core`, in this file) to `new TransmittableThreadLocal(…)`, and imports that class: the
 * existing import of it is reused, the `InheritableThreadLocal` specifier is replaced when the `new`
 * was its only use, else `TransmittableThreadLocal` is added to the same import. `null` when that is
 * not safe: the creation is elsewhere, a subclass, a `require()`, or the name is taken.
 */
function transmittableFix(
  sourceCode: Readonly<TSESLint.SourceCode>,
  receiver: TSESTree.Expression,
): TSESLint.ReportFixFunction | null {
  const created = creationOf(sourceCode, receiver);
  const callee = created ? unwrapExpression(created.callee) : null;
  if (callee?.type === AST_NODE_TYPES.MemberExpression) {
    // `new core.InheritableThreadLocal()`: the namespace has the other class too.
    const namespace = unwrapExpression(callee.object);
    const def =
      namespace.type === AST_NODE_TYPES.Identifier
        ? ASTUtils.findVariable(sourceCode.getScope(namespace), namespace)?.defs[0]
        : undefined;
    if (
      def?.node.type !== AST_NODE_TYPES.ImportNamespaceSpecifier ||
      !isCoreValueImport(def.node.parent) ||
      callee.computed ||
      propertyName(callee.property, false) !== INHERITABLE_CLASS
    ) {
      return null;
    }
    const property = callee.property;
    return (fixer) => fixer.replaceText(property, TRANSMITTABLE_CLASS);
  }
  if (callee?.type !== AST_NODE_TYPES.Identifier) return null;
  const variable = ASTUtils.findVariable(sourceCode.getScope(callee), callee);
  const specifier = variable?.defs[0]?.node;
  if (
    !variable ||
    specifier?.type !== AST_NODE_TYPES.ImportSpecifier ||
    specifier.importKind === 'type' ||
    propertyName(specifier.imported, false) !== INHERITABLE_CLASS ||
    !isCoreValueImport(specifier.parent)
  ) {
    return null;
  }
  const declaration = specifier.parent;
  const existing = coreValueImportOf(sourceCode.ast, TRANSMITTABLE_CLASS);
  if (existing) return (fixer) => fixer.replaceText(callee, existing.local.name);
  // The name the fix introduces must not already mean something else where it is used.
  if (ASTUtils.findVariable(sourceCode.getScope(callee), TRANSMITTABLE_CLASS)) return null;
  if (variable.references.length === 1) {
    return (fixer) => [fixer.replaceText(specifier, TRANSMITTABLE_CLASS), fixer.replaceText(callee, TRANSMITTABLE_CLASS)];
  }
  const last = declaration.specifiers.at(-1);
  if (last?.type !== AST_NODE_TYPES.ImportSpecifier) return null;
  return (fixer) => [
    fixer.insertTextAfter(last, `, ${TRANSMITTABLE_CLASS}`),
    fixer.replaceText(callee, TRANSMITTABLE_CLASS),
  ];
}

/** The class whose instances the rule reports (and its subclasses). */
const INHERITABLE_CLASS = 'InheritableThreadLocal';

/** Whether an import declaration imports values from `@tlkit/core` (not `import type`). */
function isCoreValueImport(node: TSESTree.Node): node is TSESTree.ImportDeclaration {
  return node.type === AST_NODE_TYPES.ImportDeclaration && node.source.value === CORE_MODULE && node.importKind !== 'type';
}

/** The value import of `name` from `@tlkit/core` in the file, if any. */
function coreValueImportOf(program: TSESTree.Program, name: string): TSESTree.ImportSpecifier | null {
  for (const statement of program.body) {
    if (!isCoreValueImport(statement)) continue;
    for (const specifier of statement.specifiers) {
      if (
        specifier.type === AST_NODE_TYPES.ImportSpecifier &&
        specifier.importKind !== 'type' &&
        propertyName(specifier.imported, false) === name
      ) {
        return specifier;
      }
    }
  }
  return null;
}
