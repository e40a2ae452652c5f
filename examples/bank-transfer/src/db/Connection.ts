import { Thread } from '@tlkit/core';
import { ConnectionStateError } from '../errors.js';
import { currentRequest } from '../requestContext.js';
import type { QueryResult, Session } from './Session.js';

/** Who opened a connection: enough to prove which request a leaked connection came from. */
export interface ConnectionInfo {
  /** Unique per data source, increasing from 1. */
  readonly id: number;
  /** The request being served when it was opened (`undefined` outside any request). */
  readonly openedBy: number | undefined;
  /** The name of the thread it was opened on. */
  readonly openedOn: string;
}

/**
 * A database connection checked out of a {@link DataSource}, JDBC-style: statements run in
 * auto-commit mode until `begin()`, then in one transaction until `commit()` or `rollback()`.
 * `close()` returns it to the data source; a connection that is never closed stays checked out
 * for good (the data source's `checkedOut` counter shows it).
 */
export class Connection implements ConnectionInfo {
  readonly id: number;
  readonly openedBy: number | undefined;
  readonly openedOn: string;
  readonly #session: Session;
  readonly #onClose: (connection: Connection) => void;
  #inTransaction = false;
  #closed = false;

  /**
   * Called by a data source only.
   *
   * @param id - unique per data source
   * @param session - the driver session it wraps
   * @param onClose - tells the data source it was closed
   */
  constructor(id: number, session: Session, onClose: (connection: Connection) => void) {
    this.id = id;
    this.openedBy = currentRequest.get()?.id;
    this.openedOn = Thread.currentThread().name;
    this.#session = session;
    this.#onClose = onClose;
  }

  /**
   * Runs one statement, inside the transaction when one is open.
   *
   * @param sql - SQL with `$1`, `$2`… placeholders
   * @param params - the placeholders' values
   * @returns the rows and row count
   * @throws ConnectionStateError when the connection is closed
   */
  async query<R = Record<string, unknown>>(sql: string, params: readonly unknown[] = []): Promise<QueryResult<R>> {
    this.#checkOpen('query');
    return this.#session.query<R>(sql, params, this.#inTransaction);
  }

  /**
   * Starts a transaction: JDBC's `setAutoCommit(false)`.
   *
   * @throws ConnectionStateError when closed or already in a transaction
   */
  async begin(): Promise<void> {
    this.#checkOpen('begin');
    if (this.#inTransaction) throw new ConnectionStateError(`begin(): ${this} is already in a transaction`);
    await this.#session.begin();
    this.#inTransaction = true;
  }

  /**
   * Commits the transaction. It has ended when the promise settles, even when the commit failed.
   *
   * @throws ConnectionStateError when closed or not in a transaction
   */
  async commit(): Promise<void> {
    this.#checkOpen('commit');
    if (!this.#inTransaction) throw new ConnectionStateError(`commit(): ${this} is not in a transaction`);
    this.#inTransaction = false;
    await this.#session.commit();
  }

  /**
   * Rolls the transaction back. Unlike JDBC, a rollback with no transaction open does nothing, so
   * error handlers can call it without tracking how far the work got.
   *
   * @throws ConnectionStateError when closed
   */
  async rollback(): Promise<void> {
    this.#checkOpen('rollback');
    if (!this.#inTransaction) return;
    this.#inTransaction = false;
    await this.#session.rollback();
  }

  /**
   * Returns the connection to its data source, rolling back a transaction left open. Closing a
   * closed connection does nothing, as in JDBC.
   */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    try {
      if (this.#inTransaction) {
        this.#inTransaction = false;
        await this.#session.rollback();
      }
    } finally {
      this.#onClose(this);
      await this.#session.release();
    }
  }

  /** Called by the data source when it shuts down with this connection still checked out. */
  async destroy(): Promise<void> {
    this.#closed = true;
    this.#inTransaction = false;
    await this.#session.destroy();
  }

  /** @returns the id and origin only, as plain data */
  info(): ConnectionInfo {
    return { id: this.id, openedBy: this.openedBy, openedOn: this.openedOn };
  }

  /** @returns `Connection#7 (opened by request 3 on transfer-thread-2)` */
  toString(): string {
    const by = this.openedBy === undefined ? 'outside any request' : `by request ${this.openedBy}`;
    return `Connection#${this.id} (opened ${by} on ${this.openedOn})`;
  }

  #checkOpen(call: string): void {
    if (this.#closed) throw new ConnectionStateError(`${call}(): ${this} is closed`);
  }
}
