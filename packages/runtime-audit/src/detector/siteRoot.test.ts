import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, sep } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { relativeSite, siteRoot } from './siteRoot.js';

const dir = realpathSync(mkdtempSync(join(tmpdir(), 'tlkit-root-')));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('relativeSite', () => {
  const root = join(dir, 'app');

  it('makes a site inside the root relative, with / separators', () => {
    expect(relativeSite(`${join(root, 'src', 'tx.ts')}:8:34`, root)).toBe('src/tx.ts:8:34');
    expect(relativeSite(`${join(root, 'node_modules', 'lib', 'index.js')}:1:2`, root)).toBe('node_modules/lib/index.js:1:2');
  });

  it('keeps a site outside the root absolute, including a sibling whose name starts like the root', () => {
    expect(relativeSite(`${join(dir, 'other', 'x.js')}:1:1`, root)).toBe(`${join(dir, 'other', 'x.js')}:1:1`);
    expect(relativeSite(`${root}2${sep}x.js:1:1`, root)).toBe(`${root}2${sep}x.js:1:1`);
    expect(relativeSite(`${root}:1:1`, root)).toBe(`${root}:1:1`);
  });

  it('leaves locations that are not paths as they are, and everything when there is no root', () => {
    for (const site of ['webpack://app/src/tx.ts:8:34', '<anonymous>:1:1', 'node:internal/timers:5:3', 'src/already.ts:1:1']) {
      expect(relativeSite(site, root)).toBe(site);
    }
    expect(relativeSite(`${join(root, 'a.js')}:1:1`, undefined)).toBe(`${join(root, 'a.js')}:1:1`);
  });
});

describe('siteRoot', () => {
  it('defaults to the nearest directory at or above cwd with a package.json', () => {
    mkdirSync(join(dir, 'project', 'packages', 'api', 'src'), { recursive: true });
    writeFileSync(join(dir, 'project', 'package.json'), '{}');
    expect(siteRoot(undefined, join(dir, 'project', 'packages', 'api', 'src'))).toBe(join(dir, 'project'));
    writeFileSync(join(dir, 'project', 'packages', 'api', 'package.json'), '{}');
    expect(siteRoot(undefined, join(dir, 'project', 'packages', 'api', 'src'))).toBe(join(dir, 'project', 'packages', 'api'));
    expect(siteRoot(undefined, join(dir, 'project'))).toBe(join(dir, 'project'));
  });

  it('is undefined (absolute sites) with false', () => {
    expect(siteRoot(false, dir)).toBeUndefined();
  });

  it('resolves a given directory against cwd, through symlinks (module paths are real paths)', () => {
    mkdirSync(join(dir, 'releases', '42'), { recursive: true });
    symlinkSync(join(dir, 'releases', '42'), join(dir, 'current'));
    expect(siteRoot('current', dir)).toBe(join(dir, 'releases', '42'));
    expect(siteRoot(join(dir, 'current'), '/')).toBe(join(dir, 'releases', '42'));
  });

  it('rejects what is not a directory', () => {
    expect(() => siteRoot('missing', dir)).toThrow(new RangeError("options.root: 'missing' (expected: an existing directory, or false for absolute sites)"));
    writeFileSync(join(dir, 'file.txt'), '');
    expect(() => siteRoot('file.txt', dir)).toThrow(RangeError);
  });
});
