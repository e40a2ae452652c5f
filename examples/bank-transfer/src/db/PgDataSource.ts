import pg from 'pg';
import { DatabaseUnavailableError } from '../errors.js';
import { DataSource } from './DataSource.js';
import type { QueryResult, Session } from './Session.js';

/** Options of {@link PgDataSource.connect}. */
export interface PgDataSourceOptions {
  /** The schema the tables live in (created if missing, first on the search path); default `tlkit_bank_transfer`. */
  schema?: string;
  /** Most connections the pool opens; default 10. */
  max?: number;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * A data source over a real Postgres server through a `pg.Pool`: each connection is a pooled
 * client (its own session), so transactions really run concurrently. Used when `DATABASE_URL` is set.
 */
export class PgDataSource extends DataSource {
  readonly kind = 'postgres' as const;
  readonly description: string;
  readonly #pool: pg.Pool;

  private constructor(pool: pg.Pool, description: string) {
    super();
    this.#pool = pool;
    this.description = description;
  }

  /**
   * Connects to `url` and checks that the server answers, creating the schema if it is missing.
   *
   * @param url - a `postgres://` connection string
   * @param options - schema and pool size
   * @returns the data source, ready
   * @throws TypeError when the schema name is not a plain lower-case identifier
   * @throws DatabaseUnavailableError when the server cannot be reached or refuses the connection
   */
  static async connect(url: string, options: PgDataSourceOptions = {}): Promise<PgDataSource> {
    const schema = options.schema ?? 'tlkit_bank_transfer';
    if (!SCHEMA_NAME.test(schema)) {
      throw new TypeError(`options.schema: ${JSON.stringify(schema)} (expected: a lower-case SQL identifier)`);
    }
    const pool = new pg.Pool({
      connectionString: url,
      max: options.max ?? 10,
      connectionTimeoutMillis: 5_000,
      options: `-c search_path=${schema}`,
    });
    // An idle client that loses its server must not crash the process; the next checkout fails with the cause.
    pool.on('error', (error) => {
      console.warn(`pg: an idle pooled connection failed: ${error.message}`);
    });
    let redacted = url;
    try {
      const parsed = new URL(url);
      if (parsed.password !== '') parsed.password = '***';
      redacted = parsed.toString();
    } catch {
      // Not a URL (a key=value string): show it as given, pg will have rejected it already.
    }
    try {
      const client = await pool.connect();
      try {
        await client.query(`create schema if not exists ${schema}`);
      } finally {
        client.release();
      }
    } catch (error) {
      await pool.end().catch(() => undefined);
      const reason = error instanceof Error ? error.message : String(error);
      throw new DatabaseUnavailableError(
        `DATABASE_URL is set (${redacted}) but the database cannot be used: ${reason}. ` +
          'Start the server or fix the URL; unset DATABASE_URL to use the embedded PGlite database instead.',
        { cause: error },
      );
    }
    return new PgDataSource(pool, `Postgres at ${redacted} (schema ${schema})`);
  }

  protected override async openSession(): Promise<Session> {
    return new PgSession(await this.#pool.connect());
  }

  protected override async shutdown(): Promise<void> {
    await this.#pool.end();
  }
}

/** One pooled client: its own server session. */
class PgSession implements Session {
  readonly #client: pg.PoolClient;
  #released = false;

  constructor(client: pg.PoolClient) {
    this.#client = client;
  }

  async query<R>(sql: string, params: readonly unknown[]): Promise<QueryResult<R>> {
    const result = await this.#client.query(sql, [...params]);
    return { rows: result.rows as R[], rowCount: result.rowCount ?? result.rows.length };
  }

  async begin(): Promise<void> {
    await this.#client.query('BEGIN');
  }

  async commit(): Promise<void> {
    await this.#client.query('COMMIT');
  }

  async rollback(): Promise<void> {
    await this.#client.query('ROLLBACK');
  }

  release(): Promise<void> {
    if (!this.#released) {
      this.#released = true;
      this.#client.release();
    }
    return Promise.resolve();
  }

  destroy(): Promise<void> {
    if (!this.#released) {
      this.#released = true;
      // `true`: close the session instead of pooling it; a transaction left open is rolled back by the server.
      this.#client.release(true);
    }
    return Promise.resolve();
  }
}
