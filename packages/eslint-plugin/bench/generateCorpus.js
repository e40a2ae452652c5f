// @ts-check
// Generates the benchmark corpus: plain TypeScript modules of three shapes (thread-local code, services
// with collections and promises, ORM-style repositories), each about 110 lines, importing each other so
// that the type checker has cross-file work. Written to a temporary directory, never committed.
//
// The common layout is there too: thread-locals, an AsyncLocalStorage, a pool and a ThreadLocal subclass
// exported from a few context modules (one reached through a `context/index.ts` re-export) and used by
// every service and repository module, and error classes imported from `errors.ts` and thrown with `new`:
// the untyped rules follow those relative imports (and read `errors.ts` to learn it holds nothing relevant).
import { cpSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const CORE_STUB = fileURLToPath(new URL('../tests/fixtures/node_modules/@tlkit/core/', import.meta.url));
const TYPE_ROOTS = fileURLToPath(new URL('../../../node_modules/@types/', import.meta.url));

/** @param {number} i */
function threadLocalModule(i) {
  const prev = i > 0 ? `./file${i - 1}.js` : './file0.js';
  return `import { ThreadLocal, InheritableThreadLocal, ThreadPool } from '@tlkit/core';
import { AsyncLocalStorage } from 'node:async_hooks';
${i > 0 ? `import { helper${i - 1} } from '${prev}';` : `const helper${i - 1 < 0 ? 'Root' : i - 1} = (n: number): number => n;`}

export const user${i} = new ThreadLocal<string>();
export const tenant${i} = new InheritableThreadLocal<{ id: string; plan: string }>();
const depth${i} = ThreadLocal.withInitial(() => 0);
const storage${i} = new AsyncLocalStorage<Map<string, string>>();
const pool${i} = new ThreadPool({ size: 2 });

export class Context${i} {
  static readonly request = new ThreadLocal<{ id: string }>();
  readonly #cache = new Map<string, number>();

  lookup(key: string): number {
    const hit = this.#cache.get(key);
    if (hit !== undefined) return hit;
    const value = key.length * ${i + 1};
    this.#cache.set(key, value);
    return value;
  }

  run<R>(id: string, fn: () => R): R {
    Context${i}.request.set({ id });
    try {
      return fn();
    } finally {
      Context${i}.request.remove();
    }
  }
}

export function helper${i}(n: number): number {
  return ${i > 0 ? `helper${i - 1}(n) + 1` : 'n + 1'};
}

export function handle${i}(name: string, work: () => void): void {
  user${i}.set(name);
  try {
    depth${i}.set(depth${i}.get() + 1);
    work();
  } finally {
    depth${i}.remove();
    user${i}.remove();
  }
}

export function leaky${i}(name: string): string {
  user${i}.set(name);
  const parts = name.split('-');
  return parts.join('/');
}

export async function scoped${i}(id: string, plan: string): Promise<string> {
  return tenant${i}.runWith({ id, plan }, async () => {
    await Promise.resolve();
    return tenant${i}.get().id;
  });
}

export function submit${i}(ids: readonly string[]): Promise<number[]> {
  return Promise.all(
    ids.map((id) =>
      pool${i}.submit(() => {
        user${i}.set(id);
        try {
          return helper${i}(id.length);
        } finally {
          user${i}.remove();
        }
      }),
    ),
  );
}

export function baggage${i}<R>(entries: Record<string, string>, fn: () => R): R {
  const map = new Map<string, string>();
  for (const [key, value] of Object.entries(entries)) map.set(key, value);
  return storage${i}.run(map, fn);
}

export function params${i}(query: Record<string, string>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) params.set(key, value);
  const seen = new Set<string>();
  for (const key of params.keys()) seen.add(key);
  return \`\${params.toString()}#\${seen.size}\`;
}

export function total${i}(values: readonly number[]): number {
  let sum = 0;
  for (const value of values) {
    if (value > 0) sum += value;
    else if (value < -100) sum -= 1;
  }
  return sum;
}
`;
}

/** Number of context modules; each service or repository module uses one of them. */
const CONTEXT_MODULES = 4;

/** @param {number} k */
function contextModule(k) {
  return `import { ThreadLocal, ThreadPool } from '@tlkit/core';
import { AsyncLocalStorage } from 'node:async_hooks';

/** Request-scoped state of subsystem ${k}. */
export class RequestLocal${k}<T> extends ThreadLocal<T> {}

export const currentUser${k} = new ThreadLocal<string>();
export const currentRequest${k} = new RequestLocal${k}<{ id: string }>();
export const requestStore${k} = new AsyncLocalStorage<Map<string, string>>();
export const workers${k} = new ThreadPool({ size: 2 });

/** Clears the per-request state; called from the handlers' \`finally\`. */
export function clearUser${k}(): void {
  currentUser${k}.remove();
}
`;
}

const CONTEXT_INDEX = Array.from({ length: CONTEXT_MODULES }, (_, k) => `export * from '../context${k}.js';\n`).join('');

const ERRORS_MODULE = `export class NotFoundError extends Error {
  constructor(readonly id: string) {
    super(\`not found: \${id}\`);
  }
}

export class ValidationError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(problems.join('; '));
  }
}
`;

/** @param {number} i */
function serviceModule(i) {
  const k = i % CONTEXT_MODULES;
  return `import { helper${i - 1} } from './file${i - 1}.js';
import { clearUser${k}, currentUser${k}, requestStore${k} } from './context${k}.js';
import { NotFoundError } from './errors.js';

export interface Order${i} {
  id: string;
  amount: number;
  tags: string[];
}

async function save${i}(order: Order${i}): Promise<void> {
  await Promise.resolve(order);
}

export function helper${i}(n: number): number {
  return helper${i - 1}(n) * 2;
}

export class OrderService${i} {
  readonly #orders = new Map<string, Order${i}>();
  readonly #index = new WeakMap<Order${i}, number>();
  readonly #tags = new Set<string>();

  add(order: Order${i}): void {
    this.#orders.set(order.id, order);
    this.#index.set(order, this.#orders.size);
    for (const tag of order.tags) this.#tags.add(tag);
    void save${i}(order);
  }

  remove(id: string): boolean {
    const order = this.#orders.get(id);
    if (!order) return false;
    this.#orders.delete(id);
    return true;
  }

  fireAndForget(order: Order${i}): void {
    save${i}(order);
  }

  async persistAll(): Promise<number> {
    let count = 0;
    for (const order of this.#orders.values()) {
      await save${i}(order);
      count += 1;
    }
    return count;
  }

  total(): number {
    let sum = 0;
    for (const order of this.#orders.values()) sum += order.amount;
    return helper${i}(sum);
  }

  byTag(tag: string): Order${i}[] {
    return [...this.#orders.values()].filter((order) => order.tags.includes(tag));
  }

  require(id: string): Order${i} {
    const order = this.#orders.get(id);
    if (!order) throw new NotFoundError(id);
    return order;
  }
}

export function asUser${i}<R>(name: string, fn: () => R): R {
  currentUser${k}.set(name);
  try {
    return fn();
  } finally {
    currentUser${k}.remove();
  }
}

export function asUserVia${i}<R>(name: string, fn: () => R): R {
  currentUser${k}.set(name);
  try {
    return fn();
  } finally {
    clearUser${k}();
  }
}

export function traced${i}<R>(fn: () => R): R {
  return requestStore${k}.run(new Map([['service', 'orders-${i}']]), fn);
}
${i % 30 === 1 ? `
export function leakyUser${i}(name: string): void {
  currentUser${k}.set(name);
}
` : ''}
export function headers${i}(token: string): Headers {
  const headers = new Headers();
  headers.set('authorization', \`Bearer \${token}\`);
  headers.set('x-service', 'orders-${i}');
  return headers;
}

export async function retry${i}<T>(fn: () => Promise<T>, attempts = 3): Promise<T> {
  let last: unknown;
  for (let attempt = 0; attempt < attempts; attempt++) {
    try {
      return await fn();
    } catch (error) {
      last = error;
      await new Promise((resolve) => setTimeout(resolve, attempt * 10));
    }
  }
  throw last instanceof Error ? last : new Error(String(last));
}

export function summarize${i}(orders: readonly Order${i}[]): Record<string, number> {
  const summary: Record<string, number> = {};
  for (const order of orders) {
    for (const tag of order.tags) {
      summary[tag] = (summary[tag] ?? 0) + order.amount;
    }
  }
  return summary;
}

export function schedule${i}(service: OrderService${i}): void {
  setTimeout(() => {
    service.persistAll();
  }, 1000);
  Promise.resolve().then(() => service.total());
}
`;
}

/** @param {number} i */
function repositoryModule(i) {
  const k = i % CONTEXT_MODULES;
  return `import { helper${i - 1} } from './file${i - 1}.js';
import { RequestLocal${k}, currentRequest${k}, workers${k} } from './context/index.js';
import { ValidationError } from './errors.js';

const attempts${i} = new RequestLocal${k}<number>();

interface QueryBuilder${i}<T> {
  set(values: Partial<T>): QueryBuilder${i}<T>;
  where(condition: string, parameters?: Record<string, unknown>): QueryBuilder${i}<T>;
  execute(): Promise<number>;
}

interface Repository${i}<T> {
  createQueryBuilder(): { update(): QueryBuilder${i}<T> };
  remove(entity: T): Promise<T>;
  save(entity: T): Promise<T>;
  findOne(id: number): Promise<T | undefined>;
}

export interface Account${i} {
  id: number;
  owner: string;
  balance: number;
}

export function helper${i}(n: number): number {
  return helper${i - 1}(n) - 1;
}

export class AccountRepository${i} {
  constructor(private readonly repo: Repository${i}<Account${i}>) {}

  async rename(id: number, owner: string): Promise<number> {
    const qb = this.repo.createQueryBuilder().update();
    qb.set({ owner });
    return qb.where('id = :id', { id }).execute();
  }

  async credit(id: number, amount: number): Promise<void> {
    const account = await this.repo.findOne(id);
    if (!account) throw new Error(\`no account \${id}\`);
    account.balance += amount;
    await this.repo.save(account);
  }

  async close(id: number): Promise<boolean> {
    const account = await this.repo.findOne(id);
    if (!account) return false;
    await this.repo.remove(account);
    return true;
  }

  async transfer(from: number, to: number, amount: number): Promise<void> {
    await this.credit(from, -amount);
    try {
      await this.credit(to, amount);
    } catch (error) {
      await this.credit(from, amount);
      throw error;
    }
  }

  audit(ids: readonly number[]): void {
    for (const id of ids) {
      this.repo.findOne(id);
    }
  }
}

export function batch${i}(ids: readonly number[]): Promise<number[]> {
  return Promise.all(
    ids.map((id) =>
      workers${k}.submit(() => {
        currentRequest${k}.set({ id: String(id) });
        try {
          attempts${i}.set(1);
          return id;
        } finally {
          attempts${i}.remove();
          currentRequest${k}.remove();
        }
      }),
    ),
  );
}

export function check${i}(account: Account${i}): void {
  const problems = validate${i}(account);
  if (problems.length > 0) throw new ValidationError(problems);
}

export function validate${i}(account: Account${i}): string[] {
  const problems: string[] = [];
  if (account.owner.trim() === '') problems.push('owner is empty');
  if (!Number.isFinite(account.balance)) problems.push('balance is not finite');
  if (account.balance < -1000) problems.push('balance below overdraft limit');
  if (account.id <= 0) problems.push('id must be positive');
  return problems;
}

export function format${i}(account: Account${i}): string {
  const sign = account.balance < 0 ? '-' : '';
  const amount = Math.abs(account.balance).toFixed(2);
  return \`\${account.owner} (#\${account.id}): \${sign}\${amount} [\${helper${i}(account.id)}]\`;
}

export function group${i}(accounts: readonly Account${i}[]): Map<string, Account${i}[]> {
  const groups = new Map<string, Account${i}[]>();
  for (const account of accounts) {
    const list = groups.get(account.owner) ?? [];
    list.push(account);
    groups.set(account.owner, list);
  }
  return groups;
}
`;
}

/**
 * Writes the corpus.
 *
 * @param {string} dir - target directory (emptied first).
 * @param {number} files - number of modules.
 * @returns {{ files: string[]; lines: number }} the module paths and the total line count.
 */
export function generateCorpus(dir, files) {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, 'src'), { recursive: true });
  cpSync(CORE_STUB, join(dir, 'node_modules', '@tlkit', 'core'), { recursive: true });
  writeFileSync(
    join(dir, 'tsconfig.json'),
    JSON.stringify(
      {
        compilerOptions: {
          target: 'ES2022',
          lib: ['ES2022', 'ESNext.Disposable', 'DOM'],
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          strict: true,
          skipLibCheck: true,
          noEmit: true,
          typeRoots: [TYPE_ROOTS],
          types: ['node'],
        },
        include: ['src'],
      },
      null,
      2,
    ),
  );
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'tlkit-bench-corpus', private: true, type: 'module' }));
  const paths = [];
  let lines = 0;
  /** @param {string} relative @param {string} text */
  const write = (relative, text) => {
    const path = join(dir, 'src', relative);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
    paths.push(path);
    lines += text.split('\n').length - 1;
  };
  for (let k = 0; k < CONTEXT_MODULES; k++) write(`context${k}.ts`, contextModule(k));
  write(join('context', 'index.ts'), CONTEXT_INDEX);
  write('errors.ts', ERRORS_MODULE);
  for (let i = 0; i < files; i++) {
    const shape = i === 0 || i % 3 === 0 ? threadLocalModule : i % 3 === 1 ? serviceModule : repositoryModule;
    write(`file${i}.ts`, shape(i));
  }
  return { files: paths, lines };
}
