import type { PGlite } from '@electric-sql/pglite';
import { AsyncMutex } from './AsyncMutex.js';
import { DataSource } from './DataSource.js';
import { startPglite } from './pgliteSnapshot.js';
import type { QueryResult, Session } from './Session.js';

/**
 * A data source over PGlite, an embedded Postgres compiled to WASM: no server to install.
 *
 * PGlite is one database session, so every connection shares it. A data-source-wide mutex makes
 * that safe: `begin()` takes it and `commit()`/`rollback()` give it back, so one transaction runs
 * at a time and its statements never interleave with another's; a statement outside a
 * transaction takes it for that statement only. Concurrency is therefore serialised, which is
 * what a transfer service needs from its database anyway (isolation), and which leaves the
 * thread-local behaviour, the subject of this example, exactly as with a real pool.
 */
export class PgliteDataSource extends DataSource {
  readonly kind = 'pglite' as const;
  readonly description = 'PGlite (embedded Postgres, in memory)';
  readonly #db: PGlite;
  readonly #mutex = new AsyncMutex();

  private constructor(db: PGlite) {
    super();
    this.#db = db;
  }

  /**
   * Starts an in-memory PGlite database (from a cached snapshot of a fresh one when there is one).
   *
   * @returns the data source, ready
   */
  static async create(): Promise<PgliteDataSource> {
    return new PgliteDataSource(await startPglite());
  }

  protected override openSession(): Promise<Session> {
    return Promise.resolve(new PgliteSession(this.#db, this.#mutex));
  }

  protected override async shutdown(): Promise<void> {
    await this.#db.close();
  }
}

/** One connection's view of the shared PGlite session. */
class PgliteSession implements Session {
  readonly #db: PGlite;
  readonly #mutex: AsyncMutex;
  /** Releases the mutex; set exactly while this session's transaction is open. */
  #release: (() => void) | undefined;

  constructor(db: PGlite, mutex: AsyncMutex) {
    this.#db = db;
    this.#mutex = mutex;
  }

  async query<R>(sql: string, params: readonly unknown[], inTransaction: boolean): Promise<QueryResult<R>> {
    const run = async (): Promise<QueryResult<R>> => {
      const result = await this.#db.query<R>(sql, [...params]);
      return { rows: result.rows, rowCount: result.affectedRows ?? result.rows.length };
    };
    return inTransaction ? run() : this.#mutex.runExclusive(run);
  }

  async begin(): Promise<void> {
    const release = await this.#mutex.acquire();
    try {
      await this.#db.query('BEGIN');
    } catch (error) {
      release();
      throw error;
    }
    this.#release = release;
  }

  async commit(): Promise<void> {
    await this.#end('COMMIT');
  }

  async rollback(): Promise<void> {
    await this.#end('ROLLBACK');
  }

  release(): Promise<void> {
    return Promise.resolve();
  }

  async destroy(): Promise<void> {
    // A leaked connection left in a transaction still holds the mutex: end it, or nothing else runs.
    if (this.#release !== undefined) await this.#end('ROLLBACK');
  }

  async #end(statement: 'COMMIT' | 'ROLLBACK'): Promise<void> {
    try {
      await this.#db.query(statement);
    } finally {
      const release = this.#release;
      this.#release = undefined;
      release?.();
    }
  }
}
