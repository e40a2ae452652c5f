import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { kindOfDeclaredClass, packageNameOf } from './declaringPackage.js';

function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'tlkit-recognition-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

describe('kindOfDeclaredClass', () => {
  const root = tree({
    'package.json': JSON.stringify({ name: 'my-app' }),
    'node_modules/@tlkit/core/package.json': JSON.stringify({ name: '@tlkit/core' }),
    'node_modules/@tlkit/core/dist/index.d.ts': '',
    'node_modules/@types/node/package.json': JSON.stringify({ name: '@types/node' }),
    'node_modules/@types/node/async_hooks.d.ts': '',
    'node_modules/broken/package.json': '{ not json',
    'node_modules/broken/index.d.ts': '',
    'src/types/core.d.ts': '',
  });

  it('recognizes a class by the package that declares it', () => {
    expect(kindOfDeclaredClass('ThreadLocal', join(root, 'node_modules/@tlkit/core/dist/index.d.ts'))).toBe('thread-local');
    expect(kindOfDeclaredClass('ThreadPool', join(root, 'node_modules/@tlkit/core/dist/index.d.ts'))).toBe('thread-pool');
    expect(kindOfDeclaredClass('AsyncLocalStorage', join(root, 'node_modules/@types/node/async_hooks.d.ts'))).toBe(
      'async-local-storage',
    );
  });

  it('never takes a project’s own declaration of the same name for the real class', () => {
    expect(kindOfDeclaredClass('ThreadLocal', join(root, 'src/types/core.d.ts'))).toBeNull();
    expect(kindOfDeclaredClass('AsyncLocalStorage', join(root, 'node_modules/@tlkit/core/dist/index.d.ts'))).toBeNull();
  });

  it('treats an unreadable manifest as an unknown package, never as an error', () => {
    expect(packageNameOf(join(root, 'node_modules/broken/index.d.ts'))).toBeNull();
    expect(kindOfDeclaredClass('ThreadLocal', join(root, 'node_modules/broken/index.d.ts'))).toBeNull();
  });
});
