import { Connection } from './Connection.js';
import type { Session } from './Session.js';

/**
 * Hands out {@link Connection}s (C3P0's `ComboPooledDataSource` in the seed) and counts the ones
 * currently checked out: a connection that is never closed never comes back, and the count shows it.
 */
export abstract class DataSource {
  /** `'pglite'` (embedded) or `'postgres'` (a server, through `pg`). */
  abstract readonly kind: 'pglite' | 'postgres';
  /** What the data source connects to, for messages. */
  abstract readonly description: string;
  readonly #checkedOut = new Set<Connection>();
  #opened = 0;
  #closed = false;

  /** @returns how many connections are checked out now (opened and not closed) */
  get checkedOut(): number {
    return this.#checkedOut.size;
  }

  /**
   * Checks a connection out. It records the request and thread that opened it.
   *
   * @returns a connection in auto-commit mode
   * @throws Error when the data source was closed
   */
  async getConnection(): Promise<Connection> {
    if (this.#closed) throw new Error(`getConnection(): ${this.description} is closed`);
    const session = await this.openSession();
    const connection = new Connection(++this.#opened, session, (closed) => {
      this.#checkedOut.delete(closed);
    });
    this.#checkedOut.add(connection);
    return connection;
  }

  /**
   * Shuts the data source down. Connections still checked out (leaked) are destroyed first, so
   * that shutting down never waits for them.
   *
   * @returns how many connections were still checked out
   */
  async close(): Promise<number> {
    if (this.#closed) return 0;
    this.#closed = true;
    const leaked = [...this.#checkedOut];
    this.#checkedOut.clear();
    await Promise.all(leaked.map((connection) => connection.destroy()));
    await this.shutdown();
    return leaked.length;
  }

  /** Opens one driver session for a new connection. */
  protected abstract openSession(): Promise<Session>;

  /** Releases the driver's resources; every session was released or destroyed. */
  protected abstract shutdown(): Promise<void>;
}
