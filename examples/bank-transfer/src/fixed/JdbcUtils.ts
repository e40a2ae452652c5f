import { ThreadLocal } from '@tlkit/core';
import type { ConnectionProvider } from '../AccountDao.js';
import type { Connection } from '../db/Connection.js';
import type { DataSource } from '../db/DataSource.js';
import { NoTransactionError } from '../errors.js';

/** Binds the current transaction's connection to the current thread: created once, as the seed's. */
const connectionHolder = new ThreadLocal<Connection | undefined>();

/**
 * `JdbcUtils` done right, in the manner of Spring's `TransactionSynchronizationManager`:
 * - a connection is bound only by {@link JdbcUtils.inTransaction}, with `runWith`, for exactly the
 *   duration of the work: it is unbound when the work returns, throws or its promise settles;
 * - the connection is closed in a `finally`, whatever happened;
 * - {@link JdbcUtils.getConnection} never binds anything: with no transaction on the thread it
 *   throws, so a stray read outside the transaction fails loudly instead of leaking.
 */
export class JdbcUtils implements ConnectionProvider {
  readonly #dataSource: DataSource;

  /** @param dataSource - where connections come from */
  constructor(dataSource: DataSource) {
    this.#dataSource = dataSource;
  }

  /**
   * Runs `work` in one transaction on a connection bound to the current thread for its duration:
   * commits when it resolves, rolls back when it throws. Inside a transaction already, joins it
   * (Spring's `PROPAGATION_REQUIRED`).
   *
   * @param work - the transactional work; DAOs it calls see the connection through `getConnection()`
   * @returns what `work` resolved with
   * @throws whatever `work`, the commit or the database threw (after rolling back)
   */
  async inTransaction<R>(work: () => Promise<R>): Promise<R> {
    if (connectionHolder.get() !== undefined) return work();
    const connection = await this.#dataSource.getConnection();
    try {
      await connection.begin();
      const result = await connectionHolder.runWith(connection, work);
      await connection.commit();
      return result;
    } catch (error) {
      await connection.rollback();
      throw error;
    } finally {
      await connection.close();
    }
  }

  /**
   * @returns the connection of the transaction bound to the current thread
   * @throws NoTransactionError when no transaction is bound to this thread
   */
  getConnection(): Promise<Connection> {
    const connection = connectionHolder.get();
    if (connection === undefined) {
      return Promise.reject(
        new NoTransactionError('getConnection(): no transaction is bound to this thread; run the work in JdbcUtils.inTransaction()'),
      );
    }
    return Promise.resolve(connection);
  }
}
