import { startPglite } from '../db/pgliteSnapshot.js';

/**
 * Makes sure the snapshot of a fresh PGlite data directory exists before any test file starts, so
 * that the files (and the demo they spawn) load it instead of each running initdb at once on a
 * fresh machine.
 */
export default async function setup(): Promise<void> {
  const db = await startPglite();
  await db.close();
}
