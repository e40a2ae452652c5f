import { RuleTester } from '@typescript-eslint/rule-tester';
import { COSTS, staticThreadLocal } from './static-thread-local.js';
import { typedRuleTesterConfig } from '../../tests/typedFixtures.js';

const TL = COSTS['thread-local'];

const IMPORT = "import { ThreadLocal, InheritableThreadLocal } from '@tlkit/core';";

const ruleTester = new RuleTester();

ruleTester.run('static-thread-local', staticThreadLocal, {
  valid: [
    // module-level const, exported or not
    `${IMPORT}\nconst user = new ThreadLocal<string>();`,
    `${IMPORT}\nexport const user = new InheritableThreadLocal<string>();`,
    `${IMPORT}\nexport const counter = ThreadLocal.withInitial(() => 0);`,
    `${IMPORT}\nconst user = new ThreadLocal<string>() as ThreadLocal<string>;`,
    // static readonly fields, also #private
    `${IMPORT}\nexport class Context {\n  static readonly user = new ThreadLocal<string>();\n  static readonly #tx = ThreadLocal.withInitial(() => []);\n}`,
    `${IMPORT}\nexport const Holder = class {\n  private static readonly conn = new ThreadLocal<object>();\n};`,
    // aliased, namespace, require, destructured namespace
    "import { ThreadLocal as TL } from '@tlkit/core';\nconst a = new TL();",
    "import * as core from '@tlkit/core';\nconst a = new core.ThreadLocal();\nconst b = core.ThreadLocal.withInitial(() => 1);",
    "const { ThreadLocal } = require('@tlkit/core');\nconst a = new ThreadLocal();",
    "import * as core from '@tlkit/core';\nconst { InheritableThreadLocal: ITL } = core;\nconst a = new ITL();",
    // in-file subclasses, created at module level
    `${IMPORT}\nclass A extends ThreadLocal<number> {}\nclass B extends A {}\nconst b = new B();`,
    // AsyncLocalStorage
    "import { AsyncLocalStorage } from 'node:async_hooks';\nexport const als = new AsyncLocalStorage<string>();",
    "import { AsyncLocalStorage } from 'async_hooks';\nconst als = new AsyncLocalStorage();",
    // created once at module evaluation, outside a binding
    `${IMPORT}\nexport default new ThreadLocal<string>();`,
    `${IMPORT}\nexport const slots = { user: new ThreadLocal<string>() };`,
    // not a thread-local: a local class that happens to be called ThreadLocal
    'class ThreadLocal<T> { value?: T }\nfunction f() { return new ThreadLocal(); }',
    'class InheritableThreadLocal {}\nexport class Foo { x = new InheritableThreadLocal(); }',
    // not a thread-local: shadowed import
    `${IMPORT}\nfunction f(ThreadLocal: new () => object) { return new ThreadLocal(); }`,
    // ThreadLocal from somewhere else
    "import { ThreadLocal } from './my-thread-local.js';\nfunction f() { return new ThreadLocal(); }",
    "import { ThreadLocal } from '@tlkit/core/internal';\nfunction f() { return new ThreadLocal(); }",
    // ThreadPool and Thread are not thread-locals
    "import { ThreadPool, Thread } from '@tlkit/core';\nfunction f() { const p = new ThreadPool({ size: 2 }); return new Thread(() => p); }",
    // unrelated creations
    'function f() { return new Map<string, number>(); }',
    `${IMPORT}\nfunction f() { return [new Map(), new Set(), new WeakMap()]; }`,
  ],
  invalid: [
    {
      code: `${IMPORT}\nfunction handle() {\n  const user = new ThreadLocal<string>();\n  return user.get();\n}`,
      errors: [
        {
          messageId: 'createdRepeatedly',
          data: { where: 'function', cost: TL.cost },
          line: 3,
          column: 16,
          suggestions: [
            {
              messageId: 'hoistToModuleConst',
              output: `${IMPORT}\nconst user = new ThreadLocal<string>();\nfunction handle() {\n  return user.get();\n}`,
            },
          ],
        },
      ],
    },
    {
      // hoisting is not offered when the creation refers to local state
      code: `${IMPORT}\nexport function handle(seed: number) {\n  const counter = ThreadLocal.withInitial(() => seed);\n  return counter.get();\n}`,
      errors: [{ messageId: 'createdRepeatedly', line: 3, column: 19, suggestions: [] }],
    },
    {
      // … nor when the name is taken at module level
      code: `${IMPORT}\nconst user = 1;\nfunction handle() {\n  const user = new ThreadLocal<string>();\n  return user;\n}`,
      errors: [{ messageId: 'createdRepeatedly', line: 4, column: 16, suggestions: [] }],
    },
    {
      code: `${IMPORT}\nexport class Service {\n  private user = new ThreadLocal<string>();\n  name() {\n    return this.user.get();\n  }\n}`,
      errors: [
        {
          messageId: 'instanceField', data: { cost: TL.cost },
          line: 3,
          column: 18,
          suggestions: [
            {
              messageId: 'makeStaticReadonly',
              output: `${IMPORT}\nexport class Service {\n  private static readonly user = new ThreadLocal<string>();\n  name() {\n    return Service.user.get();\n  }\n}`,
            },
          ],
        },
      ],
    },
    {
      code: `${IMPORT}\nexport class Service {\n  #user = new InheritableThreadLocal<string>();\n  name() {\n    return this.#user.get();\n  }\n}`,
      errors: [
        {
          messageId: 'instanceField', data: { cost: TL.cost },
          line: 3,
          column: 11,
          suggestions: [
            {
              messageId: 'makeStaticReadonly',
              output: `${IMPORT}\nexport class Service {\n  static readonly #user = new InheritableThreadLocal<string>();\n  name() {\n    return Service.#user.get();\n  }\n}`,
            },
          ],
        },
      ],
    },
    {
      // public instance field: other files may use `instance.user`, so no suggestion
      // `this.user` of a nested class is another class's member: moving the field would break it
      code: `${IMPORT}\nexport class Service {\n  private user = new ThreadLocal<string>();\n  inner() {\n    return class {\n      user = 1;\n      get() {\n        return this.user;\n      }\n    };\n  }\n}`,
      errors: [{ messageId: 'instanceField', data: { cost: TL.cost }, line: 3, column: 18, suggestions: [] }],
    },
    {
      code: `${IMPORT}\nexport class Service {\n  readonly user = new ThreadLocal<string>();\n}`,
      errors: [{ messageId: 'instanceField', data: { cost: TL.cost }, line: 3, column: 19, suggestions: [] }],
    },
    {
      // a field used through another instance cannot become static mechanically
      code: `${IMPORT}\nexport class Service {\n  private user = new ThreadLocal<string>();\n  same(other: Service) {\n    return other.user === this.user;\n  }\n}`,
      errors: [{ messageId: 'instanceField', data: { cost: TL.cost }, line: 3, column: 18, suggestions: [] }],
    },
    {
      code: `${IMPORT}\nexport class Service {\n  private readonly user: ThreadLocal<string>;\n  constructor() {\n    this.user = new ThreadLocal<string>();\n  }\n}`,
      errors: [{ messageId: 'createdRepeatedly', data: { where: 'constructor', cost: TL.cost }, line: 5, column: 17, suggestions: [] }],
    },
    {
      code: `${IMPORT}\nexport class Service {\n  static user = new ThreadLocal<string>();\n}`,
      errors: [
        {
          messageId: 'staticNotReadonly',
          data: { name: 'user', replaced: TL.replaced },
          line: 3,
          column: 17,
          suggestions: [
            {
              messageId: 'makeStaticReadonly',
              output: `${IMPORT}\nexport class Service {\n  static readonly user = new ThreadLocal<string>();\n}`,
            },
          ],
        },
      ],
    },
    {
      // reassigned elsewhere: adding readonly would not compile
      code: `${IMPORT}\nexport class Service {\n  static user = new ThreadLocal<string>();\n  static reset() {\n    Service.user = new ThreadLocal<string>();\n  }\n}`,
      errors: [
        { messageId: 'staticNotReadonly', line: 3, column: 17, suggestions: [] },
        { messageId: 'createdRepeatedly', data: { where: 'method', cost: TL.cost }, line: 5, column: 20, suggestions: [] },
      ],
    },
    {
      code: `${IMPORT}\nexport let user = new ThreadLocal<string>();`,
      errors: [
        {
          messageId: 'mutableBinding',
          data: { name: 'user', keyword: 'let', replaced: TL.replaced },
          line: 2,
          column: 19,
          suggestions: [{ messageId: 'hoistToModuleConst', output: `${IMPORT}\nexport const user = new ThreadLocal<string>();` }],
        },
      ],
    },
    {
      code: `${IMPORT}\nvar user = new ThreadLocal<string>();\nuser = new ThreadLocal<string>();`,
      errors: [
        { messageId: 'mutableBinding', data: { name: 'user', keyword: 'var', replaced: TL.replaced }, line: 2, column: 12, suggestions: [] },
      ],
    },
    {
      code: `${IMPORT}\nexport const handler = () => {\n  const t = new ThreadLocal();\n  return t;\n};`,
      errors: [
        {
          messageId: 'createdRepeatedly',
          data: { where: 'arrow function', cost: TL.cost },
          line: 3,
          column: 13,
          suggestions: [
            {
              messageId: 'hoistToModuleConst',
              output: `${IMPORT}\nconst t = new ThreadLocal();\nexport const handler = () => {\n  return t;\n};`,
            },
          ],
        },
      ],
    },
    {
      code: `${IMPORT}\n[1, 2].map(() => new ThreadLocal<number>());`,
      errors: [{ messageId: 'createdRepeatedly', data: { where: 'callback', cost: TL.cost }, line: 2, column: 18, suggestions: [] }],
    },
    {
      code: `${IMPORT}\nconst locals: ThreadLocal<number>[] = [];\nfor (let i = 0; i < 3; i++) {\n  locals.push(new ThreadLocal<number>());\n}`,
      errors: [{ messageId: 'createdRepeatedly', data: { where: 'loop', cost: TL.cost }, line: 4, column: 15, suggestions: [] }],
    },
    {
      code: `${IMPORT}\nexport class Service {\n  get user() {\n    return ThreadLocal.withInitial(() => 'anonymous');\n  }\n}`,
      errors: [{ messageId: 'createdRepeatedly', data: { where: 'accessor', cost: TL.cost }, line: 4, column: 12 }],
    },
    {
      // a static readonly field of a class that is itself created per call
      code: `${IMPORT}\nexport function makeContext() {\n  return class Context {\n    static readonly user = new ThreadLocal<string>();\n  };\n}`,
      errors: [{ messageId: 'createdRepeatedly', data: { where: 'function', cost: TL.cost }, line: 4, column: 28 }],
    },
    {
      // in-file subclass chains, aliases and namespaces
      code: `${IMPORT}\nclass RequestLocal<T> extends ThreadLocal<T> {}\nclass UserLocal extends RequestLocal<string> {}\nfunction f() { return new UserLocal(); }`,
      errors: [{ messageId: 'createdRepeatedly', line: 4, column: 23 }],
    },
    {
      code: "import * as tlkit from '@tlkit/core';\nconst TL = tlkit.InheritableThreadLocal;\nexport function f() { return new TL(); }",
      errors: [{ messageId: 'createdRepeatedly', line: 3, column: 30 }],
    },
    {
      code: "import * as hooks from 'node:async_hooks';\nexport class Tracer {\n  storage = new hooks.AsyncLocalStorage<string>();\n}",
      errors: [
        {
          messageId: 'instanceField',
          // An AsyncLocalStorage strands no map entry: its message names its own cost.
          data: {
            cost: 'every instance, once used, stays enabled and is copied onto every promise the process creates, slowing each `await`',
          },
          line: 3,
          column: 13,
          suggestions: [],
        },
      ],
    },
    {
      code: "import { AsyncLocalStorage as ALS } from 'node:async_hooks';\nexport function middleware() {\n  const als = new ALS<string>();\n  return als;\n}",
      errors: [
        {
          messageId: 'createdRepeatedly',
          data: { where: 'function', cost: COSTS['async-local-storage'].cost },
          line: 3,
          column: 15,
          suggestions: [
            {
              messageId: 'hoistToModuleConst',
              output:
                "import { AsyncLocalStorage as ALS } from 'node:async_hooks';\nconst als = new ALS<string>();\nexport function middleware() {\n  return als;\n}",
            },
          ],
        },
      ],
    },
    {
      code: `${IMPORT}\nexport class Service {\n  slots = { user: new ThreadLocal<string>() };\n}`,
      errors: [{ messageId: 'instanceField', data: { cost: TL.cost }, line: 3, column: 19, suggestions: [] }],
    },
  ],
});

const typedRuleTester = new RuleTester(typedRuleTesterConfig);

typedRuleTester.run('static-thread-local (typed)', staticThreadLocal, {
  valid: [
    {
      code: "import { RequestLocal } from './subclass.js';\nexport const user = new RequestLocal<string>();",
      options: [{ checkTypes: true }],
    },
    {
      // a look-alike declared outside @tlkit/core
      code: "import { ThreadLocal } from './lookalike.js';\nexport function f() { return new ThreadLocal<string>(); }",
      options: [{ checkTypes: true }],
    },
    {
      // unresolved imports have error types: never a report, never a crash
      code: "import { Missing } from './does-not-exist.js';\nexport function f() { return new Missing(); }",
      options: [{ checkTypes: true }],
    },
    {
      code: 'export function f() { return [new Map(), new Set<string>(), new URLSearchParams()]; }',
      options: [{ checkTypes: true }],
    },
  ],
  invalid: [
    {
      // without checkTypes too: the untyped recognizer follows the relative import to subclass.ts
      code: "import { RequestLocal } from './subclass.js';\nexport function f() { return new RequestLocal<string>(); }",
      errors: [{ messageId: 'createdRepeatedly', data: { where: 'function', cost: TL.cost }, line: 2, column: 30 }],
    },
    {
      code: "import { RequestLocal } from './subclass.js';\nexport function f() {\n  return new RequestLocal<string>();\n}",
      options: [{ checkTypes: true }],
      errors: [{ messageId: 'createdRepeatedly', data: { where: 'function', cost: TL.cost }, line: 3, column: 10 }],
    },
    {
      code: "import { RequestLocal } from './subclass.js';\nclass UserLocal extends RequestLocal<string> {}\nexport class Service {\n  user = new UserLocal();\n}",
      options: [{ checkTypes: true }],
      errors: [{ messageId: 'instanceField', data: { cost: TL.cost }, line: 4, column: 10, suggestions: [] }],
    },
    {
      code: "import { RequestLocal } from './subclass.js';\nexport function f() {\n  return RequestLocal.withInitial(() => 1);\n}",
      options: [{ checkTypes: true }],
      errors: [{ messageId: 'createdRepeatedly', line: 3, column: 10 }],
    },
    {
      code: "import { StorageSubclass } from './subclass.js';\nexport let storage = new StorageSubclass();",
      options: [{ checkTypes: true }],
      errors: [
        {
          messageId: 'mutableBinding',
          line: 2,
          column: 22,
          suggestions: [
            {
              messageId: 'hoistToModuleConst',
              output: "import { StorageSubclass } from './subclass.js';\nexport const storage = new StorageSubclass();",
            },
          ],
        },
      ],
    },
  ],
});
