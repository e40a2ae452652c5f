import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { snapshotPath, startPglite } from './pgliteSnapshot.js';

describe('startPglite', () => {
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tlkit-pglite-test-'));
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('names the snapshot after the user and the installed PGlite build, in the temp directory', async () => {
    const path = await snapshotPath();
    expect(path.startsWith(tmpdir())).toBe(true);
    expect(path).toMatch(/tlkit-pglite-[\w.-]+-[0-9a-f]{16}\.tar\.gz$/);
    expect(await snapshotPath()).toBe(path);
  });

  it('replaces an unreadable snapshot with a fresh database and a good snapshot, then starts from it', async () => {
    const path = join(dir, 'snapshot.tar.gz');
    await writeFile(path, 'not a data directory');
    // A real initdb costs tens of seconds on a loaded 2-core machine: the fresh database is a real
    // PGlite started from the snapshot the suite's globalSetup made, and the test counts the starts.
    let freshStarts = 0;
    const startFresh = async (): Promise<PGlite> => {
      freshStarts++;
      return PGlite.create({ loadDataDir: new Blob([await readFile(await snapshotPath())]) });
    };
    const fresh = await startPglite(path, startFresh);
    expect(freshStarts).toBe(1);
    try {
      expect((await fresh.query<{ one: number }>('select 1 as one')).rows).toEqual([{ one: 1 }]);
    } finally {
      await fresh.close();
    }
    const written = await readFile(path);
    expect(written.subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b])); // gzip
    expect(existsSync(`${path}.${process.pid}.partial`)).toBe(false);

    const loaded = await startPglite(path, startFresh);
    expect(freshStarts).toBe(1); // loaded from the snapshot it wrote
    try {
      await loaded.query('create table t (x int)');
      await loaded.query('insert into t values (42)');
      expect((await loaded.query<{ x: number }>('select x from t')).rows).toEqual([{ x: 42 }]);
    } finally {
      await loaded.close();
    }
    // What a database wrote never reaches the snapshot: it stays the fresh data directory.
    // Buffer#equals, not toEqual: a deep comparison of 4 MB takes vitest tens of seconds.
    expect((await readFile(path)).equals(written)).toBe(true);
  });
});
