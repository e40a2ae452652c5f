import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/*
 * Generates a TypeScript project of `fileCount` modules for the scan benchmark: 20 folders of
 * domain modules that import one another (interfaces, generic classes, async functions, unions),
 * with thread-locals in one module in ten (set/remove in finally, helpers, factories, pool tasks),
 * so that the scan does real work on a program the size of a real service.
 */

const CORE_STUB = `export declare class ThreadLocal<T> {
  static withInitial<S>(supplier: () => S): ThreadLocal<S>;
  get(): T;
  set(value: T): void;
  remove(): void;
  runWith<R>(value: T, fn: () => R): R;
  scope(value: T): Disposable;
}
export declare class InheritableThreadLocal<T> extends ThreadLocal<T> {}
export declare class ThreadPool {
  constructor(options: { size: number; name?: string });
  execute(task: () => unknown): void;
  submit<R>(task: () => R | Promise<R>): Promise<Awaited<R>>;
  shutdown(): Promise<void>;
}
`;

const TSCONFIG = {
  compilerOptions: {
    target: 'ES2022',
    lib: ['ES2022', 'ESNext.Disposable'],
    module: 'NodeNext',
    moduleResolution: 'NodeNext',
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    types: ['node'],
    paths: { '@tlkit/core': ['./stubs/tlkit-core.d.ts'] },
  },
  include: ['src'],
};

/** A deterministic pseudo-random generator (mulberry32), so every run generates the same project. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function modulePath(i: number): string {
  return `src/domain${Math.floor(i / 50)}/module${i}.ts`;
}

function importPath(from: number, to: number): string {
  const relative = path.posix.relative(path.posix.dirname(modulePath(from)), modulePath(to)).replace(/\.ts$/, '.js');
  return relative.startsWith('.') ? relative : `./${relative}`;
}

function moduleSource(i: number, next: () => number): string {
  const lines: string[] = [];
  const deps = i === 0 ? [] : [...new Set([0, 1, 2].map(() => Math.floor(next() * i)))];
  const threadLocal = i % 10 === 5;
  const pooled = i % 10 === 7 && i > 10;
  if (threadLocal) lines.push(`import { ThreadLocal } from '@tlkit/core';`);
  if (pooled) lines.push(`import { ThreadPool } from '@tlkit/core';`);
  for (const dep of deps) lines.push(`import { Service${dep}, type Entity${dep}, transform${dep} } from '${importPath(i, dep)}';`);
  if (pooled) {
    const tlModule = i - 2; // i % 10 === 5
    lines.push(
      `import { clear${tlModule}, context${tlModule}, createLocal${tlModule}, type Entity${tlModule}, handle${tlModule}, record${tlModule} } from '${importPath(i, tlModule)}';`,
    );
  }
  lines.push('');
  lines.push(`export type Status${i} = 'active' | 'suspended' | 'closed';`);
  lines.push(`export interface Entity${i} {`);
  lines.push(`  readonly id: string;`);
  lines.push(`  readonly version: number;`);
  lines.push(`  readonly status: Status${i};`);
  lines.push(`  readonly tags: ReadonlyArray<string>;`);
  lines.push(`  readonly attributes: Readonly<Record<string, number | string>>;`);
  for (const dep of deps) lines.push(`  readonly ref${dep}?: Entity${dep};`);
  lines.push(`}`);
  lines.push('');
  lines.push(`export function transform${i}<T extends { id: string }>(items: readonly T[], keep: (item: T) => boolean): Map<string, T> {`);
  lines.push(`  const result = new Map<string, T>();`);
  lines.push(`  for (const item of items) {`);
  lines.push(`    if (keep(item)) result.set(item.id, item);`);
  lines.push(`  }`);
  lines.push(`  return result;`);
  lines.push(`}`);
  lines.push('');
  lines.push(`export class Service${i} {`);
  lines.push(`  private readonly store = new Map<string, Entity${i}>();`);
  for (const dep of deps) lines.push(`  private readonly dep${dep} = new Service${dep}();`);
  lines.push('');
  lines.push(`  async find(id: string): Promise<Entity${i} | undefined> {`);
  lines.push(`    await Promise.resolve();`);
  lines.push(`    return this.store.get(id);`);
  lines.push(`  }`);
  lines.push('');
  lines.push(`  save(entity: Entity${i}): Entity${i} {`);
  lines.push(`    const next: Entity${i} = { ...entity, version: entity.version + 1 };`);
  lines.push(`    this.store.set(next.id, next);`);
  lines.push(`    return next;`);
  lines.push(`  }`);
  lines.push('');
  lines.push(`  active(): Entity${i}[] {`);
  lines.push(`    return [...transform${i}([...this.store.values()], (e) => e.status === 'active').values()];`);
  lines.push(`  }`);
  for (const dep of deps) {
    lines.push('');
    lines.push(`  async link${dep}(id: string): Promise<number> {`);
    lines.push(`    const other = await this.dep${dep}.find(id);`);
    lines.push(`    const picked = transform${dep}(other === undefined ? [] : [other], (e) => e.version > 0);`);
    lines.push(`    return picked.size + (other?.tags.length ?? 0);`);
    lines.push(`  }`);
  }
  lines.push(`}`);
  if (threadLocal) {
    lines.push('');
    lines.push(`export const context${i} = new ThreadLocal<Entity${i}>();`);
    lines.push(`export const tenant${i} = ThreadLocal.withInitial(() => 'public');`);
    lines.push('');
    lines.push(`export function clear${i}(): void {`);
    lines.push(`  context${i}.remove();`);
    lines.push(`}`);
    lines.push('');
    lines.push(`export function handle${i}(entity: Entity${i}): number {`);
    lines.push(`  context${i}.set(entity);`);
    lines.push(`  try {`);
    lines.push(`    return tenant${i}.runWith(entity.id, () => entity.version);`);
    lines.push(`  } finally {`);
    lines.push(`    clear${i}();`);
    lines.push(`  }`);
    lines.push(`}`);
    lines.push('');
    lines.push(`/** Leaks when run on a pool (pool-task-set): no remove() in a finally. */`);
    lines.push(`export function record${i}(entity: Entity${i}): void {`);
    lines.push(`  context${i}.set(entity);`);
    lines.push(`}`);
    lines.push('');
    lines.push(`export function createLocal${i}<T>(): ThreadLocal<T> {`);
    lines.push(`  return new ThreadLocal<T>();`);
    lines.push(`}`);
  }
  if (pooled) {
    const tlModule = i - 2;
    lines.push('');
    lines.push(`const pool${i} = new ThreadPool({ size: 4, name: 'pool${i}' });`);
    lines.push('');
    lines.push(`export async function dispatch${i}(entity: Entity${tlModule}): Promise<number> {`);
    lines.push(`  pool${i}.execute(() => clear${tlModule}());`);
    lines.push(`  pool${i}.execute(() => record${tlModule}(entity));`);
    lines.push(`  createLocal${tlModule}<string>().runWith(entity.id, () => undefined);`);
    lines.push(`  return pool${i}.submit(() => handle${tlModule}(entity));`);
    lines.push(`}`);
    lines.push('');
    lines.push(`export function peek${i}(): Entity${tlModule} | undefined {`);
    lines.push(`  return context${tlModule}.get();`);
    lines.push(`}`);
  }
  lines.push('');
  return lines.join('\n');
}

/**
 * Writes the generated project (tsconfig.json, a @tlkit/core stub, `fileCount` modules) to `dir`.
 *
 * @param dir - an empty directory
 * @param fileCount - number of modules to generate
 * @returns the path of the generated tsconfig.json
 */
export function generateProject(dir: string, fileCount: number): string {
  const next = random(0x7a11);
  mkdirSync(path.join(dir, 'stubs'), { recursive: true });
  writeFileSync(path.join(dir, 'stubs', 'tlkit-core.d.ts'), CORE_STUB);
  writeFileSync(path.join(dir, 'tsconfig.json'), `${JSON.stringify(TSCONFIG, null, 2)}\n`);
  for (let i = 0; i < fileCount; i++) {
    const file = path.join(dir, modulePath(i));
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, moduleSource(i, next));
  }
  return path.join(dir, 'tsconfig.json');
}
