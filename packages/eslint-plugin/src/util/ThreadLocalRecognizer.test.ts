import { RuleTester } from '@typescript-eslint/rule-tester';
import { removeInFinally } from '../rules/remove-in-finally.js';
import { staticThreadLocal } from '../rules/static-thread-local.js';
import { typedRuleTesterConfig } from '../../tests/typedFixtures.js';
import { createRule } from './createRule.js';
import { getThreadLocalRecognizer } from './ThreadLocalRecognizer.js';

/*
 * The untyped recognizer, asserted through the rules' reports: each form real code uses to reach an
 * AsyncLocalStorage or a thread-local is recognized (an `enterWith`/`set` with nothing to undo it is
 * reported), and each look-alike is not (the same code is silent).
 */

const ruleTester = new RuleTester();

const ALS = "import { AsyncLocalStorage } from 'node:async_hooks';";
const TL = "import { ThreadLocal } from '@tlkit/core';";

/** `enterWith` with no try/finally at all, inside a function: reported under any ALS model. */
const ENTER = 'export function handle(id: string) {\n  storage.enterWith(id);\n}';

/** One report of an unrestored `enterWith` at `line`, column 3. */
const enterWithReport = (line: number) => [{ messageId: 'enterWithWithoutRestore' as const, line, column: 3 }];

ruleTester.run('remove-in-finally: how AsyncLocalStorage is reached', removeInFinally, {
  valid: [
    // a local class that happens to be called AsyncLocalStorage
    `class AsyncLocalStorage<T> { enterWith(store: T) {} }\nconst storage = new AsyncLocalStorage<string>();\n${ENTER}`,
    // require() of a module that is not node:async_hooks
    `function getStorage() {\n  const { AsyncLocalStorage } = require('./async_hooks.js');\n  return new AsyncLocalStorage();\n}\nconst storage = getStorage();\n${ENTER}`,
    // `require` shadowed by a parameter, a local function, a local variable
    `function getStorage(require: (id: string) => any) {\n  const { AsyncLocalStorage } = require('node:async_hooks');\n  return new AsyncLocalStorage();\n}\nconst storage = getStorage(load);\n${ENTER}`,
    `function require(id: string): any { return registry[id]; }\nfunction getStorage() {\n  const { AsyncLocalStorage } = require('async_hooks');\n  return new AsyncLocalStorage();\n}\nconst storage = getStorage();\n${ENTER}`,
    `function getStorage() {\n  const require = makeLoader();\n  const hooks = require('node:async_hooks');\n  return new hooks.AsyncLocalStorage();\n}\nconst storage = getStorage();\n${ENTER}`,
    // `process` and `globalThis` shadowed
    `function getStorage(process: { getBuiltinModule(id: string): any }) {\n  const { AsyncLocalStorage } = process.getBuiltinModule('node:async_hooks');\n  return new AsyncLocalStorage();\n}\nconst storage = getStorage(fake);\n${ENTER}`,
    `function getStorage(globalThis: any) {\n  return new globalThis.AsyncLocalStorage();\n}\nconst storage = getStorage(sandbox);\n${ENTER}`,
    // getBuiltinModule loads builtins only: `@tlkit/core` is not one
    `const { ThreadLocal } = process.getBuiltinModule('@tlkit/core');\nconst user = new ThreadLocal();\nexport function f() { user.set('a'); }`,
    // another global's member of that name
    `const storage = new window.AsyncLocalStorage();\n${ENTER}`,
    // a factory that may return something else
    `${ALS}\nfunction storage(name: string) {\n  return name === 'x' ? new AsyncLocalStorage() : makeOther(name);\n}\nexport function handle(id: string) {\n  storage('x').enterWith(id);\n}`,
    // a registry that is also given values of unknown kind
    `${ALS}\nconst stores: Record<string, any> = {};\nstores.main = new AsyncLocalStorage();\nstores.other = makeOther();\nexport function handle(name: string, id: string) {\n  stores[name].enterWith(id);\n}`,
    // a registry that is reassigned
    `${ALS}\nlet stores: Record<string, any> = {};\nstores.main = new AsyncLocalStorage();\nexport function reset(next: Record<string, any>) { stores = next; }\nexport function handle(name: string, id: string) {\n  stores[name].enterWith(id);\n}`,
    // a lazy variable that is also given a value of unknown kind
    `${ALS}\nlet store: any;\nexport function init(next: unknown) { store = next; }\nfunction get() {\n  store ??= new AsyncLocalStorage();\n  return store;\n}\nexport function handle(id: string) {\n  get().enterWith(id);\n}`,
    // enterWith restored in a finally (the recognized forms are judged like an import)
    `function getStorage() {\n  const { AsyncLocalStorage } = require('async_hooks');\n  return new AsyncLocalStorage();\n}\nconst storage = getStorage();\nexport function handle(id: string) {\n  return storage.run(id, () => work());\n}`,
  ],
  invalid: [
    {
      // require('async_hooks') inside a function, destructured (the brief's getStorage)
      code: `function getStorage() {\n  const { AsyncLocalStorage } = require('async_hooks');\n  return new AsyncLocalStorage();\n}\nconst storage = getStorage();\n${ENTER}`,
      errors: enterWithReport(7),
    },
    {
      // require('node:async_hooks') as a namespace inside an arrow function
      code: `const getStorage = () => {\n  const hooks = require('node:async_hooks');\n  return new hooks.AsyncLocalStorage<string>();\n};\nconst storage = getStorage();\n${ENTER}`,
      errors: enterWithReport(7),
    },
    {
      // ESM's require: createRequire(import.meta.url)
      code: `import { createRequire } from 'node:module';\nconst require = createRequire(import.meta.url);\nconst { AsyncLocalStorage } = require('node:async_hooks');\nconst storage = new AsyncLocalStorage();\n${ENTER}`,
      errors: enterWithReport(6),
    },
    {
      // require(...).AsyncLocalStorage, without a binding
      code: `const storage = new (require('async_hooks').AsyncLocalStorage)();\n${ENTER}`,
      errors: enterWithReport(3),
    },
    {
      // process.getBuiltinModule, destructured
      code: `const { AsyncLocalStorage } = process.getBuiltinModule('node:async_hooks');\nconst storage = new AsyncLocalStorage();\n${ENTER}`,
      errors: enterWithReport(4),
    },
    {
      // process.getBuiltinModule, as a namespace, inside a function
      code: `function getStorage() {\n  const hooks = process.getBuiltinModule('async_hooks');\n  return new hooks.AsyncLocalStorage();\n}\nconst storage = getStorage();\n${ENTER}`,
      errors: enterWithReport(7),
    },
    {
      // globalThis.AsyncLocalStorage and global.AsyncLocalStorage
      code: `const storage = new globalThis.AsyncLocalStorage();\n${ENTER}\nconst other = new global.AsyncLocalStorage();\nexport function again(id: string) {\n  other.enterWith(id);\n}`,
      errors: [...enterWithReport(3), ...enterWithReport(7)],
    },
    {
      // const { AsyncLocalStorage } = await import('node:async_hooks') inside an async factory
      code: "async function makeStorage() {\n  const { AsyncLocalStorage } = await import('node:async_hooks');\n  return new AsyncLocalStorage<string>();\n}\nexport async function handle(id: string) {\n  const storage = await makeStorage();\n  storage.enterWith(id);\n}",
      errors: enterWithReport(7),
    },
    {
      // a same-file factory, called inline and through a variable
      code: `${ALS}\nfunction storage(name: string) {\n  log(name);\n  return new AsyncLocalStorage<string>();\n}\nexport function handle(id: string) {\n  storage('x').enterWith(id);\n}\nexport function handleLegacy(id: string) {\n  const s = storage('legacy');\n  s.enterWith(id);\n}`,
      errors: [...enterWithReport(7), ...enterWithReport(11)],
    },
    {
      // a registry memoised with ??=
      code: `${ALS}\nconst stores: Record<string, AsyncLocalStorage<string>> = {};\nconst storage = (name: string) => (stores[name] ??= new AsyncLocalStorage());\nexport function handle(id: string) {\n  storage('legacy').enterWith(id);\n}`,
      errors: enterWithReport(5),
    },
    {
      // a registry memoised with `if (!stores[name]) stores[name] = new …; return stores[name];`
      code: `${ALS}\nconst stores = Object.create(null);\nfunction storage(name: string) {\n  if (!stores[name]) stores[name] = new AsyncLocalStorage();\n  return stores[name];\n}\nexport function handle(id: string) {\n  const s = storage('legacy');\n  s.enterWith(id);\n}`,
      errors: enterWithReport(9),
    },
    {
      // a Map registry: `let s = map.get(k); if (!s) { s = new …; map.set(k, s); } return s;`
      code: `${ALS}\nconst stores = new Map<string, AsyncLocalStorage<string>>();\nexport class Registry {\n  static storage(name: string) {\n    let s = stores.get(name);\n    if (!s) {\n      s = new AsyncLocalStorage();\n      stores.set(name, s);\n    }\n    return s;\n  }\n}\nexport function handle(id: string) {\n  Registry.storage('a').enterWith(id);\n}\nexport function handleAgain(id: string) {\n  stores.get('a')?.enterWith(id);\n}`,
      errors: [...enterWithReport(14), ...enterWithReport(17)],
    },
    {
      // a lazy singleton: `let store; … store ??= new …`
      code: `${ALS}\nlet store: AsyncLocalStorage<string> | undefined;\nfunction get() {\n  if (!store) store = new AsyncLocalStorage();\n  return store;\n}\nexport function handle(id: string) {\n  get().enterWith(id);\n}`,
      errors: enterWithReport(8),
    },
    {
      // factories followed through other factories (3 levels)
      code: `${ALS}\nconst make = () => new AsyncLocalStorage();\nconst viaOne = () => make();\nconst viaTwo = () => viaOne();\nexport function handle(id: string) {\n  viaTwo().enterWith(id);\n}`,
      errors: enterWithReport(6),
    },
    {
      // this.enterWith inside a subclass of AsyncLocalStorage
      code: `${ALS}\nexport class RequestStore extends AsyncLocalStorage<string> {\n  bind(id: string) {\n    this.enterWith(id);\n  }\n}`,
      errors: [{ messageId: 'enterWithWithoutRestore', line: 4, column: 5 }],
    },
  ],
});

ruleTester.run('remove-in-finally: thread-local subclasses and factories', removeInFinally, {
  valid: [
    // this.set undone by this.remove in the subclass's own finally
    `${TL}\nexport class RequestUser extends ThreadLocal<string> {\n  with<R>(user: string, fn: () => R): R {\n    this.set(user);\n    try {\n      return fn();\n    } finally {\n      this.remove();\n    }\n  }\n}`,
    // in a static method, `this` is the class, not a thread-local
    `${TL}\nexport class RequestUser extends ThreadLocal<string> {\n  static configure(value: string) {\n    this.set(value);\n  }\n}`,
    // a subclass of something else
    "export class Settings extends Store<string> {\n  update(value: string) {\n    this.set(value);\n  }\n}",
    // `this` of a plain function inside the subclass is not the instance
    `${TL}\nexport class RequestUser extends ThreadLocal<string> {\n  later() {\n    return function (this: Holder, value: string) {\n      this.set(value);\n    };\n  }\n}`,
    // a factory that returns a look-alike
    "class ThreadLocal<T> { set(value: T) {} }\nconst make = () => new ThreadLocal<string>();\nexport function f() {\n  make().set('a');\n}",
  ],
  invalid: [
    {
      // this.set in a subclass's method, reported with `this` as the name
      code: `${TL}\nexport class RequestUser extends ThreadLocal<string> {\n  bind(user: string) {\n    this.set(user);\n    audit(user);\n  }\n}`,
      errors: [
        {
          messageId: 'missingRemove',
          data: { name: 'this' },
          line: 4,
          column: 5,
          suggestions: [
            {
              messageId: 'wrapInTryFinally',
              data: { name: 'this' },
              output: `${TL}\nexport class RequestUser extends ThreadLocal<string> {\n  bind(user: string) {\n    this.set(user);\n    try {\n      audit(user);\n    } finally {\n      this.remove();\n    }\n  }\n}`,
            },
          ],
        },
      ],
    },
    {
      // this.set in an arrow function inside a subclass of a subclass declared by a class expression
      code: `${TL}\nconst Base = class extends ThreadLocal<string> {};\nexport class RequestUser extends Base {\n  handler = (user: string) => {\n    this.set(user);\n  };\n}`,
      errors: [{ messageId: 'missingRemove', data: { name: 'this' }, line: 5, column: 5, suggestions: [] }],
    },
    {
      // an anonymous subclass instantiated inline, then set
      code: `${TL}\nconst user = new (class extends ThreadLocal<string> {})();\nexport function f() {\n  user.set('a');\n}`,
      errors: [{ messageId: 'missingRemove', line: 4, column: 3, suggestions: [] }],
    },
    {
      // a same-file factory of thread-locals
      code: `${TL}\nconst locals: Record<string, ThreadLocal<string>> = {};\nfunction local(name: string) {\n  return (locals[name] ??= new ThreadLocal<string>());\n}\nexport function f() {\n  local('user').set('a');\n}`,
      errors: [{ messageId: 'missingRemove', line: 7, column: 3, suggestions: [] }],
    },
  ],
});

ruleTester.run('static-thread-local: anonymous and class-expression subclasses', staticThreadLocal, {
  valid: [
    // created once, at module level
    `${TL}\nexport const user = new (class extends ThreadLocal<string> {})();`,
    `${TL}\nconst Sub = class extends ThreadLocal<string> {};\nexport const user = new Sub();`,
    // an anonymous class that extends something else
    'export function f() {\n  return new (class extends Base {})();\n}',
    // a class expression whose base is a look-alike
    'class ThreadLocal {}\nconst Sub = class extends ThreadLocal {};\nexport function f() {\n  return new Sub();\n}',
  ],
  invalid: [
    {
      code: `${TL}\nfunction f() {\n  const user = new (class extends ThreadLocal<string> {})();\n  return user;\n}`,
      errors: [
        {
          messageId: 'createdRepeatedly',
          line: 3,
          column: 16,
          suggestions: [
            {
              messageId: 'hoistToModuleConst',
              output: `${TL}\nconst user = new (class extends ThreadLocal<string> {})();\nfunction f() {\n  return user;\n}`,
            },
          ],
        },
      ],
    },
    {
      code: `${TL}\nconst Sub = class extends ThreadLocal<string> {};\nfunction f() {\n  return new Sub();\n}`,
      errors: [{ messageId: 'createdRepeatedly', line: 4, column: 10 }],
    },
    {
      // a subclass declared inside a function, of a class imported at top level
      code: `${TL}\nfunction f() {\n  class Local extends ThreadLocal<string> {}\n  return new Local();\n}`,
      errors: [{ messageId: 'createdRepeatedly', line: 4, column: 10 }],
    },
    {
      // a subclass declared inside a function, of a class required there
      code: "function f() {\n  const { ThreadLocal } = require('@tlkit/core');\n  class Local extends ThreadLocal {}\n  return new Local();\n}",
      errors: [{ messageId: 'createdRepeatedly', line: 4, column: 10 }],
    },
  ],
});

// With type information, `this` in a subclass of a class imported from another file is its base's kind.
new RuleTester(typedRuleTesterConfig).run('remove-in-finally: this in a subclass, by type', removeInFinally, {
  valid: [
    {
      code: "import { RequestLocal } from './subclass.js';\nexport class UserLocal extends RequestLocal<string> {\n  static configure(value: string) {\n    this.set(value);\n  }\n}",
      options: [{ checkTypes: true }],
    },
  ],
  invalid: [
    {
      code: "import { RequestLocal } from './subclass.js';\nexport class UserLocal extends RequestLocal<string> {\n  bind(user: string) {\n    this.set(user);\n  }\n}",
      options: [{ checkTypes: true }],
      errors: [{ messageId: 'missingRemove', data: { name: 'this' }, line: 4, column: 5, suggestions: [] }],
    },
    {
      code: "import { StorageSubclass } from './subclass.js';\nexport class Requests extends StorageSubclass {\n  bind(id: string) {\n    this.enterWith(id);\n  }\n}",
      options: [{ checkTypes: true }],
      errors: [{ messageId: 'enterWithWithoutRestore', line: 4, column: 5 }],
    },
  ],
});

// Which `new` callees the typed rules need not ask the checker about: a class that extends nothing or a
// global, here or in a relatively imported module. Asserted through a probe rule that reports each verdict.
const plainClassProbe = createRule<[], 'plain' | 'notPlain'>({
  name: 'plain-class-probe',
  meta: {
    type: 'problem',
    docs: { description: 'Test probe: reports whether each `new` callee is a plain class' },
    messages: { plain: 'plain', notPlain: 'not plain' },
    schema: [],
  },
  defaultOptions: [],
  create(context) {
    const recognizer = getThreadLocalRecognizer(context.sourceCode, context);
    return {
      NewExpression(node) {
        context.report({ node, messageId: recognizer.isPlainClassReference(node.callee) ? 'plain' : 'notPlain' });
      },
    };
  },
});

new RuleTester(typedRuleTesterConfig).run('isPlainClassReference', plainClassProbe, {
  valid: [],
  invalid: [
    {
      code: `${TL}\nclass Plain {}\nclass Failure extends Error {}\nclass Local extends ThreadLocal<string> {}\nclass Shadow extends AsyncLocalStorage {}\nnew Plain();\nnew Failure();\nnew Local();\nnew Shadow();\nnew ThreadLocal();`,
      errors: [
        { messageId: 'plain', line: 6 },
        { messageId: 'plain', line: 7 },
        { messageId: 'notPlain', line: 8 },
        // a global named like a recognized class is never taken for plain
        { messageId: 'notPlain', line: 9 },
        { messageId: 'notPlain', line: 10 },
      ],
    },
    {
      // fixtures/subclass.ts: RequestLocal extends a thread-local, SubclassError extends Error;
      // lookalike.ts names no known package, so it is not even parsed: unknown, never taken for plain
      code: "import { RequestLocal, SubclassError } from './subclass.js';\nimport { ThreadLocal } from './lookalike.js';\nnew RequestLocal();\nnew SubclassError();\nnew ThreadLocal();",
      errors: [
        { messageId: 'notPlain', line: 3 },
        { messageId: 'plain', line: 4 },
        { messageId: 'notPlain', line: 5 },
      ],
    },
  ],
});
