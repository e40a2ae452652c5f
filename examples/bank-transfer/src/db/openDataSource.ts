import type { DataSource } from './DataSource.js';
import { PgDataSource } from './PgDataSource.js';
import { PgliteDataSource } from './PgliteDataSource.js';

/** Options of {@link openDataSource}. */
export interface OpenDataSourceOptions {
  /** A `postgres://` URL; default `process.env.DATABASE_URL`. Empty or unset: PGlite. */
  databaseUrl?: string | undefined;
}

/**
 * Opens the example's database: a real Postgres through `pg` when `DATABASE_URL` is set, the
 * embedded PGlite otherwise. Never falls back silently: an unreachable `DATABASE_URL` is an error.
 *
 * @param options - the URL
 * @returns the data source, ready
 * @throws DatabaseUnavailableError when a URL is given and the database cannot be used
 */
export async function openDataSource(options: OpenDataSourceOptions = {}): Promise<DataSource> {
  const url = 'databaseUrl' in options ? options.databaseUrl : process.env['DATABASE_URL'];
  if (url === undefined || url === '') return PgliteDataSource.create();
  return PgDataSource.connect(url);
}
