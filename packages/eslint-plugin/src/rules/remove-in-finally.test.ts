import { RuleTester } from '@typescript-eslint/rule-tester';
import { removeInFinally } from './remove-in-finally.js';
import { typedRuleTesterConfig } from '../../tests/typedFixtures.js';

const HEAD = "import { ThreadLocal, ThreadPool } from '@tlkit/core';\nconst user = new ThreadLocal<string>();";

/** The seed's JdbcUtils (article 004), as TypeScript: a lazily bound connection, removed on commit/rollback. */
const JDBC_UTILS = `import { ThreadLocal } from '@tlkit/core';
import { dataSource, type Connection } from './db.js';

const tl = new ThreadLocal<Connection | undefined>();

export function getConnection(): Connection {
  let conn = tl.get();
  if (conn === undefined) {
    conn = dataSource.getConnection();
    tl.set(conn);
  }
  return conn;
}

export function commitAndClose(): void {
  try {
    const conn = getConnection();
    conn.commit();
    tl.remove();
    conn.close();
  } catch (e) {
    console.error(e);
  }
}

export function rollbackAndClose(): void {
  try {
    const conn = getConnection();
    conn.rollback();
    tl.remove();
    conn.close();
  } catch (e) {
    console.error(e);
  }
}

export class AccountService {
  transfer(outUser: string, inUser: string, money: number): boolean {
    try {
      const conn = getConnection();
      conn.setAutoCommit(false);
      dao.out(outUser, money);
      dao.in(inUser, money);
      commitAndClose();
    } catch (e) {
      console.error(e);
      rollbackAndClose();
      return false;
    }
    return true;
  }
}`;

/** The decided fix: the transaction boundary binds the connection and removes it in a finally. */
const JDBC_FIXED = `import { ThreadLocal } from '@tlkit/core';
import { dataSource, type Connection } from './db.js';

const tl = new ThreadLocal<Connection | undefined>();

export function getConnection(): Connection {
  const conn = tl.get();
  if (conn === undefined) throw new Error('getConnection: no transaction (expected: inside inTransaction())');
  return conn;
}

export function inTransaction<R>(work: () => R): R {
  const conn = dataSource.getConnection();
  conn.setAutoCommit(false);
  tl.set(conn);
  try {
    const result = work();
    conn.commit();
    return result;
  } catch (e) {
    conn.rollback();
    throw e;
  } finally {
    tl.remove();
    conn.close();
  }
}

export function inTransactionScoped<R>(work: () => R): R {
  const conn = dataSource.getConnection();
  return tl.runWith(conn, () => {
    try {
      return work();
    } finally {
      conn.close();
    }
  });
}`;

const ruleTester = new RuleTester();

ruleTester.run('remove-in-finally', removeInFinally, {
  valid: [
    // set inside the try, removed in its finally
    `${HEAD}\nexport function handle(name: string) {\n  try {\n    user.set(name);\n    work();\n  } finally {\n    user.remove();\n  }\n}`,
    // set immediately before the try
    `${HEAD}\nexport async function handle(name: string) {\n  user.set(name);\n  try {\n    await work();\n  } finally {\n    user.remove();\n  }\n}`,
    // set in the catch: the finally covers it too
    `${HEAD}\nexport function handle() {\n  try {\n    work();\n  } catch {\n    user.set('failed');\n    report();\n  } finally {\n    user.remove();\n  }\n}`,
    // a finally that calls a same-file helper which always removes
    `${HEAD}\nfunction clearContext() {\n  other();\n  user.remove();\n}\nexport function handle(name: string) {\n  user.set(name);\n  try {\n    work();\n  } finally {\n    clearContext();\n  }\n}`,
    `${HEAD}\nconst clear = () => user.remove();\nconst clearAll = async () => { await clear(); };\nexport async function handle(name: string) {\n  try {\n    user.set(name);\n  } finally {\n    await clearAll();\n  }\n}`,
    // the remove may sit in a nested try of the finally
    `${HEAD}\nexport function handle(name: string) {\n  try {\n    user.set(name);\n  } finally {\n    try {\n      user.remove();\n    } catch (error) {\n      log(error);\n    }\n  }\n}`,
    // the preferred forms are never flagged
    `${HEAD}\nexport function handle(name: string) {\n  return user.runWith(name, () => work());\n}`,
    `${HEAD}\nexport function handle(name: string) {\n  using _ = user.scope(name);\n  return work();\n}`,
    // members: static readonly fields, #private fields, this.method() helpers
    "import { ThreadLocal } from '@tlkit/core';\nexport class Context {\n  static readonly user = new ThreadLocal<string>();\n  static #tx = new ThreadLocal<object>();\n  run(name: string) {\n    try {\n      Context.user.set(name);\n      Context.#tx.set({});\n    } finally {\n      this.clear();\n    }\n  }\n  clear() {\n    Context.user.remove();\n    Context.#tx.remove();\n  }\n}",
    // AsyncLocalStorage: run() is the preferred form; disable() in a finally undoes enterWith()
    "import { AsyncLocalStorage } from 'node:async_hooks';\nconst als = new AsyncLocalStorage<string>();\nexport function handle() {\n  return als.run('id', () => work());\n}\nexport function legacy() {\n  try {\n    als.enterWith('id');\n  } finally {\n    als.disable();\n  }\n}",
    // the seed's JDBC pattern, fixed: the transaction boundary owns set and remove
    JDBC_FIXED,
    // pool code done right
    `${HEAD}\nconst pool = new ThreadPool({ size: 2 });\npool.execute(() => {\n  user.set('task');\n  try {\n    work();\n  } finally {\n    user.remove();\n  }\n});\nvoid pool.submit(() => user.runWith('task', () => work()));`,
    // not thread-locals: a local look-alike and a shadowing parameter
    'class ThreadLocal<T> { set(value: T) {} remove() {} }\nconst user = new ThreadLocal<string>();\nexport function f() { user.set("x"); }',
    `${HEAD}\nexport function f(user: Map<string, string>) { user.set('a'); }`,
    // set() with another arity is not ThreadLocal#set
    `${HEAD}\nexport function f(map: Map<string, string>) { map.set('a', 'b'); }`,
  ],
  invalid: [
    {
      code: `${HEAD}\nexport function handle(name: string) {\n  user.set(name);\n  work();\n  return done();\n}`,
      errors: [
        {
          messageId: 'missingRemove',
          data: { name: 'user' },
          line: 4,
          column: 3,
          suggestions: [
            {
              messageId: 'wrapInTryFinally',
              data: { name: 'user' },
              output: `${HEAD}\nexport function handle(name: string) {\n  user.set(name);\n  try {\n    work();\n    return done();\n  } finally {\n    user.remove();\n  }\n}`,
            },
          ],
        },
      ],
    },
    {
      // removing at the end of the try and in the catch is skipped by an early return
      code: `${HEAD}\nexport function handle(name: string) {\n  try {\n    user.set(name);\n    if (!work()) return;\n    user.remove();\n  } catch (e) {\n    user.remove();\n    throw e;\n  }\n}`,
      errors: [
        {
          messageId: 'missingRemove',
          line: 5,
          column: 5,
          suggestions: [
            {
              messageId: 'wrapInTryFinally',
              output: `${HEAD}\nexport function handle(name: string) {\n  try {\n    user.set(name);\n    try {\n      if (!work()) return;\n      user.remove();\n    } finally {\n      user.remove();\n    }\n  } catch (e) {\n    user.remove();\n    throw e;\n  }\n}`,
            },
          ],
        },
      ],
    },
    {
      // a conditional remove does not count
      code: `${HEAD}\nexport function handle(name: string, ok: boolean) {\n  try {\n    user.set(name);\n  } finally {\n    if (ok) user.remove();\n  }\n}`,
      errors: [{ messageId: 'missingRemove', line: 5, column: 5, suggestions: [] }],
    },
    {
      // nor a helper that removes only sometimes
      code: `${HEAD}\nfunction maybeClear(ok: boolean) {\n  if (ok) user.remove();\n}\nexport function handle(name: string) {\n  user.set(name);\n  try {\n    work();\n  } finally {\n    maybeClear(true);\n  }\n}`,
      errors: [
        {
          messageId: 'missingRemove',
          line: 7,
          column: 3,
          suggestions: [
            {
              messageId: 'wrapInTryFinally',
              output: `${HEAD}\nfunction maybeClear(ok: boolean) {\n  if (ok) user.remove();\n}\nexport function handle(name: string) {\n  user.set(name);\n  try {\n    try {\n      work();\n    } finally {\n      maybeClear(true);\n    }\n  } finally {\n    user.remove();\n  }\n}`,
            },
          ],
        },
      ],
    },
    {
      // a statement between the set and the try
      code: `${HEAD}\nexport function handle(name: string) {\n  user.set(name);\n  prepare();\n  try {\n    work();\n  } finally {\n    user.remove();\n  }\n}`,
      errors: [
        {
          messageId: 'missingRemove',
          line: 4,
          column: 3,
          suggestions: [
            {
              messageId: 'wrapInTryFinally',
              output: `${HEAD}\nexport function handle(name: string) {\n  user.set(name);\n  try {\n    prepare();\n    try {\n      work();\n    } finally {\n      user.remove();\n    }\n  } finally {\n    user.remove();\n  }\n}`,
            },
          ],
        },
      ],
    },
    {
      // the finally removes a different thread-local
      code: `${HEAD}\nconst tenant = new ThreadLocal<string>();\nexport function handle(name: string) {\n  try {\n    user.set(name);\n  } finally {\n    tenant.remove();\n  }\n}`,
      errors: [{ messageId: 'missingRemove', line: 6, column: 5, suggestions: [] }],
    },
    {
      // judged per call site: a set in a helper is flagged even if its caller removes
      code: `${HEAD}\nfunction bind(name: string) {\n  user.set(name);\n}\nexport function handle(name: string) {\n  bind(name);\n  try {\n    work();\n  } finally {\n    user.remove();\n  }\n}`,
      errors: [{ messageId: 'missingRemove', line: 4, column: 3, suggestions: [] }],
    },
    {
      code: `${HEAD}\nexport function handle() {\n  try {\n    work();\n  } finally {\n    user.set(null as unknown as string);\n  }\n}`,
      errors: [
        {
          messageId: 'setNullish',
          data: { name: 'user', value: 'null as unknown as string' },
          line: 7,
          column: 5,
          suggestions: [
            {
              messageId: 'replaceWithRemove',
              output: `${HEAD}\nexport function handle() {\n  try {\n    work();\n  } finally {\n    user.remove();\n  }\n}`,
            },
          ],
        },
      ],
    },
    {
      code: "import { ThreadLocal } from '@tlkit/core';\nconst user = new ThreadLocal<string | undefined>();\nexport function reset() {\n  user.set(undefined);\n}",
      errors: [
        {
          messageId: 'setNullish',
          data: { name: 'user', value: 'undefined' },
          line: 4,
          column: 3,
          suggestions: [
            {
              messageId: 'replaceWithRemove',
              output: "import { ThreadLocal } from '@tlkit/core';\nconst user = new ThreadLocal<string | undefined>();\nexport function reset() {\n  user.remove();\n}",
            },
          ],
        },
      ],
    },
    {
      // a callback is judged by its own code: it may run after the finally around the call that passes it
      code: `${HEAD}\nexport function handle(names: string[]) {\n  try {\n    names.forEach((name) => user.set(name));\n  } finally {\n    user.remove();\n  }\n}`,
      errors: [{ messageId: 'missingRemove', line: 5, column: 29, suggestions: [] }],
    },
    {
      // optional calls and `switch` cases are recognized too
      code: `${HEAD}\nexport function handle(kind: string, local?: ThreadLocal<string>) {\n  switch (kind) {\n    case 'a':\n      local?.set('a');\n      user.set('a');\n      try {\n        work();\n      } finally {\n        user.remove();\n      }\n  }\n}`,
      errors: [{ messageId: 'missingRemove', data: { name: 'local' }, line: 6, column: 7, suggestions: [] }],
    },
    {
      code: `${HEAD}\nuser.set('main');`,
      errors: [{ messageId: 'setAtModuleLevel', data: { name: 'user' }, line: 3, column: 1 }],
    },
    {
      // pool code: inline, by same-file reference, and through a one-call wrapper
      code: `${HEAD}\nconst pool = new ThreadPool({ size: 2 });\nfunction task(name: string) {\n  user.set(name);\n  work();\n}\npool.execute(() => {\n  try {\n    user.set('inline');\n    work();\n    user.remove();\n  } catch (e) {\n    user.remove();\n  }\n});\nvoid pool.submit(() => task('wrapped'));`,
      errors: [
        {
          messageId: 'missingRemoveInPool',
          data: { name: 'user' },
          line: 5,
          column: 3,
          suggestions: [
            {
              messageId: 'wrapInTryFinally',
              output: `${HEAD}\nconst pool = new ThreadPool({ size: 2 });\nfunction task(name: string) {\n  user.set(name);\n  try {\n    work();\n  } finally {\n    user.remove();\n  }\n}\npool.execute(() => {\n  try {\n    user.set('inline');\n    work();\n    user.remove();\n  } catch (e) {\n    user.remove();\n  }\n});\nvoid pool.submit(() => task('wrapped'));`,
            },
          ],
        },
        {
          messageId: 'missingRemoveInPool',
          line: 10,
          column: 5,
          suggestions: [
            {
              messageId: 'wrapInTryFinally',
              output: `${HEAD}\nconst pool = new ThreadPool({ size: 2 });\nfunction task(name: string) {\n  user.set(name);\n  work();\n}\npool.execute(() => {\n  try {\n    user.set('inline');\n    try {\n      work();\n      user.remove();\n    } finally {\n      user.remove();\n    }\n  } catch (e) {\n    user.remove();\n  }\n});\nvoid pool.submit(() => task('wrapped'));`,
            },
          ],
        },
      ],
    },
    {
      code: `${HEAD}\nfunction job() {\n  user.set('job');\n}\nexport function start(pool: ThreadPool) {\n  pool.execute(job);\n}`,
      errors: [{ messageId: 'missingRemoveInPool', line: 4, column: 3, suggestions: [] }],
    },
    {
      // executors named in the option
      code: `${HEAD}\nqueue.add(async () => {\n  user.set('job');\n  await work();\n});\nrunTask(() => { user.set('other'); });`,
      options: [{ executors: ['queue.add', 'runTask'] }],
      errors: [
        {
          messageId: 'missingRemoveInPool',
          line: 4,
          column: 3,
          suggestions: [
            {
              messageId: 'wrapInTryFinally',
              output: `${HEAD}\nqueue.add(async () => {\n  user.set('job');\n  try {\n    await work();\n  } finally {\n    user.remove();\n  }\n});\nrunTask(() => { user.set('other'); });`,
            },
          ],
        },
        { messageId: 'missingRemoveInPool', line: 7, column: 17, suggestions: [] },
      ],
    },
    {
      // the same code outside any pool gets the general message
      code: `${HEAD}\nqueue.add(async () => {\n  user.set('job');\n});`,
      errors: [{ messageId: 'missingRemove', line: 4, column: 3, suggestions: [] }],
    },
    {
      code: "import { AsyncLocalStorage } from 'node:async_hooks';\nconst als = new AsyncLocalStorage<{ id: string }>();\nexport function middleware(next: () => void) {\n  als.enterWith({ id: 'r1' });\n  next();\n}",
      errors: [{ messageId: 'enterWithWithoutUndo', data: { name: 'als' }, line: 4, column: 3 }],
    },
    {
      // recognized through annotations, namespaces, fields and this
      code: "import * as core from '@tlkit/core';\nexport function bind(tl: core.ThreadLocal<string>, name: string) {\n  tl.set(name);\n}\nexport class Service {\n  #tx = new core.InheritableThreadLocal<object>();\n  constructor(private readonly current: core.ThreadLocal<number>) {}\n  run() {\n    this.#tx.set({});\n    this.current.set(1);\n  }\n}",
      errors: [
        { messageId: 'missingRemove', data: { name: 'tl' }, line: 3, column: 3 },
        {
          messageId: 'missingRemove',
          data: { name: 'this.#tx' },
          line: 9,
          column: 5,
          suggestions: [
            {
              messageId: 'wrapInTryFinally',
              data: { name: 'this.#tx' },
              output: "import * as core from '@tlkit/core';\nexport function bind(tl: core.ThreadLocal<string>, name: string) {\n  tl.set(name);\n}\nexport class Service {\n  #tx = new core.InheritableThreadLocal<object>();\n  constructor(private readonly current: core.ThreadLocal<number>) {}\n  run() {\n    this.#tx.set({});\n    try {\n      this.current.set(1);\n    } finally {\n      this.#tx.remove();\n    }\n  }\n}",
            },
          ],
        },
        { messageId: 'missingRemove', data: { name: 'this.current' }, line: 10, column: 5 },
      ],
    },
    {
      // strict: even a correct try/finally should be runWith/scope
      code: `${HEAD}\nexport function handle(name: string) {\n  user.set(name);\n  try {\n    work();\n  } finally {\n    user.remove();\n  }\n}`,
      options: [{ allowTryFinally: false }],
      errors: [{ messageId: 'preferScopedForm', data: { name: 'user' }, line: 4, column: 3 }],
    },
    {
      // the seed's JdbcUtils: the lazy set in getConnection() is flagged; see the rule doc for why
      code: JDBC_UTILS,
      errors: [{ messageId: 'missingRemove', data: { name: 'tl' }, line: 10, column: 5, suggestions: [] }],
    },
  ],
});

const typedRuleTester = new RuleTester(typedRuleTesterConfig);

typedRuleTester.run('remove-in-finally (typed)', removeInFinally, {
  valid: [
    {
      code: "import { currentUser } from './context.js';\nexport function f() {\n  try {\n    currentUser.set('a');\n  } finally {\n    currentUser.remove();\n  }\n}",
      options: [{ checkTypes: true }],
    },
    {
      // a Map and a look-alike are not thread-locals even with one-argument calls
      code: "import { settings } from './context.js';\nimport { ThreadLocal } from './lookalike.js';\nconst look = new ThreadLocal<string>();\nexport function f(params: URLSearchParams, headers: Headers) {\n  look.set('a');\n  settings.set('k', 'v');\n  params.set('a', 'b');\n  headers.set('a', 'b');\n}",
      options: [{ checkTypes: true }],
    },
    {
      // unresolved: error types never report and never crash
      code: "import { missing } from './does-not-exist.js';\nexport function f(x: any, y: unknown) {\n  missing.set('a');\n  x.set('a');\n  (y as never as { set(v: string): void }).set('a');\n}",
      options: [{ checkTypes: true }],
    },
  ],
  invalid: [
    {
      // without checkTypes too: the untyped recognizer follows the relative import to context.ts
      code: "import { currentUser } from './context.js';\nexport function f() {\n  currentUser.set('a');\n}",
      errors: [{ messageId: 'missingRemove', data: { name: 'currentUser' }, line: 3, column: 3, suggestions: [] }],
    },
    {
      code: "import { currentUser, currentRequest } from './context.js';\nexport function f() {\n  currentUser.set('a');\n  currentRequest.set({ id: 'r' });\n}",
      options: [{ checkTypes: true }],
      errors: [
        {
          messageId: 'missingRemove',
          data: { name: 'currentUser' },
          line: 3,
          column: 3,
          suggestions: [
            {
              messageId: 'wrapInTryFinally',
              data: { name: 'currentUser' },
              output: "import { currentUser, currentRequest } from './context.js';\nexport function f() {\n  currentUser.set('a');\n  try {\n    currentRequest.set({ id: 'r' });\n  } finally {\n    currentUser.remove();\n  }\n}",
            },
          ],
        },
        { messageId: 'missingRemove', data: { name: 'currentRequest' }, line: 4, column: 3, suggestions: [] },
      ],
    },
    {
      // a pool recognized by type (a subclass of ThreadPool from another file)
      code: "import { currentUser, pool } from './context.js';\npool.execute(() => {\n  currentUser.set('task');\n});",
      options: [{ checkTypes: true }],
      errors: [{ messageId: 'missingRemoveInPool', line: 3, column: 3, suggestions: [] }],
    },
    {
      code: "import { StorageSubclass } from './subclass.js';\nexport function f(storage: StorageSubclass) {\n  storage.enterWith('a');\n}",
      options: [{ checkTypes: true }],
      errors: [{ messageId: 'enterWithWithoutUndo', line: 3, column: 3 }],
    },
    {
      code: "import type { RequestLocal } from './subclass.js';\nexport function f(local?: RequestLocal<string>) {\n  local?.set('a');\n}",
      options: [{ checkTypes: true }],
      errors: [{ messageId: 'missingRemove', data: { name: 'local' }, line: 3, column: 3, suggestions: [] }],
    },
  ],
});
