import { createHash } from 'node:crypto';
import { readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir, userInfo } from 'node:os';
import { dirname, join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';

// A fresh PGlite runs initdb inside WASM: 3–13 s on a loaded 2-core machine, while loading a
// snapshot of that fresh data directory takes a quarter of it. The demo and each test file start
// their own database, so the first one to run writes the snapshot and the others load it.

/**
 * Where the snapshot of a fresh data directory lives: the temp directory, named after the user and
 * the installed PGlite (its version and the size of its entry module), so a different PGlite never
 * reads another's snapshot while every checkout of the same one shares it.
 *
 * @returns the snapshot's path
 */
export async function snapshotPath(): Promise<string> {
  // createRequire, not import.meta.resolve: vitest's module runner (globalSetup) lacks the latter.
  const entry = createRequire(import.meta.url).resolve('@electric-sql/pglite');
  const { size } = await stat(entry);
  const build = createHash('sha256').update(`${await pgliteVersion(entry)}\0${size}`).digest('hex').slice(0, 16);
  return join(tmpdir(), `tlkit-pglite-${safeUserName()}-${build}.tar.gz`);
}

/**
 * @param entry - the path of PGlite's entry module
 * @returns the `version` of the nearest package.json above it, or `unknown`
 */
async function pgliteVersion(entry: string): Promise<string> {
  for (let dir = dirname(entry); dir !== dirname(dir); dir = dirname(dir)) {
    const manifest = await readFile(join(dir, 'package.json'), 'utf8').catch(() => undefined);
    if (manifest === undefined) continue;
    const { name, version } = JSON.parse(manifest) as { name?: unknown; version?: unknown };
    if (name === '@electric-sql/pglite' && typeof version === 'string') return version;
  }
  return 'unknown';
}

/** The user's name for the snapshot's file name, so users sharing `/tmp` do not share files. */
function safeUserName(): string {
  try {
    return userInfo().username.replace(/[^\w.-]/g, '_');
  } catch {
    return String(process.getuid?.() ?? 'user');
  }
}

/**
 * Starts an in-memory PGlite, from the cached snapshot of a fresh data directory when there is one.
 * A snapshot that cannot be read or loaded is deleted and the database starts fresh, so the cache
 * never changes what the database holds, only how fast it starts.
 *
 * @param path - the snapshot's file; default {@link snapshotPath}
 * @param fresh - starts a database from nothing (initdb); the tests pass one that is faster
 * @returns the database, ready
 */
export async function startPglite(path?: string, fresh: () => Promise<PGlite> = () => PGlite.create()): Promise<PGlite> {
  path ??= await snapshotPath();
  const cached = await readFile(path).catch(() => undefined);
  if (cached !== undefined) {
    try {
      return await PGlite.create({ loadDataDir: new Blob([cached]) });
    } catch {
      await unlink(path).catch(() => undefined);
    }
  }
  const db = await fresh();
  await saveSnapshot(db, path).catch(() => undefined); // a read-only temp dir only costs speed
  return db;
}

/**
 * Writes the snapshot of a fresh database, atomically: a concurrent reader sees the whole file or none.
 *
 * @param db - a database nothing has written to yet
 * @param path - where the snapshot goes
 */
async function saveSnapshot(db: PGlite, path: string): Promise<void> {
  const dump = await db.dumpDataDir('gzip');
  const partial = `${path}.${process.pid}.partial`;
  await writeFile(partial, new Uint8Array(await dump.arrayBuffer()));
  await rename(partial, path);
}
