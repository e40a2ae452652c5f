import { ThreadLocal } from '@tlkit/core';
import type { ConnectionProvider } from '../AccountDao.js';
import type { Connection } from '../db/Connection.js';
import type { DataSource } from '../db/DataSource.js';

// Deliberately wrong: this folder is the "before" half of the example. The repository's lint config
// lets files under leaky/ break the tlkit rules; the demo lints them without that exemption.

/** The seed's `private static final ThreadLocal<Connection> tl`: binds a connection to the current thread. */
const connectionHolder = new ThreadLocal<Connection | undefined>();

/**
 * The seed's `JdbcUtils`, line for line: `getConnection()` lazily checks a connection out and binds
 * it to the current thread; `commitAndClose()`/`rollbackAndClose()` end the transaction, unbind and
 * close. Two flaws, as in the seed: the unbinding is not in a `finally` (an error in `commit()`
 * leaves the connection bound), and any call to `getConnection()` outside a transaction (a read
 * after the commit) binds a connection that nothing will ever unbind or close.
 */
export class JdbcUtils implements ConnectionProvider {
  readonly #dataSource: DataSource;

  /** @param dataSource - the seed's `ComboPooledDataSource` */
  constructor(dataSource: DataSource) {
    this.#dataSource = dataSource;
  }

  /** @returns the connection bound to the current thread, checking one out and binding it if there is none */
  async getConnection(): Promise<Connection> {
    let connection = connectionHolder.get();
    if (connection === undefined) {
      connection = await this.#dataSource.getConnection();
      connectionHolder.set(connection);
    }
    return connection;
  }

  /** Commits, unbinds and closes the current thread's connection. */
  async commitAndClose(): Promise<void> {
    const connection = await this.getConnection();
    await connection.commit();
    connectionHolder.remove();
    await connection.close();
  }

  /** Rolls back, unbinds and closes the current thread's connection. */
  async rollbackAndClose(): Promise<void> {
    const connection = await this.getConnection();
    await connection.rollback();
    connectionHolder.remove();
    await connection.close();
  }
}
