import { RuleTester } from '@typescript-eslint/rule-tester';
import { noInheritableInPool } from './no-inheritable-in-pool.js';
import { typedFixturesDir, typedRuleTesterConfig } from '../../tests/typedFixtures.js';

const IMPORT = "import { InheritableThreadLocal, ThreadPool } from '@tlkit/core';";
/** Module header: an InheritableThreadLocal `requestId` and a pool `pool`; the case's code starts on line 4. */
const HEADER = `${IMPORT}\nconst requestId = new InheritableThreadLocal<string>();\nconst pool = new ThreadPool({ size: 2 });`;
/** What the suggestion makes of {@link HEADER} when the `new` was the import's only use. */
const FIXED_HEADER =
  "import { TransmittableThreadLocal, ThreadPool } from '@tlkit/core';\nconst requestId = new TransmittableThreadLocal<string>();\nconst pool = new ThreadPool({ size: 2 });";

const inFixtures = `${typedFixturesDir}file.ts`;

const ruleTester = new RuleTester();

ruleTester.run('no-inheritable-in-pool', noInheritableInPool, {
  valid: [
    // a plain ThreadLocal and a TransmittableThreadLocal (and its subclass) are never inherited frozen
    "import { ThreadLocal, ThreadPool } from '@tlkit/core';\nconst user = new ThreadLocal<string>();\nconst pool = new ThreadPool({ size: 2 });\npool.execute(() => user.get());",
    "import { TransmittableThreadLocal, ThreadPool } from '@tlkit/core';\nconst tenant = new TransmittableThreadLocal<string>();\nconst pool = new ThreadPool({ size: 2 });\npool.execute(() => tenant.get());",
    "import { TransmittableThreadLocal, ThreadPool } from '@tlkit/core';\nclass TenantLocal extends TransmittableThreadLocal<string> {}\nconst tenant = new TenantLocal();\nconst pool = new ThreadPool({ size: 2 });\nvoid pool.submit(async () => tenant.get());",
    // `withInitial` makes a plain ThreadLocal, whatever class it is called on
    "import { InheritableThreadLocal, ThreadPool } from '@tlkit/core';\nconst counter = InheritableThreadLocal.withInitial(() => 0);\nconst pool = new ThreadPool({ size: 2 });\npool.execute(() => counter.get());",
    // read outside pool code: the thread that reads it is the one that inherited it
    `${HEADER}\nexport function current(): string {\n  return requestId.get();\n}`,
    `${HEADER}\nexport function submit(): Promise<number> {\n  const id = requestId.get();\n  return pool.submit(() => id.length);\n}`,
    // the task gives it its own value first: nothing inherited is read
    `${HEADER}\npool.execute(() => requestId.runWith('task', () => console.log(requestId.get())));`,
    `${HEADER}\npool.execute(() => {\n  requestId.set('task');\n  try {\n    console.log(requestId.get());\n  } finally {\n    requestId.remove();\n  }\n});`,
    `${HEADER}\npool.execute(() => {\n  using _ = requestId.scope('task');\n  console.log(requestId.get());\n});`,
    // not a pool: an unrelated `submit`, an executor that is not configured
    `${HEADER}\ndeclare const form: { submit(f: () => void): void };\nform.submit(() => requestId.get());`,
    `${HEADER}\ndeclare const queue: { add(f: () => void): void };\nqueue.add(() => requestId.get());`,
    // look-alikes: a local class, a class from elsewhere
    "import { ThreadPool } from '@tlkit/core';\nclass InheritableThreadLocal<T> { get(): T | undefined { return undefined; } }\nconst id = new InheritableThreadLocal<string>();\nconst pool = new ThreadPool({ size: 2 });\npool.execute(() => id.get());",
    "import { ThreadPool } from '@tlkit/core';\nimport { InheritableThreadLocal } from 'some-other-lib';\nconst id = new InheritableThreadLocal<string>();\nconst pool = new ThreadPool({ size: 2 });\npool.execute(() => id.get());",
    // `get` with an argument is not the thread-local's read
    `${HEADER}\ndeclare const cache: Map<string, string>;\npool.execute(() => cache.get('k'));`,
    // across files: transmittable ones stay silent
    {
      code: "import { tenant, TenantLocal } from './inheritable.js';\nimport { pool } from './context.js';\nconst local = new TenantLocal<string>();\npool.execute(() => tenant.get() + local.get());",
      filename: inFixtures,
    },
  ],
  invalid: [
    {
      // inline task; the `new` is the import's only use: the specifier is replaced
      code: `${HEADER}\npool.execute(() => console.log(requestId.get()));`,
      errors: [
        {
          messageId: 'inheritableReadInPool',
          data: { name: 'requestId' },
          line: 4,
          column: 32,
          suggestions: [
            {
              messageId: 'useTransmittable',
              data: { name: 'requestId' },
              output: `${FIXED_HEADER}\npool.execute(() => console.log(requestId.get()));`,
            },
          ],
        },
      ],
    },
    {
      // a task passed by name to submit(); the annotation keeps its import, the new class is added
      code: `${IMPORT}\nconst requestId: InheritableThreadLocal<string> = new InheritableThreadLocal<string>();\nconst pool = new ThreadPool({ size: 2 });\nfunction work(): string {\n  return requestId.get();\n}\nvoid pool.submit(work);`,
      errors: [
        {
          messageId: 'inheritableReadInPool',
          line: 5,
          column: 10,
          suggestions: [
            {
              messageId: 'useTransmittable',
              data: { name: 'requestId' },
              output: `import { InheritableThreadLocal, ThreadPool, TransmittableThreadLocal } from '@tlkit/core';\nconst requestId: InheritableThreadLocal<string> = new TransmittableThreadLocal<string>();\nconst pool = new ThreadPool({ size: 2 });\nfunction work(): string {\n  return requestId.get();\n}\nvoid pool.submit(work);`,
            },
          ],
        },
      ],
    },
    {
      // a function the task only calls, and a callback nested in a task: both on the pooled thread
      code: `${HEADER}\nfunction handle(): void {\n  console.log(requestId.get());\n}\npool.execute(() => handle());\npool.execute(async () => {\n  await Promise.resolve();\n  setTimeout(() => console.log(requestId.get()), 0);\n});`,
      errors: [
        { messageId: 'inheritableReadInPool' as const, line: 5, column: 15 },
        { messageId: 'inheritableReadInPool' as const, line: 10, column: 32 },
      ].map((error) => ({
        ...error,
        suggestions: [
          {
            messageId: 'useTransmittable' as const,
            data: { name: 'requestId' },
            output: `${FIXED_HEADER}\nfunction handle(): void {\n  console.log(requestId.get());\n}\npool.execute(() => handle());\npool.execute(async () => {\n  await Promise.resolve();\n  setTimeout(() => console.log(requestId.get()), 0);\n});`,
          },
        ],
      })),
    },
    {
      // an existing import of TransmittableThreadLocal is reused
      code: "import { InheritableThreadLocal, ThreadPool, TransmittableThreadLocal as TTL } from '@tlkit/core';\nexport const tenant = new TTL<string>();\nconst requestId = new InheritableThreadLocal<string>();\nconst pool = new ThreadPool({ size: 2 });\npool.execute(() => requestId.get());",
      errors: [
        {
          messageId: 'inheritableReadInPool',
          line: 5,
          column: 20,
          suggestions: [
            {
              messageId: 'useTransmittable',
              data: { name: 'requestId' },
              output: "import { InheritableThreadLocal, ThreadPool, TransmittableThreadLocal as TTL } from '@tlkit/core';\nexport const tenant = new TTL<string>();\nconst requestId = new TTL<string>();\nconst pool = new ThreadPool({ size: 2 });\npool.execute(() => requestId.get());",
            },
          ],
        },
      ],
    },
    {
      // a namespace import: only the class name changes
      code: "import * as core from '@tlkit/core';\nconst requestId = new core.InheritableThreadLocal<string>();\nconst pool = new core.ThreadPool({ size: 2 });\npool.execute(() => requestId.get());",
      errors: [
        {
          messageId: 'inheritableReadInPool',
          line: 4,
          column: 20,
          suggestions: [
            {
              messageId: 'useTransmittable',
              data: { name: 'requestId' },
              output: "import * as core from '@tlkit/core';\nconst requestId = new core.TransmittableThreadLocal<string>();\nconst pool = new core.ThreadPool({ size: 2 });\npool.execute(() => requestId.get());",
            },
          ],
        },
      ],
    },
    {
      // static and instance fields
      code: `${IMPORT}\nclass Context {\n  static readonly requestId = new InheritableThreadLocal<string>();\n  readonly trace = new InheritableThreadLocal<string>();\n  readonly pool = new ThreadPool({ size: 2 });\n  run(): void {\n    this.pool.execute(() => console.log(Context.requestId.get(), this.trace.get()));\n  }\n}`,
      errors: [
        {
          messageId: 'inheritableReadInPool',
          data: { name: 'Context.requestId' },
          line: 7,
          column: 41,
          suggestions: [
            {
              messageId: 'useTransmittable',
              data: { name: 'Context.requestId' },
              output: `import { InheritableThreadLocal, ThreadPool, TransmittableThreadLocal } from '@tlkit/core';\nclass Context {\n  static readonly requestId = new TransmittableThreadLocal<string>();\n  readonly trace = new InheritableThreadLocal<string>();\n  readonly pool = new ThreadPool({ size: 2 });\n  run(): void {\n    this.pool.execute(() => console.log(Context.requestId.get(), this.trace.get()));\n  }\n}`,
            },
          ],
        },
        {
          messageId: 'inheritableReadInPool',
          data: { name: 'this.trace' },
          line: 7,
          column: 66,
          suggestions: [
            {
              messageId: 'useTransmittable',
              data: { name: 'this.trace' },
              output: `import { InheritableThreadLocal, ThreadPool, TransmittableThreadLocal } from '@tlkit/core';\nclass Context {\n  static readonly requestId = new InheritableThreadLocal<string>();\n  readonly trace = new TransmittableThreadLocal<string>();\n  readonly pool = new ThreadPool({ size: 2 });\n  run(): void {\n    this.pool.execute(() => console.log(Context.requestId.get(), this.trace.get()));\n  }\n}`,
            },
          ],
        },
      ],
    },
    {
      // a configured executor
      code: `${HEADER}\ndeclare const queue: { add(f: () => void): void };\nqueue.add(() => requestId.get());`,
      options: [{ executors: ['queue.add'] }],
      errors: [{ messageId: 'inheritableReadInPool' as const, line: 5, column: 17 }].map((error) => ({
        ...error,
        suggestions: [
          {
            messageId: 'useTransmittable' as const,
            data: { name: 'requestId' },
            output: `${FIXED_HEADER}\ndeclare const queue: { add(f: () => void): void };\nqueue.add(() => requestId.get());`,
          },
        ],
      })),
    },
    {
      // a subclass, a require(), a name already taken: reported, no suggestion (not safe to rewrite)
      code: `${IMPORT}\nclass TraceLocal extends InheritableThreadLocal<string> {}\nconst trace = new TraceLocal();\nconst pool = new ThreadPool({ size: 2 });\npool.execute(() => trace.get());`,
      errors: [{ messageId: 'inheritableReadInPool', line: 5, column: 20, suggestions: [] }],
    },
    {
      code: "const { InheritableThreadLocal, ThreadPool } = require('@tlkit/core');\nconst requestId = new InheritableThreadLocal();\nconst pool = new ThreadPool({ size: 2 });\npool.execute(() => requestId.get());",
      errors: [{ messageId: 'inheritableReadInPool', line: 4, column: 20, suggestions: [] }],
    },
    {
      code: `${HEADER}\nexport function TransmittableThreadLocal(): void {}\npool.execute(() => requestId.get());`,
      errors: [{ messageId: 'inheritableReadInPool', line: 5, column: 20, suggestions: [] }],
    },
    {
      // a configured executor, in a file whose only link to a thread-local is a relative import it reads
      code: "import { requestId } from './inheritable.js';\ndeclare const queue: { add(f: () => void): void };\nqueue.add(() => console.log(requestId.get()));",
      filename: inFixtures,
      options: [{ executors: ['queue.add'] }],
      errors: [{ messageId: 'inheritableReadInPool', data: { name: 'requestId' }, line: 3, column: 29, suggestions: [] }],
    },
    {
      // across files, untyped: an exported instance, an instance of an exported subclass (two files away)
      code: "import { requestId, TraceLocal } from './inheritable.js';\nimport { currentRequest, pool } from './context.js';\nconst trace = new TraceLocal<string>();\npool.execute(() => console.log(requestId.get(), trace.get(), currentRequest.get()));",
      filename: inFixtures,
      errors: [
        { messageId: 'inheritableReadInPool', data: { name: 'requestId' }, line: 4, column: 32, suggestions: [] },
        { messageId: 'inheritableReadInPool', data: { name: 'trace' }, line: 4, column: 49, suggestions: [] },
        { messageId: 'inheritableReadInPool', data: { name: 'currentRequest' }, line: 4, column: 62, suggestions: [] },
      ],
    },
  ],
});

const typedRuleTester = new RuleTester(typedRuleTesterConfig);

typedRuleTester.run('no-inheritable-in-pool (typed)', noInheritableInPool, {
  valid: [
    {
      // by type: a transmittable subclass, and a plain thread-local, are silent
      code: "import type { TenantLocal } from './inheritable.js';\nimport type { ThreadLocal, ThreadPool } from '@tlkit/core';\nexport function f(tenant: TenantLocal<string>, user: ThreadLocal<string>, pool: ThreadPool): void {\n  pool.execute(() => console.log(tenant.get(), user.get()));\n}",
      options: [{ checkTypes: true }],
    },
    {
      // unresolved types never report
      code: "import { missing } from './does-not-exist.js';\nimport type { ThreadPool } from '@tlkit/core';\nexport function f(pool: ThreadPool, x: any): void {\n  pool.execute(() => console.log(missing.get(), x.get()));\n}",
      options: [{ checkTypes: true }],
    },
  ],
  invalid: [
    {
      // only types tell: a type-only import of an inheritable subclass
      code: "import type { TraceLocal } from './inheritable.js';\nimport type { ThreadPool } from '@tlkit/core';\nexport function f(trace: TraceLocal<string>, pool: ThreadPool): void {\n  pool.execute(() => console.log(trace.get()));\n}",
      options: [{ checkTypes: true }],
      errors: [{ messageId: 'inheritableReadInPool', data: { name: 'trace' }, line: 4, column: 34, suggestions: [] }],
    },
  ],
});
