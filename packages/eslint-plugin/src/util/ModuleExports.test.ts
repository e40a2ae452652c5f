import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { ESLint } from 'eslint';
import type { Linter } from 'eslint';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import plugin from '../index.js';
import { ModuleExports, moduleExports, resolveRelativeImport } from './ModuleExports.js';
import type { ExportAnalyzer } from './ModuleExports.js';

// Drives both rules through ESLint with the untyped `recommended` config on small projects written to a
// temporary directory: the thread-local is declared in one file and used in another.

const root = mkdtempSync(join(tmpdir(), 'tlkit-cross-file-'));
let projectCount = 0;

afterAll(() => rmSync(root, { recursive: true, force: true }));
beforeEach(() => moduleExports.clear());

/** Writes the files of one project; returns its directory. */
function project(files: Record<string, string>): string {
  const dir = join(root, `p${projectCount++}`);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

/** The reports on one file of a project, as `ruleId:messageId@line`. */
async function lint(dir: string, file: string): Promise<string[]> {
  const eslint = new ESLint({
    cwd: dir,
    overrideConfigFile: true,
    overrideConfig: [plugin.configs.recommended] as Linter.Config[],
  });
  const [result] = await eslint.lintFiles([join(dir, file)]);
  return (result?.messages ?? []).map(
    (message) => `${message.ruleId ?? 'fatal'}:${message.messageId ?? message.message}@${message.line}`,
  );
}

const CONTEXT = `import { ThreadLocal, ThreadPool } from '@tlkit/core';
import { AsyncLocalStorage } from 'node:async_hooks';

export const user = new ThreadLocal<string>();
export const depth = ThreadLocal.withInitial(() => 0);
export const storage = new AsyncLocalStorage<string>();
export const pool = new ThreadPool({ size: 2 });
`;

const LEAKY_HANDLER = `import { user } from './context.js';

export function handle(name: string): void {
  user.set(name);
  console.log(name);
}
`;

describe('remove-in-finally across files', () => {
  it('reports a set() without remove() on a ThreadLocal exported from another file', async () => {
    const dir = project({ 'context.ts': CONTEXT, 'handler.ts': LEAKY_HANDLER });
    expect(await lint(dir, 'handler.ts')).toEqual(['@tlkit/remove-in-finally:missingRemove@4']);
  });

  it('gives the same report as when the ThreadLocal is declared in the same file', async () => {
    const sameFile = `import { ThreadLocal } from '@tlkit/core';\nexport const user = new ThreadLocal<string>();\n\nexport function handle(name: string): void {\n  user.set(name);\n  console.log(name);\n}\n`;
    const dir = project({ 'handler.ts': sameFile });
    expect(await lint(dir, 'handler.ts')).toEqual(['@tlkit/remove-in-finally:missingRemove@5']);
  });

  it('accepts a set() undone in a finally', async () => {
    const dir = project({
      'context.ts': CONTEXT,
      'handler.ts': `import { user, depth } from './context.js';

export function handle(name: string): void {
  user.set(name);
  try {
    depth.set(depth.get() + 1);
  } finally {
    depth.remove();
    user.remove();
  }
}
`,
    });
    expect(await lint(dir, 'handler.ts')).toEqual([]);
  });

  it('accepts a finally that calls a helper exported beside the thread-local, and only if it removes', async () => {
    const dir = project({
      'context.ts': `import { ThreadLocal } from '@tlkit/core';
export const currentUser = new ThreadLocal<string>();
export function clearRequest(): void {
  currentUser.remove();
}
export const forget = (): void => currentUser.remove();
export function log(): void {
  console.log(currentUser.get());
}
`,
      'handler.ts': `import { clearRequest, currentUser, forget, log } from './context.js';

export function a(name: string): void {
  currentUser.set(name);
  try {
    console.log(name);
  } finally {
    clearRequest();
  }
}

export function b(name: string): void {
  currentUser.set(name);
  try {
    console.log(name);
  } finally {
    forget();
  }
}

export function c(name: string): void {
  currentUser.set(name);
  try {
    console.log(name);
  } finally {
    log();
  }
}
`,
    });
    expect(await lint(dir, 'handler.ts')).toEqual(['@tlkit/remove-in-finally:missingRemove@22']);
  });

  it('reports a withInitial() thread-local set without remove()', async () => {
    const dir = project({
      'context.ts': CONTEXT,
      'handler.ts': `import { depth } from './context.js';\nexport function f(): void {\n  depth.set(1);\n}\n`,
    });
    expect(await lint(dir, 'handler.ts')).toEqual(['@tlkit/remove-in-finally:missingRemove@3']);
  });

  it('reports an enterWith() on an AsyncLocalStorage exported from another file', async () => {
    // Renamed `enterWithWithoutRestore` by the ALS work on the rule; the id follows the rule.
    const dir = project({
      'context.ts': CONTEXT,
      'handler.ts': `import { storage } from './context.js';\nexport function f(id: string): void {\n  storage.enterWith(id);\n}\n`,
    });
    const [report] = await lint(dir, 'handler.ts');
    expect(report).toMatch(/^@tlkit\/remove-in-finally:enterWith\w+@3$/u);
  });

  it('reports a set() in a task submitted to a ThreadPool exported from another file', async () => {
    const dir = project({
      'context.ts': CONTEXT,
      'pool.ts': `import { ThreadPool } from '@tlkit/core';\nexport const workers = new ThreadPool({ size: 4 });\n`,
      'handler.ts': `import { workers } from './pool.js';
import { user } from './context.js';

export function f(id: string): void {
  void workers.submit(() => {
    user.set(id);
  });
}
`,
    });
    expect(await lint(dir, 'handler.ts')).toEqual(['@tlkit/remove-in-finally:missingRemoveInPool@6']);
  });

  it('follows export { x as y }, export default, export * and export { a } from chains', async () => {
    const dir = project({
      'context.ts': CONTEXT,
      'ctx/index.ts': `export * from '../context.js';\nexport { user as currentUser } from '../context.js';\n`,
      'renamed.ts': `import { user as u } from './context.js';\nconst local = u;\nexport { local as renamed };\n`,
      'default.ts': `import { ThreadLocal } from '@tlkit/core';\nexport default new ThreadLocal<number>();\n`,
      'handler.ts': `import { currentUser, storage } from './ctx';
import { renamed } from './renamed.js';
import counter from './default.js';

export function f(id: string): void {
  currentUser.set(id);
  renamed.set(id);
  counter.set(1);
  storage.enterWith(id);
}
`,
    });
    const reports = await lint(dir, 'handler.ts');
    expect(reports.slice(0, 3)).toEqual([
      '@tlkit/remove-in-finally:missingRemove@6',
      '@tlkit/remove-in-finally:missingRemove@7',
      '@tlkit/remove-in-finally:missingRemove@8',
    ]);
    expect(reports[3]).toMatch(/^@tlkit\/remove-in-finally:enterWith\w+@9$/u);
    expect(reports).toHaveLength(4);
  });

  it('does not recognize a look-alike module that declares its own class ThreadLocal', async () => {
    const dir = project({
      'context.ts': CONTEXT,
      'lookalike.ts': `export class ThreadLocal<T> {\n  set(_value: T): void {}\n}\nexport const user = new ThreadLocal<string>();\n`,
      'handler.ts': `import { user, ThreadLocal } from './lookalike.js';
import { user as real } from './context.js';
export function f(id: string): void {
  user.set(id);
  const mine = new ThreadLocal<string>();
  mine.set(id);
  real.set(id);
}
`,
    });
    // Only the real one, imported the same way, is reported.
    expect(await lint(dir, 'handler.ts')).toEqual(['@tlkit/remove-in-finally:missingRemove@7']);
  });

  it('reports nothing, and does not throw, when the imported file is missing or unparsable', async () => {
    const dir = project({
      'broken.ts': `import { ThreadLocal } from '@tlkit/core';\nexport const user = new ThreadLocal<string>(;\n`,
      'context.ts': CONTEXT,
      'handler.ts': `import { user } from './broken.js';
import { other } from './missing.js';
import { storage } from './context.js';
export function f(id: string): void {
  user.set(id);
  other.set(id);
  const instance = new other();
  void instance;
  storage.enterWith(id);
}
`,
    });
    const reports = await lint(dir, 'handler.ts');
    expect(reports).toHaveLength(1);
    expect(reports[0]).toMatch(/^@tlkit\/remove-in-finally:enterWith\w+@9$/u);
  });

  it('re-reads an imported file whose modification time changed (an editor edits it)', async () => {
    const dir = project({
      'context.ts': `export const user = new Map<string, string>();\n`,
      'handler.ts': `import { user } from './context.js';\nexport function f(id: string): void {\n  user.set(id);\n}\n`,
    });
    expect(await lint(dir, 'handler.ts')).toEqual([]);
    writeFileSync(
      join(dir, 'context.ts'),
      `import { ThreadLocal } from '@tlkit/core';\nexport const user = new ThreadLocal<string>();\n`,
    );
    // Some file systems keep whole-second times: make sure the time moves.
    const later = new Date(Date.now() + 5000);
    utimesSync(join(dir, 'context.ts'), later, later);
    expect(await lint(dir, 'handler.ts')).toEqual(['@tlkit/remove-in-finally:missingRemove@3']);
  });
});

describe('the README example', () => {
  it('reports all three problems in handler.ts', async () => {
    const dir = project({
      'context.ts': `import { ThreadLocal, ThreadPool } from '@tlkit/core';
export const currentUser = new ThreadLocal<string>();
export class RequestLocal<T> extends ThreadLocal<T> {}
export const workers = new ThreadPool({ size: 4 });
`,
      'handler.ts': `import { currentUser, RequestLocal, workers } from './context.js';

export function handle(name: string, id: string): void {
  currentUser.set(name);
  const local = new RequestLocal<string>();
  void workers.submit(() => currentUser.set(id));
}
`,
    });
    expect((await lint(dir, 'handler.ts')).sort()).toEqual([
      '@tlkit/remove-in-finally:missingRemove@4',
      '@tlkit/remove-in-finally:missingRemoveInPool@6',
      '@tlkit/static-thread-local:createdRepeatedly@5',
    ]);
  });
});

describe('static-thread-local across files', () => {
  const REQUEST_LOCAL = `import { ThreadLocal } from '@tlkit/core';\n\nexport class RequestLocal<T> extends ThreadLocal<T> {}\n`;

  it('reports a subclass exported from another file and created per call', async () => {
    const dir = project({
      'RequestLocal.ts': REQUEST_LOCAL,
      'handler.ts': `import { RequestLocal } from './RequestLocal.js';

export const shared = new RequestLocal<string>();

export function handle(): string | undefined {
  const local = new RequestLocal<string>();
  return local.get();
}
`,
    });
    expect(await lint(dir, 'handler.ts')).toEqual(['@tlkit/static-thread-local:createdRepeatedly@6']);
  });

  it('follows default-exported classes, aliases, and subclasses declared in the linted file', async () => {
    const dir = project({
      'RequestLocal.ts': REQUEST_LOCAL,
      'base.ts': `import { RequestLocal } from './RequestLocal.js';\nexport default class extends RequestLocal<number> {}\nexport const Alias = RequestLocal;\n`,
      'handler.ts': `import Base, { Alias } from './base.js';

class Mine extends Base {}

export function handle(): void {
  void new Base();
  void new Alias<string>();
  void new Mine();
}
`,
    });
    expect(await lint(dir, 'handler.ts')).toEqual([
      '@tlkit/static-thread-local:createdRepeatedly@6',
      '@tlkit/static-thread-local:createdRepeatedly@7',
      '@tlkit/static-thread-local:createdRepeatedly@8',
    ]);
  });

  it('follows a project module that re-exports the classes of @tlkit/core', async () => {
    const dir = project({
      'tl.ts': `export * from '@tlkit/core';\nexport { ThreadLocal as TL } from '@tlkit/core';\n`,
      'handler.ts': `import { ThreadLocal, TL } from './tl.js';

export function handle(): void {
  void new ThreadLocal<string>();
  void new TL<string>();
}
`,
    });
    expect(await lint(dir, 'handler.ts')).toEqual([
      '@tlkit/static-thread-local:createdRepeatedly@4',
      '@tlkit/static-thread-local:createdRepeatedly@5',
    ]);
  });

  it('does not report classes imported from files that have nothing to do with thread-locals', async () => {
    const dir = project({
      'service.ts': `export class Service {}\nexport class Derived extends Service {}\n`,
      'handler.ts': `import { Service, Derived } from './service.js';\nexport function f(): void {\n  void new Service();\n  void new Derived();\n}\n`,
    });
    expect(await lint(dir, 'handler.ts')).toEqual([]);
  });

  it('survives import cycles', async () => {
    const dir = project({
      'a.ts': `import { B } from './b.js';\nexport class A extends B {}\nexport { b } from './b.js';\n`,
      'b.ts': `import { A } from './a.js';\nexport class B extends A {}\nexport { b2 as b } from './a.js';\nexport * from './a.js';\n`,
      'handler.ts': `import { A, b } from './a.js';\nexport function f(): void {\n  void new A();\n  b.set(1);\n}\n`,
    });
    expect(await lint(dir, 'handler.ts')).toEqual([]);
  });
});

describe('ModuleExports', () => {
  it('reads no other file when no imported binding is used where a rule would ask for its kind', async () => {
    const dir = project({
      'context.ts': CONTEXT,
      'service.ts': `export class Service {}\nexport const helper = (n: number): number => n;\n`,
      'handler.ts': `import { user } from './context.js';
import { helper } from './service.js';
export function f(): number {
  const seen = new Map<string, number>();
  seen.set(String(user.get()), helper(1));
  return seen.size;
}
`,
      'creates.ts': `import { Service } from './service.js';\nexport const make = (): Service => new Service();\n`,
    });
    expect(await lint(dir, 'handler.ts')).toEqual([]);
    expect(moduleExports.size).toBe(0);
    // A \`new\` of an imported class is a candidate: its file is read, once.
    expect(await lint(dir, 'creates.ts')).toEqual([]);
    expect(moduleExports.size).toBe(1);
  });

  const analyzer: ExportAnalyzer = {
    recognizerFor: () => ({ classKind: () => null, instanceKind: () => null, memberKinds: () => new Map(), returnKindOf: () => null, isPlainClass: () => false }),
    packageClassKind: () => null,
    mentionsKnownModule: () => false,
  };

  it('resolves relative specifiers the TypeScript ESM way', () => {
    const dir = project({
      'a.ts': '',
      'b.mts': '',
      'c.js': '',
      'dir/index.ts': '',
      'e.tsx': '',
    });
    const from = join(dir, 'main.ts');
    expect(resolveRelativeImport(from, './a.js')).toBe(join(dir, 'a.ts'));
    expect(resolveRelativeImport(from, './a')).toBe(join(dir, 'a.ts'));
    expect(resolveRelativeImport(from, './b.mjs')).toBe(join(dir, 'b.mts'));
    expect(resolveRelativeImport(from, './c.js')).toBe(join(dir, 'c.js'));
    expect(resolveRelativeImport(from, './dir')).toBe(join(dir, 'dir', 'index.ts'));
    expect(resolveRelativeImport(from, './e.js')).toBe(join(dir, 'e.tsx'));
    expect(resolveRelativeImport(from, './missing.js')).toBeNull();
    expect(resolveRelativeImport(from, '@tlkit/core')).toBeNull();
    expect(resolveRelativeImport(from, '~/a')).toBeNull();
  });

  it('parses each file once and keeps at most `capacity` files', () => {
    const dir = project({
      'a.ts': "import { x } from './x.js';\nexport const a = x;\n",
      'b.ts': "import { x } from './x.js';\nexport const b = x;\n",
      'leaf.ts': 'export class Leaf {}\n',
    });
    const cache = new ModuleExports(1);
    let parses = 0;
    const counting: ExportAnalyzer = {
      ...analyzer,
      recognizerFor: () => {
        parses++;
        return { classKind: () => null, instanceKind: () => null, memberKinds: () => new Map(), returnKindOf: () => null, isPlainClass: () => false };
      },
    };
    const context = { filename: join(dir, 'main.ts'), parserOptions: undefined };
    cache.importedKinds(context, './a.js', 'a', counting);
    cache.importedKinds(context, './a.js', 'a', counting);
    expect(parses).toBe(1);
    cache.importedKinds(context, './b.js', 'b', counting);
    expect(cache.size).toBe(1);
    cache.importedKinds(context, './a.js', 'a', counting);
    expect(parses).toBe(3);
    // A file that imports nothing relative and names no known package is not parsed at all.
    cache.importedKinds(context, './leaf.js', 'Leaf', counting);
    expect(parses).toBe(3);
  });

  it('resolves imports afresh for each linted file, unless the typed program is the same', () => {
    const dir = project({ 'a.ts': "import { x } from './x.js';\nexport const a = x;\n" });
    const cache = new ModuleExports();
    let parses = 0;
    const counting: ExportAnalyzer = {
      ...analyzer,
      recognizerFor: () => {
        parses++;
        return { classKind: () => null, instanceKind: () => null, memberKinds: () => new Map(), returnKindOf: () => null, isPlainClass: () => false };
      },
    };
    const context = { filename: join(dir, 'main.ts'), parserOptions: undefined };
    /** Rewrites a.ts with a new size and a later modification time, as an editor saving it. */
    const edit = (text: string, seconds: number): void => {
      writeFileSync(join(dir, 'a.ts'), text);
      const later = new Date(Date.now() + seconds * 1000);
      utimesSync(join(dir, 'a.ts'), later, later);
    };
    const program = {};
    cache.beginLintedFile(program);
    cache.importedKinds(context, './a.js', 'a', counting);
    expect(parses).toBe(1);
    // The next file of the same typed run: the edit is not looked for, as the program has not seen it either.
    edit("import { x } from './x.js';\nexport const a = x; // edited\n", 5);
    cache.beginLintedFile(program);
    cache.importedKinds(context, './a.js', 'a', counting);
    expect(parses).toBe(1);
    // A new program (typescript-eslint saw a change) or an untyped lint: the file is read again.
    cache.beginLintedFile({});
    cache.importedKinds(context, './a.js', 'a', counting);
    expect(parses).toBe(2);
    edit("import { x } from './x.js';\nexport const a = x; // edited twice\n", 10);
    cache.beginLintedFile();
    cache.importedKinds(context, './a.js', 'a', counting);
    expect(parses).toBe(3);
    edit("import { x } from './x.js';\nexport const a = x; // edited three times\n", 15);
    cache.beginLintedFile();
    cache.importedKinds(context, './a.js', 'a', counting);
    expect(parses).toBe(4);
  });

  it('keeps at most `treeCapacity` syntax trees, parsing a dropped file again when it is needed', () => {
    const dir = project({
      'a.ts': "import { x } from './x.js';\nexport const a = x;\n",
      'b.ts': "import { x } from './x.js';\nexport const b = x;\n",
      'leaf.ts': 'export class Leaf {}\n',
    });
    const cache = new ModuleExports(10, 1);
    let parses = 0;
    const counting: ExportAnalyzer = {
      ...analyzer,
      recognizerFor: () => {
        parses++;
        return { classKind: () => null, instanceKind: () => null, memberKinds: () => new Map(), returnKindOf: () => null, isPlainClass: () => false };
      },
    };
    const context = { filename: join(dir, 'main.ts'), parserOptions: undefined };
    cache.importedKinds(context, './a.js', 'a', counting);
    cache.importedKinds(context, './leaf.js', 'Leaf', counting);
    expect(cache.size).toBe(2);
    cache.importedKinds(context, './b.js', 'b', counting);
    // a.ts made room for b.ts; the leaf, which keeps no tree, stays.
    expect(cache.size).toBe(2);
    expect(parses).toBe(2);
    cache.importedKinds(context, './a.js', 'a', counting);
    expect(parses).toBe(3);
    cache.importedKinds(context, './leaf.js', 'Leaf', counting);
    expect(cache.size).toBe(2);
  });

  it('parses JSX in .tsx files', async () => {
    const dir = project({
      'context.tsx': `import { ThreadLocal } from '@tlkit/core';\nexport const user = new ThreadLocal<string>();\nexport const view = <div>{String(user.get())}</div>;\n`,
      'handler.ts': `import { user } from './context.js';\nexport function f(id: string): void {\n  user.set(id);\n}\n`,
    });
    expect(await lint(dir, 'handler.ts')).toEqual(['@tlkit/remove-in-finally:missingRemove@3']);
  });

  it('can be switched off (for the benchmark)', async () => {
    const dir = project({ 'context.ts': CONTEXT, 'handler.ts': LEAKY_HANDLER });
    moduleExports.enabled = false;
    try {
      expect(await lint(dir, 'handler.ts')).toEqual([]);
    } finally {
      moduleExports.enabled = true;
    }
  });
});
