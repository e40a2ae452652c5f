/** Rows and count of one statement. */
export interface QueryResult<R> {
  readonly rows: R[];
  /** Rows the statement affected (UPDATE, INSERT, DELETE) or returned (SELECT). */
  readonly rowCount: number;
}

/**
 * What a {@link Connection} needs from a driver: one database session. Implemented by each data
 * source; never used directly by application code. Calls are made in a valid order only
 * (`Connection` checks the state first).
 */
export interface Session {
  /** Runs one statement; `inTransaction` says whether `begin()` was called and not yet ended. */
  query<R>(sql: string, params: readonly unknown[], inTransaction: boolean): Promise<QueryResult<R>>;
  /** Starts a transaction (JDBC's `setAutoCommit(false)`). */
  begin(): Promise<void>;
  /** Commits the transaction; it has ended when this settles, whether or not it threw. */
  commit(): Promise<void>;
  /** Rolls the transaction back; it has ended when this settles, whether or not it threw. */
  rollback(): Promise<void>;
  /** Returns the session to its data source (no transaction is open). */
  release(): Promise<void>;
  /** Drops a session that was never closed, when its data source shuts down. */
  destroy(): Promise<void>;
}
