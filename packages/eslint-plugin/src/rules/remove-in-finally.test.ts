import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RuleTester } from '@typescript-eslint/rule-tester';
import { Linter } from 'eslint';
import { describe, expect, it } from 'vitest';
import type { InvalidTestCase, ValidTestCase } from '@typescript-eslint/rule-tester';
import type { MessageId, Options } from './remove-in-finally.js';
import plugin from '../index.js';
import { removeInFinally } from './remove-in-finally.js';
import { typedRuleTesterConfig } from '../../tests/typedFixtures.js';

type ValidCase = ValidTestCase<Options> | string;
type InvalidCase = InvalidTestCase<MessageId, Options>;

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
    // AsyncLocalStorage: run() is the preferred form
    "import { AsyncLocalStorage } from 'node:async_hooks';\nconst als = new AsyncLocalStorage<string>();\nexport function handle() {\n  return als.run('id', () => work());\n}",
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
      // a task that only calls a parameter does not make the function that receives it pool code
      code: `${HEAD}\nexport function handle(pool: ThreadPool, report: (name: string) => void) {\n  user.set('request');\n  pool.execute(() => report('done'));\n}`,
      errors: [
        {
          messageId: 'missingRemove',
          line: 4,
          column: 3,
          suggestions: [
            {
              messageId: 'wrapInTryFinally',
              output: `${HEAD}\nexport function handle(pool: ThreadPool, report: (name: string) => void) {\n  user.set('request');\n  try {\n    pool.execute(() => report('done'));\n  } finally {\n    user.remove();\n  }\n}`,
            },
          ],
        },
      ],
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
      errors: [
        {
          messageId: 'enterWithWithoutRestore',
          line: 4,
          column: 3,
          suggestions: [
            {
              messageId: 'useRun',
              data: { name: 'als' },
              output: "import { AsyncLocalStorage } from 'node:async_hooks';\nconst als = new AsyncLocalStorage<{ id: string }>();\nexport function middleware(next: () => void) {\n  als.run({ id: 'r1' }, () => {\n    next();\n  });\n}",
            },
          ],
        },
      ],
    },
    {
      // disable() in a finally is not the undo of enterWith(): reported at the disable, not at the enterWith
      code: "import { AsyncLocalStorage } from 'node:async_hooks';\nconst als = new AsyncLocalStorage<string>();\nexport function legacy() {\n  try {\n    als.enterWith('id');\n  } finally {\n    als.disable();\n  }\n}",
      errors: [{ messageId: 'disableIsNotUndo', line: 7, column: 5 }],
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
      // an AsyncLocalStorage subclass from another file, restored with the saved store
      code: "import { StorageSubclass } from './subclass.js';\nexport function f(storage: StorageSubclass, fn: () => void) {\n  const previous = storage.getStore();\n  storage.enterWith('a');\n  try {\n    fn();\n  } finally {\n    storage.enterWith(previous);\n  }\n}",
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
      errors: [{ messageId: 'enterWithWithoutRestore', line: 3, column: 3, suggestions: [] }],
    },
    {
      // by type, a disable() in the finally is reported where it is
      code: "import { StorageSubclass } from './subclass.js';\nexport function f(storage: StorageSubclass, fn: () => void) {\n  try {\n    storage.enterWith('a');\n    fn();\n  } finally {\n    storage.disable();\n  }\n}",
      options: [{ checkTypes: true }],
      errors: [{ messageId: 'disableIsNotUndo', line: 7, column: 5 }],
    },
    {
      code: "import type { RequestLocal } from './subclass.js';\nexport function f(local?: RequestLocal<string>) {\n  local?.set('a');\n}",
      options: [{ checkTypes: true }],
      errors: [{ messageId: 'missingRemove', data: { name: 'local' }, line: 3, column: 3, suggestions: [] }],
    },
  ],
});

/** An AsyncLocalStorage module: the case's code starts on line 3. */
function als(body: string): string {
  return `import { AsyncLocalStorage } from 'node:async_hooks';\nconst als = new AsyncLocalStorage<Ctx>();\n${body}`;
}

/** A package directory whose `package.json` declares `engines.node`, for the target-Node tests. */
function packageWithEngines(range: string): string {
  const root = mkdtempSync(join(tmpdir(), 'tlkit-engines-'));
  writeFileSync(join(root, 'package.json'), JSON.stringify({ name: 'app', engines: { node: range } }));
  mkdirSync(join(root, 'src'));
  return root;
}

const NODE_24 = { tlkit: { nodeVersion: '>=24' } };

/** A middleware that binds a store and calls on: the classic unrestored enterWith. */
const MIDDLEWARE = als('export function middleware(ctx: Ctx, next: () => void) {\n  als.enterWith(ctx);\n  next();\n}');
const MIDDLEWARE_RUN = als(
  'export function middleware(ctx: Ctx, next: () => void) {\n  als.run(ctx, () => {\n    next();\n  });\n}',
);
const MIDDLEWARE_WITH_SCOPE = als(
  'export function middleware(ctx: Ctx, next: () => void) {\n  using _ = als.withScope(ctx);\n  next();\n}',
);

/** The ALS cases, shared with the harmfulness test below. */
const ALS_VALID: ValidCase[] = [
  // enterWith(undefined) clears the chain's store: it keeps nothing alive, so it is never a leak
  als('export function reset() {\n  als.enterWith(undefined);\n}'),
  // tracing's runWithSpan: save, enter, restore in the finally (both enterWith calls are fine)
  als(
    'export function runWithSpan<T>(span: Span, fn: () => T): T {\n  const prev = als.getStore();\n  als.enterWith({ ...prev, span });\n  try {\n    return fn();\n  } finally {\n    als.enterWith(prev);\n  }\n}',
  ),
  // the saved store through `as`, `!` and `??`
  als(
    'export function withTenant(tenant: string, fn: () => void) {\n  const prev = als.getStore() as Ctx | undefined;\n  const root = als.getStore()! ?? ROOT;\n  try {\n    als.enterWith({ tenant });\n    fn();\n  } finally {\n    als.enterWith(prev!);\n  }\n  void root;\n}',
  ),
  // `let` assigned later, restored in a nested try of the finally
  als(
    'export async function handle(ctx: Ctx) {\n  let previous;\n  previous = als.getStore();\n  als.enterWith(ctx);\n  try {\n    await work();\n  } finally {\n    try {\n      als.enterWith(previous);\n    } catch (error) {\n      log(error);\n    }\n  }\n}',
  ),
  // OpenTelemetry's context manager: with() runs the callback with run()
  "import { AsyncLocalStorage } from 'node:async_hooks';\nexport class AsyncLocalStorageContextManager {\n  private _asyncLocalStorage = new AsyncLocalStorage<Context>();\n  with<A extends unknown[], F extends (...args: A) => ReturnType<F>>(context: Context, fn: F, thisArg?: ThisParameterType<F>, ...args: A): ReturnType<F> {\n    const cb = thisArg == null ? fn : fn.bind(thisArg);\n    return this._asyncLocalStorage.run(context, cb as never, ...args);\n  }\n}",
  // Node >= 24: withScope is a Disposable
  MIDDLEWARE_WITH_SCOPE,
  // a private field, restored by the class's own finally
  "import { AsyncLocalStorage } from 'node:async_hooks';\nexport class Tracer {\n  readonly #als = new AsyncLocalStorage<Span>();\n  trace<T>(span: Span, fn: () => T): T {\n    const prev = this.#als.getStore();\n    try {\n      this.#als.enterWith(span);\n      return fn();\n    } finally {\n      this.#als.enterWith(prev);\n    }\n  }\n}",
  // the restore sits in a same-file helper that receives the saved store
  als(
    'function restore(store: Ctx | undefined) {\n  als.enterWith(store);\n}\nexport function handle(ctx: Ctx) {\n  const saved = als.getStore();\n  als.enterWith(ctx);\n  try {\n    work();\n  } finally {\n    restore(saved);\n  }\n}',
  ),
  // hand-off: a disposable object literal whose [Symbol.dispose]() restores
  als(
    'export function enter(ctx: Ctx): Disposable {\n  const previous = als.getStore();\n  als.enterWith(ctx);\n  return {\n    [Symbol.dispose]() {\n      als.enterWith(previous);\n    },\n  };\n}',
  ),
  // hand-off: an exit() method, and a closure as a concise body
  als(
    'export function scope(ctx: Ctx) {\n  const previous = als.getStore();\n  als.enterWith(ctx);\n  return { exit: () => als.enterWith(previous) };\n}\nexport const bind = (ctx: Ctx) => {\n  const prev = als.getStore();\n  als.enterWith(ctx);\n  return () => als.enterWith(prev);\n};',
  ),
  // hand-off: a token of a same-file class whose dispose() restores (`this.storage` is the same storage)
  "import { AsyncLocalStorage } from 'node:async_hooks';\nconst als = new AsyncLocalStorage<Ctx>();\nclass Token {\n  constructor(\n    private readonly previous: Ctx | undefined,\n    private readonly storage: AsyncLocalStorage<Ctx>,\n  ) {}\n  dispose() {\n    this.storage.enterWith(this.previous);\n  }\n}\nexport function scope(ctx: Ctx): Token {\n  const previous = als.getStore();\n  als.enterWith(ctx);\n  return new Token(previous, als);\n}",
  // hand-off: the constructor copies the parameter into a field (`this.prev = prev`), the token is a const
  als(
    'class Restorer {\n  prev: Ctx | undefined;\n  constructor(prev: Ctx | undefined) {\n    this.prev = prev;\n  }\n  restore() {\n    als.enterWith(this.prev);\n    this.prev = undefined;\n  }\n}\nexport function enter(ctx: Ctx) {\n  const restorer = new Restorer(als.getStore());\n  als.enterWith(ctx);\n  return restorer;\n}',
  ),
  // hand-off: the token saves the store in its parameter default, constructed before the enterWith
  als(
    'class Token {\n  constructor(private readonly previous = als.getStore()) {}\n  [Symbol.dispose]() {\n    als.enterWith(this.previous);\n  }\n}\nexport function enter(ctx: Ctx) {\n  const token = new Token();\n  als.enterWith(ctx);\n  return token;\n}',
  ),
  // hand-off: enter() returns `this`, whose exit() restores the field saved in enter()
  als(
    'export class Scope {\n  #saved: Ctx | undefined;\n  enter(ctx: Ctx): this {\n    this.#saved = als.getStore();\n    als.enterWith(ctx);\n    return this;\n  }\n  exit(): void {\n    als.enterWith(this.#saved);\n  }\n}',
  ),
  // OpenTelemetry-style attach(): the token carries the previous store, detach() puts it back
  als(
    'export function attach(ctx: Ctx) {\n  const token = { previous: als.getStore() };\n  als.enterWith(ctx);\n  return token;\n}\nexport function detach(token: { previous: Ctx | undefined }) {\n  als.enterWith(token.previous);\n}',
  ),
  // a restore alone is never reported, wherever it is
  als('export function exitSpan(span: { parent: Ctx | undefined }, saved = { ctx: als.getStore() }) {\n  als.enterWith(saved.ctx);\n}'),
  // module level: clearing the root context is allowed, in every spelling
  als('als.enterWith(undefined);\nals.enterWith(void 0);\nals.enterWith();'),
  // enterWith in the catch, restored by the finally
  als(
    'export function handle(ctx: Ctx) {\n  const prev = als.getStore();\n  try {\n    work();\n  } catch {\n    als.enterWith({ ...ctx, failed: true });\n    report();\n  } finally {\n    als.enterWith(prev);\n  }\n}',
  ),
  // strict mode changes nothing for a restored enterWith (preferScopedForm is ThreadLocal advice)
  {
    code: als(
      'export function handle(ctx: Ctx) {\n  const prev = als.getStore();\n  als.enterWith(ctx);\n  try {\n    work();\n  } finally {\n    als.enterWith(prev);\n  }\n}',
    ),
    options: [{ allowTryFinally: false }],
  },
  // not an AsyncLocalStorage: an untyped parameter, a local look-alike
  'export function f(storage: { enterWith(v: unknown): void; disable(): void }) {\n  try {\n    storage.enterWith(1);\n  } finally {\n    storage.disable();\n  }\n}',
  "class AsyncLocalStorage { enterWith(v: unknown) {} }\nconst local = new AsyncLocalStorage();\nexport function f() { local.enterWith(1); }",
];

const ALS_INVALID: InvalidCase[] = [
  {
    // Sentry/dd-trace style: a call that can throw sits between the enterWith and the try
    code: als(
      'export function handle(ctx: Ctx, fn: () => void) {\n  const previous = als.getStore();\n  als.enterWith(ctx);\n  validate(ctx);\n  try {\n    fn();\n  } finally {\n    als.enterWith(previous);\n  }\n}',
    ),
    errors: [
      {
        messageId: 'enterWithWithoutRestore',
        line: 5,
        column: 3,
        suggestions: [
          {
            messageId: 'useRun',
            output: als(
              'export function handle(ctx: Ctx, fn: () => void) {\n  const previous = als.getStore();\n  als.run(ctx, () => {\n    validate(ctx);\n    try {\n      fn();\n    } finally {\n      als.enterWith(previous);\n    }\n  });\n}',
            ),
          },
        ],
      },
    ],
  },
  {
    // dd-trace style: bound before an await, nothing puts the previous store back
    code: als(
      'export async function onRequest(req: Request) {\n  const store = { req };\n  als.enterWith(store);\n  const res = await handler(req);\n  return res;\n}',
    ),
    errors: [
      {
        messageId: 'enterWithWithoutRestore',
        line: 5,
        column: 3,
        suggestions: [
          {
            messageId: 'useRun',
            output: als(
              'export async function onRequest(req: Request) {\n  const store = { req };\n  return als.run(store, async () => {\n    const res = await handler(req);\n    return res;\n  });\n}',
            ),
          },
        ],
      },
    ],
  },
  {
    // the legacy disable() "undo", through a helper and shared by two enterWith calls: one report, at the disable
    code: als(
      'function cleanup() {\n  als.disable();\n}\nexport function handle(ctx: Ctx) {\n  try {\n    als.enterWith(ctx);\n    als.enterWith({ ...ctx, step: 2 });\n  } finally {\n    cleanup();\n  }\n}',
    ),
    errors: [{ messageId: 'disableIsNotUndo', line: 4, column: 3 }],
  },
  {
    // disable() beside a restore is still reported: on Node 20 and 22 it wipes other chains' stores
    code: als(
      'export function handle(ctx: Ctx) {\n  const prev = als.getStore();\n  als.enterWith(ctx);\n  try {\n    work();\n  } finally {\n    als.enterWith(prev);\n    als.disable();\n  }\n}',
    ),
    errors: [{ messageId: 'disableIsNotUndo', line: 10, column: 5 }],
  },
  {
    // module level: a real store bound to the root context
    code: als("als.enterWith({ requestId: 'boot' });"),
    errors: [{ messageId: 'enterWithAtModuleLevel', line: 3, column: 1 }],
  },
  {
    // the finally restores another storage
    code: als(
      'const other = new AsyncLocalStorage<Ctx>();\nexport function handle(ctx: Ctx) {\n  const prev = other.getStore();\n  try {\n    als.enterWith(ctx);\n    work();\n  } finally {\n    other.enterWith(prev);\n  }\n}',
    ),
    errors: [
      {
        messageId: 'enterWithWithoutRestore',
        line: 7,
        column: 5,
        suggestions: [
          {
            messageId: 'useRun',
            output: als(
              'const other = new AsyncLocalStorage<Ctx>();\nexport function handle(ctx: Ctx) {\n  const prev = other.getStore();\n  try {\n    als.run(ctx, () => {\n      work();\n    });\n  } finally {\n    other.enterWith(prev);\n  }\n}',
            ),
          },
        ],
      },
    ],
  },
  {
    // a restore under an if does not run on every path (when there was no outer store, ctx stays)
    code: als(
      'export function handle(ctx: Ctx) {\n  const prev = als.getStore();\n  als.enterWith(ctx);\n  try {\n    work();\n  } finally {\n    if (prev) als.enterWith(prev);\n  }\n}',
    ),
    errors: [
      {
        messageId: 'enterWithWithoutRestore',
        line: 5,
        column: 3,
        suggestions: [
          {
            messageId: 'useRun',
            output: als(
              'export function handle(ctx: Ctx) {\n  const prev = als.getStore();\n  als.run(ctx, () => {\n    try {\n      work();\n    } finally {\n      if (prev) als.enterWith(prev);\n    }\n  });\n}',
            ),
          },
        ],
      },
    ],
  },
  {
    // "prev" is a new store, and it is reassigned: neither enterWith is a restore
    code: als(
      'export function handle(ctx: Ctx) {\n  let prev = als.getStore();\n  prev = { ...ctx };\n  try {\n    als.enterWith(ctx);\n  } finally {\n    als.enterWith(prev);\n  }\n}',
    ),
    errors: [
      { messageId: 'enterWithWithoutRestore', line: 7, column: 5, suggestions: [] },
      { messageId: 'enterWithWithoutRestore', line: 9, column: 5, suggestions: [] },
    ],
  },
  {
    // a returned closure that does not restore is not a hand-off; neither is a token whose dispose() disables
    code: als(
      'class Token {\n  dispose() {\n    als.disable();\n  }\n}\nexport function enter(ctx: Ctx) {\n  als.enterWith(ctx);\n  return new Token();\n}\nexport function bind(ctx: Ctx) {\n  als.enterWith(ctx);\n  return () => log(ctx);\n}',
    ),
    errors: [
      {
        messageId: 'enterWithWithoutRestore',
        line: 9,
        column: 3,
        suggestions: [
          {
            messageId: 'useRun',
            output: als(
              'class Token {\n  dispose() {\n    als.disable();\n  }\n}\nexport function enter(ctx: Ctx) {\n  return als.run(ctx, () => {\n    return new Token();\n  });\n}\nexport function bind(ctx: Ctx) {\n  als.enterWith(ctx);\n  return () => log(ctx);\n}',
            ),
          },
        ],
      },
      {
        messageId: 'enterWithWithoutRestore',
        line: 13,
        column: 3,
        suggestions: [
          {
            messageId: 'useRun',
            output: als(
              'class Token {\n  dispose() {\n    als.disable();\n  }\n}\nexport function enter(ctx: Ctx) {\n  als.enterWith(ctx);\n  return new Token();\n}\nexport function bind(ctx: Ctx) {\n  return als.run(ctx, () => {\n    return () => log(ctx);\n  });\n}',
            ),
          },
        ],
      },
    ],
  },
  {
    // a token field written with something else than a saved store is not a restore
    code: als(
      'class Token {\n  constructor(private readonly previous: Ctx | undefined) {}\n  dispose() {\n    als.enterWith(this.previous);\n  }\n}\nexport function enter(ctx: Ctx) {\n  als.enterWith(ctx);\n  return new Token(ctx);\n}',
    ),
    errors: [
      { messageId: 'enterWithWithoutRestore', line: 6, column: 5, suggestions: [] },
      {
        messageId: 'enterWithWithoutRestore',
        line: 10,
        column: 3,
        suggestions: [
          {
            messageId: 'useRun',
            output: als(
              'class Token {\n  constructor(private readonly previous: Ctx | undefined) {}\n  dispose() {\n    als.enterWith(this.previous);\n  }\n}\nexport function enter(ctx: Ctx) {\n  return als.run(ctx, () => {\n    return new Token(ctx);\n  });\n}',
            ),
          },
        ],
      },
    ],
  },
  {
    // settings.tlkit.nodeVersion says Node >= 24: withScope is offered first
    code: MIDDLEWARE,
    settings: NODE_24,
    errors: [
      {
        messageId: 'enterWithWithoutRestore',
        line: 4,
        column: 3,
        suggestions: [
          { messageId: 'useWithScope', data: { name: 'als' }, output: MIDDLEWARE_WITH_SCOPE },
          { messageId: 'useRun', data: { name: 'als' }, output: MIDDLEWARE_RUN },
        ],
      },
    ],
  },
  {
    // a range that admits Node 22 gets no withScope advice
    code: MIDDLEWARE,
    settings: { tlkit: { nodeVersion: '>=22' } },
    errors: [
      {
        messageId: 'enterWithWithoutRestore',
        line: 4,
        column: 3,
        suggestions: [{ messageId: 'useRun', output: MIDDLEWARE_RUN }],
      },
    ],
  },
  {
    // engines.node of the package the file lives in
    code: MIDDLEWARE,
    filename: join(packageWithEngines('>=24.0.0'), 'src', 'middleware.ts'),
    errors: [
      {
        messageId: 'enterWithWithoutRestore',
        line: 4,
        column: 3,
        suggestions: [
          { messageId: 'useWithScope', output: MIDDLEWARE_WITH_SCOPE },
          { messageId: 'useRun', output: MIDDLEWARE_RUN },
        ],
      },
    ],
  },
  {
    code: MIDDLEWARE,
    filename: join(packageWithEngines('^22 || ^24'), 'src', 'middleware.ts'),
    errors: [
      { messageId: 'enterWithWithoutRestore', line: 4, column: 3, suggestions: [{ messageId: 'useRun', output: MIDDLEWARE_RUN }] },
    ],
  },
  {
    // `_` is taken (lodash): no withScope rewrite; a return inside an if: no run() rewrite
    code: als(
      "import _ from 'lodash';\nexport function handle(ctx: Ctx, items: number[]) {\n  if (items.length > 0) {\n    als.enterWith(ctx);\n    if (_.isEmpty(ctx)) return;\n    work();\n  }\n}",
    ),
    settings: NODE_24,
    errors: [{ messageId: 'enterWithWithoutRestore', line: 6, column: 5, suggestions: [] }],
  },
  {
    // moved code that breaks out of the enclosing loop cannot go into a callback
    code: als('export function each(items: Ctx[]) {\n  for (const item of items) {\n    als.enterWith(item);\n    if (item.done) break;\n    work();\n  }\n}'),
    settings: NODE_24,
    errors: [
      {
        messageId: 'enterWithWithoutRestore',
        line: 5,
        column: 5,
        suggestions: [
          {
            messageId: 'useWithScope',
            output: als(
              'export function each(items: Ctx[]) {\n  for (const item of items) {\n    using _ = als.withScope(item);\n    if (item.done) break;\n    work();\n  }\n}',
            ),
          },
        ],
      },
    ],
  },
  {
    // an await in a nested block: the callback becomes async and is awaited
    code: als(
      'export async function step(ctx: Ctx, ok: boolean) {\n  if (ok) {\n    als.enterWith(ctx);\n    await work();\n  }\n  done();\n}',
    ),
    errors: [
      {
        messageId: 'enterWithWithoutRestore',
        line: 5,
        column: 5,
        suggestions: [
          {
            messageId: 'useRun',
            output: als(
              'export async function step(ctx: Ctx, ok: boolean) {\n  if (ok) {\n    await als.run(ctx, async () => {\n      await work();\n    });\n  }\n  done();\n}',
            ),
          },
        ],
      },
    ],
  },
  {
    // a declaration used after the moved code keeps run() out; the last statement of a block has nothing to move
    code: als(
      'export function handle(ctx: Ctx) {\n  if (ctx.ok) {\n    als.enterWith(ctx);\n    var id = next();\n    {\n      als.enterWith({ id });\n    }\n  }\n  return id;\n}',
    ),
    errors: [
      { messageId: 'enterWithWithoutRestore', line: 5, column: 5, suggestions: [] },
      { messageId: 'enterWithWithoutRestore', line: 8, column: 7, suggestions: [] },
    ],
  },
  {
    // a store read after the enterWith is the store it put in place: putting it back undoes nothing
    code: als(
      'export function handle(ctx: Ctx) {\n  let prev;\n  try {\n    als.enterWith(ctx);\n    prev = als.getStore();\n    work();\n  } finally {\n    als.enterWith(prev);\n  }\n}',
    ),
    errors: [
      {
        messageId: 'enterWithWithoutRestore',
        line: 6,
        column: 5,
        suggestions: [
          {
            messageId: 'useRun',
            output: als(
              'export function handle(ctx: Ctx) {\n  let prev;\n  try {\n    als.run(ctx, () => {\n      prev = als.getStore();\n      work();\n    });\n  } finally {\n    als.enterWith(prev);\n  }\n}',
            ),
          },
        ],
      },
    ],
  },
  {
    // the same for a token built after the enterWith: its dispose() would put the new store back
    code: als(
      'class Token {\n  constructor(private readonly previous: Ctx | undefined) {}\n  dispose() {\n    als.enterWith(this.previous);\n  }\n}\nexport function enter(ctx: Ctx) {\n  als.enterWith(ctx);\n  return new Token(als.getStore());\n}',
    ),
    errors: [
      {
        messageId: 'enterWithWithoutRestore',
        line: 10,
        column: 3,
        suggestions: [
          {
            messageId: 'useRun',
            output: als(
              'class Token {\n  constructor(private readonly previous: Ctx | undefined) {}\n  dispose() {\n    als.enterWith(this.previous);\n  }\n}\nexport function enter(ctx: Ctx) {\n  return als.run(ctx, () => {\n    return new Token(als.getStore());\n  });\n}',
            ),
          },
        ],
      },
    ],
  },
  {
    // a parameter default is read when the token is built: after the enterWith, it saves the new store
    code: als(
      'class Token {\n  constructor(private readonly previous = als.getStore()) {}\n  [Symbol.dispose]() {\n    als.enterWith(this.previous);\n  }\n}\nexport function enter(ctx: Ctx) {\n  als.enterWith(ctx);\n  const token = new Token();\n  return token;\n}',
    ),
    errors: [
      {
        messageId: 'enterWithWithoutRestore',
        line: 10,
        column: 3,
        suggestions: [
          {
            messageId: 'useRun',
            output: als(
              'class Token {\n  constructor(private readonly previous = als.getStore()) {}\n  [Symbol.dispose]() {\n    als.enterWith(this.previous);\n  }\n}\nexport function enter(ctx: Ctx) {\n  return als.run(ctx, () => {\n    const token = new Token();\n    return token;\n  });\n}',
            ),
          },
        ],
      },
    ],
  },
  {
    // an exported restore helper may be called with anything: its enterWith is a set like any other
    code: als(
      'export function restore(store: Ctx | undefined) {\n  als.enterWith(store);\n}\nexport function run(ctx: Ctx) {\n  const prev = als.getStore();\n  restore(ctx);\n  try {\n    work();\n  } finally {\n    restore(prev);\n  }\n}',
    ),
    errors: [{ messageId: 'enterWithWithoutRestore', line: 4, column: 3, suggestions: [] }],
  },
];

const alsRuleTester = new RuleTester();

alsRuleTester.run('remove-in-finally (AsyncLocalStorage)', removeInFinally, {
  valid: ALS_VALID,
  invalid: ALS_INVALID,
});

describe('remove-in-finally never advises disable() for AsyncLocalStorage', () => {
  const linter = new Linter({ configType: 'flat' });
  const ALS_MESSAGES = new Set(['enterWithWithoutRestore', 'disableIsNotUndo', 'enterWithAtModuleLevel']);
  const cases = ALS_INVALID.flatMap((each) => [
    { ...each, settings: each.settings ?? {} },
    // every case again with withScope advice on, so that every suggestion appears
    { ...each, settings: NODE_24 },
  ]);

  it.each(cases.map((each, index) => [index, each] as const))('case %i: messages and suggestions', (_index, each) => {
    const messages = linter.verify(
      each.code,
      [{ ...plugin.configs.recommended, settings: each.settings }],
      // Linter applies a flat config only to files under its cwd; `settings` covers the engines cases.
      { filename: 'example.ts' },
    );
    const own = messages.filter((message) => message.ruleId === '@tlkit/remove-in-finally');
    expect(own.length).toBeGreaterThan(0);
    for (const message of own) {
      expect(ALS_MESSAGES.has(message.messageId ?? '')).toBe(true);
      expect(message.message).not.toContain('disable(');
      expect(message.message).not.toMatch(/\b(?:set|remove|runWith)\(|thread/u);
      for (const suggestion of message.suggestions ?? []) {
        expect(suggestion.desc).not.toContain('disable(');
        expect(suggestion.fix.text).not.toContain('disable(');
        const output = `${each.code.slice(0, suggestion.fix.range[0])}${suggestion.fix.text}${each.code.slice(suggestion.fix.range[1])}`;
        // the rewrite never adds a disable(): whatever the output holds was already in the code
        expect(output.split('disable(').length).toBeLessThanOrEqual(each.code.split('disable(').length);
      }
      if (message.messageId === 'disableIsNotUndo') {
        expect(message.message).toContain('never puts the previous store back');
        expect(message.message).toContain('Node 20 and 22');
        expect(message.message).toMatch(/als\.enterWith\(previous\)/u);
      }
    }
  });
});
