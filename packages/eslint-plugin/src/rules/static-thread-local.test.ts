import { RuleTester } from '@typescript-eslint/rule-tester';
import { COSTS, staticThreadLocal } from './static-thread-local.js';
import { typedRuleTesterConfig } from '../../tests/typedFixtures.js';

const TL = COSTS['thread-local'];
const ALS = COSTS['async-local-storage'];

const IMPORT = "import { ThreadLocal, InheritableThreadLocal } from '@tlkit/core';";

const ruleTester = new RuleTester();

ruleTester.run('static-thread-local', staticThreadLocal, {
  valid: [
    // a private static that the file never reassigns is created once (MikroORM's RequestContext)
    `${IMPORT}\nexport class RequestContext {\n  private static storage = new ThreadLocal<string>();\n  static #other = new ThreadLocal<string>();\n  static current() {\n    return RequestContext.storage.get() ?? RequestContext.#other.get();\n  }\n}`,
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
          data: { noun: 'thread-local', where: 'function', cost: TL.cost },
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
          messageId: 'instanceField', data: { noun: 'thread-local', cost: TL.cost },
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
          messageId: 'instanceField', data: { noun: 'thread-local', cost: TL.cost },
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
      errors: [{ messageId: 'instanceField', data: { noun: 'thread-local', cost: TL.cost }, line: 3, column: 18, suggestions: [] }],
    },
    {
      code: `${IMPORT}\nexport class Service {\n  readonly user = new ThreadLocal<string>();\n}`,
      errors: [{ messageId: 'instanceField', data: { noun: 'thread-local', cost: TL.cost }, line: 3, column: 19, suggestions: [] }],
    },
    {
      // a field used through another instance cannot become static mechanically
      code: `${IMPORT}\nexport class Service {\n  private user = new ThreadLocal<string>();\n  same(other: Service) {\n    return other.user === this.user;\n  }\n}`,
      errors: [{ messageId: 'instanceField', data: { noun: 'thread-local', cost: TL.cost }, line: 3, column: 18, suggestions: [] }],
    },
    {
      code: `${IMPORT}\nexport class Service {\n  private readonly user: ThreadLocal<string>;\n  constructor() {\n    this.user = new ThreadLocal<string>();\n  }\n}`,
      // assigned in the constructor: one per instance, like a field initializer
      errors: [{ messageId: 'instanceField', data: { noun: 'thread-local', cost: TL.cost }, line: 5, column: 17, suggestions: [] }],
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
        { messageId: 'createdRepeatedly', data: { noun: 'thread-local', where: 'method', cost: TL.cost }, line: 5, column: 20, suggestions: [] },
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
      code: `${IMPORT}\nexport const handler = () => {\n  const t = new ThreadLocal();\n  t.set(1);\n};`,
      errors: [
        {
          messageId: 'createdRepeatedly',
          data: { noun: 'thread-local', where: 'arrow function', cost: TL.cost },
          line: 3,
          column: 13,
          suggestions: [
            {
              messageId: 'hoistToModuleConst',
              output: `${IMPORT}\nconst t = new ThreadLocal();\nexport const handler = () => {\n  t.set(1);\n};`,
            },
          ],
        },
      ],
    },
    {
      code: `${IMPORT}\n[1, 2].map(() => new ThreadLocal<number>());`,
      errors: [{ messageId: 'createdRepeatedly', data: { noun: 'thread-local', where: 'callback', cost: TL.cost }, line: 2, column: 18, suggestions: [] }],
    },
    {
      code: `${IMPORT}\nconst locals: ThreadLocal<number>[] = [];\nfor (let i = 0; i < 3; i++) {\n  locals.push(new ThreadLocal<number>());\n}`,
      errors: [{ messageId: 'createdRepeatedly', data: { noun: 'thread-local', where: 'loop', cost: TL.cost }, line: 4, column: 15, suggestions: [] }],
    },
    {
      code: `${IMPORT}\nexport class Service {\n  get user() {\n    return ThreadLocal.withInitial(() => 'anonymous');\n  }\n}`,
      errors: [{ messageId: 'createdRepeatedly', data: { noun: 'thread-local', where: 'accessor', cost: TL.cost }, line: 4, column: 12 }],
    },
    {
      // a static readonly field of a class that is itself created per call
      code: `${IMPORT}\nexport function makeContext() {\n  return class Context {\n    static readonly user = new ThreadLocal<string>();\n  };\n}`,
      errors: [{ messageId: 'createdRepeatedly', data: { noun: 'thread-local', where: 'function', cost: TL.cost }, line: 4, column: 28 }],
    },
    {
      // in-file subclass chains, aliases and namespaces
      code: `${IMPORT}\nclass RequestLocal<T> extends ThreadLocal<T> {}\nclass UserLocal extends RequestLocal<string> {}\nfunction f() { return new UserLocal(); }`,
      errors: [{ messageId: 'createdRepeatedly', line: 4, column: 23 }],
    },
    {
      code: "import * as tlkit from '@tlkit/core';\nconst TL = tlkit.InheritableThreadLocal;\nexport function f() { new TL().set(1); }",
      errors: [{ messageId: 'createdRepeatedly', line: 3, column: 23 }],
    },
    {
      code: "import * as hooks from 'node:async_hooks';\nexport class Tracer {\n  storage = new hooks.AsyncLocalStorage<string>();\n}",
      errors: [
        {
          messageId: 'instanceField',
          // An AsyncLocalStorage strands no map entry: its message names its own cost.
          data: { noun: 'AsyncLocalStorage', cost: ALS.cost },
          line: 3,
          column: 13,
          suggestions: [],
        },
      ],
    },
    {
      code: "import { AsyncLocalStorage as ALS } from 'node:async_hooks';\nexport function middleware(next: () => void) {\n  const als = new ALS<string>();\n  als.run('request', next);\n}",
      errors: [
        {
          messageId: 'createdRepeatedly',
          data: { noun: 'AsyncLocalStorage', where: 'function', cost: ALS.cost },
          line: 3,
          column: 15,
          suggestions: [
            {
              messageId: 'hoistToModuleConst',
              output:
                "import { AsyncLocalStorage as ALS } from 'node:async_hooks';\nconst als = new ALS<string>();\nexport function middleware(next: () => void) {\n  als.run('request', next);\n}",
            },
          ],
        },
      ],
    },
    {
      code: `${IMPORT}\nexport class Service {\n  slots = { user: new ThreadLocal<string>() };\n}`,
      errors: [{ messageId: 'instanceField', data: { noun: 'thread-local', cost: TL.cost }, line: 3, column: 19, suggestions: [] }],
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
      code: "import { RequestLocal } from './subclass.js';\nexport function f() { new RequestLocal<string>().set('x'); }",
      errors: [{ messageId: 'createdRepeatedly', data: { noun: 'thread-local', where: 'function', cost: TL.cost }, line: 2, column: 23 }],
    },
    {
      code: "import { RequestLocal } from './subclass.js';\nexport function f() {\n  new RequestLocal<string>().set('x');\n}",
      options: [{ checkTypes: true }],
      errors: [{ messageId: 'createdRepeatedly', data: { noun: 'thread-local', where: 'function', cost: TL.cost }, line: 3, column: 3 }],
    },
    {
      code: "import { RequestLocal } from './subclass.js';\nclass UserLocal extends RequestLocal<string> {}\nexport class Service {\n  user = new UserLocal();\n}",
      options: [{ checkTypes: true }],
      errors: [{ messageId: 'instanceField', data: { noun: 'thread-local', cost: TL.cost }, line: 4, column: 10, suggestions: [] }],
    },
    {
      code: "import { RequestLocal } from './subclass.js';\nexport function f() {\n  RequestLocal.withInitial(() => 1).get();\n}",
      options: [{ checkTypes: true }],
      errors: [{ messageId: 'createdRepeatedly', line: 3, column: 3 }],
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

/** The two kinds the rule reports, spelled so that every creation starts at the same column in both. */
const KINDS = [
  {
    kind: 'thread-local',
    noun: 'thread-local',
    cost: TL,
    header: "import { ThreadLocal as Local } from '@tlkit/core';",
  },
  {
    kind: 'async-local-storage',
    noun: 'AsyncLocalStorage',
    cost: ALS,
    header: "import { AsyncLocalStorage as Local } from 'node:async_hooks';",
  },
] as const;

/** Creation that runs once (or once per key): never reported, for either kind. */
const ONCE_ONLY: ReadonlyArray<readonly [name: string, code: string]> = [
  ['module-level arrow IIFE', 'export const storage = (() => {\n  const created = new Local<string>();\n  return created;\n})();'],
  ['module-level function IIFE', 'export const storage = (function () {\n  return new Local<string>();\n})();'],
  [
    'module-level async IIFE behind void',
    'let storage: Local<string> | undefined;\nvoid (async () => {\n  await Promise.resolve();\n  storage = new Local<string>();\n})();\nexport const read = () => storage;',
  ],
  ['IIFE called with .call', 'export const storage = function (this: unknown) {\n  return new Local<string>();\n}.call(undefined);'],
  ['a local let inside a module-level IIFE', 'export const storage = (() => {\n  let created = new Local<string>();\n  return created;\n})();'],
  ['lazy singleton with ??=', 'let storage: Local<string> | undefined;\nexport function get() {\n  storage ??= new Local<string>();\n  return storage;\n}'],
  ['lazy singleton with ||=', 'let storage: Local<string> | undefined;\nexport const get = () => (storage ||= new Local<string>());'],
  ['lazy singleton behind if (!x)', 'let storage: Local<string> | undefined;\nexport function get() {\n  if (!storage) storage = new Local<string>();\n  return storage;\n}'],
  [
    'lazy singleton behind x === undefined',
    'let storage: Local<string> | undefined;\nexport function get() {\n  if (storage === undefined) storage = new Local<string>();\n  return storage;\n}',
  ],
  [
    'lazy singleton behind x == null with a block',
    'let storage: Local<string> | null = null;\nexport function get() {\n  if (storage == null) {\n    storage = new Local<string>();\n  }\n  return storage;\n}',
  ],
  ['lazy singleton with x ?? (x = …)', 'let storage: Local<string> | undefined;\nexport function get() {\n  return storage ?? (storage = new Local<string>());\n}'],
  [
    'lazy singleton behind an early return',
    'let storage: Local<string> | undefined;\nexport function get() {\n  if (storage !== undefined) return storage;\n  storage = new Local<string>();\n  return storage;\n}',
  ],
  [
    'lazy singleton behind typeof x === "undefined" in a ternary',
    "let storage: Local<string> | undefined;\nexport function get() {\n  return typeof storage === 'undefined' ? (storage = new Local<string>()) : storage;\n}",
  ],
  [
    'lazy static field through the class name',
    'export class Context {\n  static storage?: Local<string>;\n  static get() {\n    if (!Context.storage) Context.storage = new Local<string>();\n    return Context.storage;\n  }\n}',
  ],
  [
    'lazy static field through this in a static method',
    'export class Context {\n  static #storage: Local<string> | undefined;\n  static get storage() {\n    return (this.#storage ??= new Local<string>());\n  }\n}',
  ],
  [
    'lazy static field through this.constructor',
    'export class Context {\n  static storage?: Local<string>;\n  get() {\n    const ctor = this.constructor as typeof Context;\n    if (!(this.constructor as typeof Context).storage) (this.constructor as typeof Context).storage = new Local<string>();\n    return ctor.storage;\n  }\n}',
  ],
  [
    'lazy static field through a bare this.constructor',
    'export class Context {\n  static storage?: Local<string>;\n  get() {\n    // @ts-expect-error -- `constructor` is typed as Function\n    if (!this.constructor.storage) this.constructor.storage = new Local<string>();\n    return Context.storage;\n  }\n}',
  ],
  [
    'lazy global behind a symbol',
    "const KEY = Symbol.for('tlkit.storage');\nexport function get(): Local<string> {\n  const g = globalThis as unknown as Record<symbol, Local<string> | undefined>;\n  return ((globalThis as unknown as Record<symbol, Local<string>>)[KEY] ??= new Local<string>()) ?? g[KEY];\n}",
  ],
  [
    'setup behind an installed guard (early return)',
    'let installed = false;\nlet storage: Local<string> | undefined;\nexport function install(): void {\n  if (installed) return;\n  installed = true;\n  storage = new Local<string>();\n}\nexport const read = () => storage;',
  ],
  [
    'setup behind an installed guard (wrapping if, flag set after)',
    'let installed = false;\nlet storage: Local<string> | undefined;\nexport function install(): void {\n  if (!installed) {\n    storage = new Local<string>();\n    installed = true;\n  }\n}\nexport const read = () => storage;',
  ],
  [
    'memo per key in a module-level record',
    'const stores: Record<string, Local<string>> = {};\nexport function storeFor(ns: string) {\n  if (!stores[ns]) stores[ns] = new Local<string>();\n  return stores[ns];\n}',
  ],
  [
    'memo per key with ??=',
    'const stores: Record<string, Local<string>> = {};\nexport const storeFor = (ns: string) => (stores[ns] ??= new Local<string>());',
  ],
  [
    'memo per key behind !(key in registry)',
    'const stores: Record<string, Local<string>> = {};\nexport function storeFor(ns: string) {\n  if (!(ns in stores)) stores[ns] = new Local<string>();\n  return stores[ns];\n}',
  ],
  [
    'memo per key through a local read from a module-level Map',
    'const stores = new Map<string, Local<string>>();\nexport function storeFor(ns: string) {\n  let store = stores.get(ns);\n  if (!store) {\n    store = new Local<string>();\n    stores.set(ns, store);\n  }\n  return store;\n}',
  ],
  [
    'memo per key with get ?? set().get',
    'const stores = new Map<string, Local<string>>();\nexport function storeFor(ns: string) {\n  return stores.get(ns) ?? stores.set(ns, new Local<string>()).get(ns)!;\n}',
  ],
  [
    'memo per key behind !map.has(key)',
    'const stores = new Map<string, Local<string>>();\nexport function storeFor(ns: string) {\n  if (!stores.has(ns)) stores.set(ns, new Local<string>());\n  return stores.get(ns)!;\n}',
  ],
  [
    'memo per key in a static registry',
    'export class Registry {\n  static readonly stores = new Map<string, Local<string>>();\n  static storeFor(ns: string) {\n    return this.stores.get(ns) ?? this.stores.set(ns, new Local<string>()).get(ns)!;\n  }\n}',
  ],
  [
    'memo per key inside a module-level loop',
    "const stores: Record<string, Local<string>> = {};\nfor (const ns of ['a', 'b']) {\n  stores[ns] ??= new Local<string>();\n}",
  ],
  [
    'factory called from module level, a static field and a static block',
    'function createStorage() {\n  return new Local<string>();\n}\nexport const first = createStorage();\nexport class Context {\n  static readonly second = createStorage();\n  static readonly third: Local<string>;\n  static {\n    this.third = createStorage();\n  }\n}',
  ],
  [
    // SvelteKit: `import('node:async_hooks').then((hooks) => (als = new hooks.AsyncLocalStorage()))`
    'promise callback of a module-level promise',
    'let storage: Local<string> | undefined;\nvoid Promise.resolve().then(() => {\n  storage = new Local<string>();\n});',
  ],
  ['arrow factory called once at module level', 'const createStorage = () => new Local<string>();\nexport const storage = createStorage();'],
  [
    'factory called only from a module-level IIFE',
    'function createStorage() {\n  return new Local<string>();\n}\nexport const storage = (() => createStorage())();',
  ],
  [
    'private static factory method called from static initializers',
    'export class Context {\n  static #create() {\n    return new Local<string>();\n  }\n  static readonly first = Context.#create();\n  static readonly second = this.#create();\n}',
  ],
  [
    'private static factory method of a class expression',
    'export const Context = class {\n  static #create() {\n    return new Local<string>();\n  }\n  static readonly first = Context.#create();\n};',
  ],
  [
    // `tlkit scan`'s per-call-factory judges each caller; the creation itself is not this file's to judge.
    'exported factory: its callers in other files are out of sight',
    'export function createStorage() {\n  return new Local<string>();\n}\nexport const createOther = () => {\n  const storage = new Local<string>();\n  return storage;\n};',
  ],
  ['module-level const and static readonly field', 'export const first = new Local<string>();\nexport class Context {\n  static readonly second = new Local<string>();\n}'],
];

ruleTester.run('static-thread-local: creation that runs once', staticThreadLocal, {
  valid: KINDS.flatMap(({ kind, header }) =>
    ONCE_ONLY.map(([name, code]) => ({ name: `${kind}: ${name}`, code: `${header}\n${code}` })),
  ),
  invalid: [],
});

/** Creation that runs per call, per iteration or per instance, with where it is reported. */
const PER_CALL: ReadonlyArray<{
  readonly name: string;
  readonly code: string;
  readonly messageId: 'createdRepeatedly' | 'instanceField';
  readonly where?: string;
  readonly line: number;
  readonly column: number;
}> = [
  {
    name: 'lazy init guarded by something else',
    code: 'let storage: Local<string> | undefined;\nexport function get(fresh: boolean) {\n  if (fresh) storage = new Local<string>();\n  return storage;\n}',
    messageId: 'createdRepeatedly',
    where: 'function',
    line: 4,
    column: 24,
  },
  {
    name: 'lazy init guarded by a test of another variable',
    code: 'let storage: Local<string> | undefined;\nlet other: unknown;\nexport function get() {\n  if (!other) storage = new Local<string>();\n  return storage;\n}',
    messageId: 'createdRepeatedly',
    where: 'function',
    line: 5,
    column: 25,
  },
  {
    name: 'lazy init of a local: a new one per call',
    code: 'export function get() {\n  let storage: Local<string> | undefined;\n  storage ??= new Local<string>();\n  return storage;\n}',
    messageId: 'createdRepeatedly',
    where: 'function',
    line: 4,
    column: 15,
  },
  {
    name: 'lazy init of an instance field in a method',
    code: 'export class Service {\n  #storage?: Local<string>;\n  get() {\n    return (this.#storage ??= new Local<string>());\n  }\n}',
    messageId: 'createdRepeatedly',
    where: 'method',
    line: 5,
    column: 31,
  },
  {
    name: 'memo whose registry is a local re-created per call',
    code: 'export function storeFor(ns: string) {\n  const stores: Record<string, Local<string>> = {};\n  stores[ns] ??= new Local<string>();\n  return stores[ns];\n}',
    messageId: 'createdRepeatedly',
    where: 'function',
    line: 4,
    column: 18,
  },
  {
    name: 'memo through a Map parameter',
    code: 'export function storeFor(stores: Map<string, Local<string>>, ns: string) {\n  return stores.get(ns) ?? stores.set(ns, new Local<string>()).get(ns)!;\n}',
    messageId: 'createdRepeatedly',
    where: 'function',
    line: 3,
    column: 43,
  },
  {
    name: 'memo that reads one key and stores another',
    code: 'const stores = new Map<string, Local<string>>();\nexport function storeFor(ns: string) {\n  let store = stores.get(ns);\n  if (!store) {\n    store = new Local<string>();\n    stores.set(`${ns}!`, store);\n  }\n  return store;\n}',
    messageId: 'createdRepeatedly',
    where: 'function',
    line: 6,
    column: 13,
  },
  {
    name: 'memo without a guard: a new entry on every call',
    code: 'const stores = new Map<string, Local<string>>();\nexport function handle(id: string) {\n  stores.set(id, new Local<string>());\n}',
    messageId: 'createdRepeatedly',
    where: 'function',
    line: 4,
    column: 18,
  },
  {
    name: 'lazy init inside a callback under the guard',
    code: 'let storage: unknown;\nexport function get() {\n  if (!storage) [1].forEach(() => { storage = new Local<string>(); });\n  return storage;\n}',
    messageId: 'createdRepeatedly',
    where: 'callback',
    line: 4,
    column: 47,
  },
  {
    name: 'lazy init in a closure created per call',
    code: 'export function make() {\n  let storage: unknown;\n  return () => (storage ??= new Local<string>());\n}',
    messageId: 'createdRepeatedly',
    where: 'arrow function',
    line: 4,
    column: 29,
  },
  {
    name: 'installed flag that is a local',
    code: 'let storage: Local<string> | undefined;\nexport function install() {\n  let installed = false;\n  if (installed) return;\n  installed = true;\n  storage = new Local<string>();\n}',
    messageId: 'createdRepeatedly',
    where: 'function',
    line: 7,
    column: 13,
  },
  {
    name: 'installed flag tested but never set',
    code: 'let installed = false;\nlet storage: Local<string> | undefined;\nexport function install() {\n  if (installed) return;\n  storage = new Local<string>();\n}',
    messageId: 'createdRepeatedly',
    where: 'function',
    line: 6,
    column: 13,
  },
  {
    name: 'factory with one module-level caller and one per-request caller',
    code: 'function createStorage() {\n  return new Local<string>();\n}\nexport const storage = createStorage();\nexport function handle() {\n  use(createStorage());\n}',
    messageId: 'createdRepeatedly',
    where: 'function',
    line: 3,
    column: 10,
  },
  {
    name: 'factory passed as a value',
    code: 'const createStorage = () => new Local<string>();\nexport const storage = createStorage();\nexport const factories = [createStorage];',
    messageId: 'createdRepeatedly',
    where: 'arrow function',
    line: 2,
    column: 29,
  },
  {
    name: 'factory called from an instance field',
    code: 'function createStorage() {\n  return new Local<string>();\n}\nexport class Service {\n  storage = createStorage();\n}',
    messageId: 'createdRepeatedly',
    where: 'function',
    line: 3,
    column: 10,
  },
  {
    name: 'factory that calls itself',
    code: 'function createStorage(depth: number): Local<string> {\n  return depth > 0 ? createStorage(depth - 1) : new Local<string>();\n}\nexport const storage = createStorage(1);',
    messageId: 'createdRepeatedly',
    where: 'function',
    line: 3,
    column: 49,
  },
  {
    name: 'public static factory method',
    code: 'export class Context {\n  static create() {\n    return new Local<string>();\n  }\n  static readonly first = Context.create();\n}',
    messageId: 'createdRepeatedly',
    where: 'method',
    line: 4,
    column: 12,
  },
  {
    // an IIFE runs as often as its call: here, once per call of `handle`
    name: 'IIFE inside a request handler',
    code: 'export function handle() {\n  const storage = (() => new Local<string>())();\n  use(storage);\n}',
    messageId: 'createdRepeatedly',
    where: 'function',
    line: 3,
    column: 26,
  },
  {
    name: 'promise callback inside a request handler',
    code: 'export function handle(work: Promise<void>) {\n  void work.then(() => new Local<string>());\n}',
    messageId: 'createdRepeatedly',
    where: 'function',
    line: 3,
    column: 24,
  },
  {
    name: 'IIFE in a module-level loop',
    code: 'for (let i = 0; i < 2; i++) {\n  (() => new Local<string>())();\n}',
    messageId: 'createdRepeatedly',
    where: 'loop',
    line: 3,
    column: 10,
  },
  {
    name: 'request callback',
    code: 'export const server = { on: (_: string, listener: () => void) => listener };\nserver.on(\'request\', () => {\n  return new Local<string>();\n});',
    messageId: 'createdRepeatedly',
    where: 'callback',
    line: 4,
    column: 10,
  },
  {
    name: 'per-instance: assigned in the constructor',
    code: 'export class Tracer {\n  readonly storage: Local<string>;\n  constructor() {\n    this.storage = new Local<string>();\n  }\n}',
    messageId: 'instanceField',
    line: 5,
    column: 20,
  },
  {
    name: 'per-instance: an IIFE in an instance field',
    code: 'export class Tracer {\n  readonly storage = (() => new Local<string>())();\n}',
    messageId: 'instanceField',
    line: 3,
    column: 29,
  },
];

ruleTester.run('static-thread-local: creation that runs per call', staticThreadLocal, {
  valid: [],
  invalid: KINDS.flatMap(({ kind, noun, cost, header }) =>
    PER_CALL.map(({ name, code, messageId, where, line, column }) => ({
      name: `${kind}: ${name}`,
      code: `${header}\n${code}`,
      errors: [
        {
          messageId,
          data: where === undefined ? { noun, cost: cost.cost } : { noun, where, cost: cost.cost },
          line,
          column,
          suggestions: [],
        },
      ],
    })),
  ),
});

const ALS_IMPORT = "import { AsyncLocalStorage } from 'node:async_hooks';";

ruleTester.run('static-thread-local: AsyncLocalStorage words and suggestions', staticThreadLocal, {
  valid: [],
  invalid: [
    {
      code: `${ALS_IMPORT}\nexport class Tracer {\n  private storage = new AsyncLocalStorage<string>();\n  current() {\n    return this.storage.getStore();\n  }\n}`,
      errors: [
        {
          messageId: 'instanceField',
          data: { noun: 'AsyncLocalStorage', cost: ALS.cost },
          line: 3,
          column: 21,
          suggestions: [
            {
              messageId: 'makeStaticReadonly',
              output: `${ALS_IMPORT}\nexport class Tracer {\n  private static readonly storage = new AsyncLocalStorage<string>();\n  current() {\n    return Tracer.storage.getStore();\n  }\n}`,
            },
          ],
        },
      ],
    },
    {
      code: `${ALS_IMPORT}\nexport class Tracer {\n  static storage = new AsyncLocalStorage<string>();\n}`,
      errors: [
        {
          messageId: 'staticNotReadonly',
          data: { name: 'storage', replaced: ALS.replaced },
          line: 3,
          column: 20,
          suggestions: [
            {
              messageId: 'makeStaticReadonly',
              output: `${ALS_IMPORT}\nexport class Tracer {\n  static readonly storage = new AsyncLocalStorage<string>();\n}`,
            },
          ],
        },
      ],
    },
    {
      code: `${ALS_IMPORT}\nexport let storage = new AsyncLocalStorage<string>();`,
      errors: [
        {
          messageId: 'mutableBinding',
          data: { name: 'storage', keyword: 'let', replaced: ALS.replaced },
          line: 2,
          column: 22,
          suggestions: [
            {
              messageId: 'hoistToModuleConst',
              data: { noun: 'AsyncLocalStorage' },
              output: `${ALS_IMPORT}\nexport const storage = new AsyncLocalStorage<string>();`,
            },
          ],
        },
      ],
    },
    {
      // reassigned without a guard: the binding and the replacement are both reported, nothing is suggested
      code: `${ALS_IMPORT}\nlet storage = new AsyncLocalStorage<string>();\nexport function reset() {\n  storage = new AsyncLocalStorage<string>();\n}\nexport const read = () => storage;`,
      errors: [
        { messageId: 'mutableBinding', line: 2, column: 15, suggestions: [] },
        {
          messageId: 'createdRepeatedly',
          data: { noun: 'AsyncLocalStorage', where: 'function', cost: ALS.cost },
          line: 4,
          column: 13,
          suggestions: [],
        },
      ],
    },
    {
      code: `${ALS_IMPORT}\nexport function handle(next: () => void) {\n  const storage = new AsyncLocalStorage<string>();\n  storage.run('request', next);\n}`,
      errors: [
        {
          messageId: 'createdRepeatedly',
          data: { noun: 'AsyncLocalStorage', where: 'function', cost: ALS.cost },
          line: 3,
          column: 19,
          suggestions: [
            {
              messageId: 'hoistToModuleConst',
              data: { noun: 'AsyncLocalStorage' },
              output: `${ALS_IMPORT}\nconst storage = new AsyncLocalStorage<string>();\nexport function handle(next: () => void) {\n  storage.run('request', next);\n}`,
            },
          ],
        },
      ],
    },
    {
      // hoisting above the class it instantiates would run `new` in the class's temporal dead zone
      code: `${ALS_IMPORT}\nexport function handle(next: () => void) {\n  const storage = new RequestStorage();\n  storage.run('request', next);\n}\nclass RequestStorage extends AsyncLocalStorage<string> {}`,
      errors: [{ messageId: 'createdRepeatedly', line: 3, column: 19, suggestions: [] }],
    },
    {
      // a lazy singleton whose `let` also starts with an instance: the initializer is still replaceable
      code: `${ALS_IMPORT}\nlet storage: AsyncLocalStorage<string> | undefined = new AsyncLocalStorage<string>();\nexport function get() {\n  storage ??= new AsyncLocalStorage<string>();\n  return storage;\n}\nexport function clear() {\n  storage = undefined;\n}`,
      errors: [{ messageId: 'mutableBinding', line: 2, column: 54, suggestions: [] }],
    },
  ],
});
