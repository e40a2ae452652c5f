/**
 * Base class of every error this example throws. The `code` is stable, so callers (and tests)
 * can branch on it without matching message text.
 */
export class BankTransferError extends Error {
  /** A stable, machine-readable identifier of the failure. */
  readonly code: string;

  /**
   * @param code - stable identifier, `ERR_BANK_…`
   * @param message - human-readable explanation
   * @param options - standard `ErrorOptions` (`cause`)
   */
  constructor(code: string, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** Thrown when `DATABASE_URL` is set but the database it names cannot be reached or used. */
export class DatabaseUnavailableError extends BankTransferError {
  /**
   * @param message - what was tried and what failed
   * @param options - `cause`: the driver's error
   */
  constructor(message: string, options?: ErrorOptions) {
    super('ERR_BANK_DATABASE_UNAVAILABLE', message, options);
  }
}

/** Thrown when a closed connection is used, or a transaction call does not fit its state. */
export class ConnectionStateError extends BankTransferError {
  /** @param message - the call and the state it met */
  constructor(message: string) {
    super('ERR_BANK_CONNECTION_STATE', message);
  }
}

/**
 * Thrown when data-access code asks for the current thread's connection and no transaction is
 * bound to the thread (the fixed variant fails fast instead of lazily binding a connection).
 */
export class NoTransactionError extends BankTransferError {
  /** @param message - who asked, and how to bind a transaction */
  constructor(message: string) {
    super('ERR_BANK_NO_TRANSACTION', message);
  }
}

/** Thrown when an UPDATE names an account that does not exist. */
export class UnknownAccountError extends BankTransferError {
  /** @param name - the account name */
  constructor(name: string) {
    super('ERR_BANK_UNKNOWN_ACCOUNT', `account ${JSON.stringify(name)} does not exist`);
  }
}

/**
 * Thrown between the debit and the credit of a transfer when the failure policy says so: the
 * seed's `int i = 1 / 0;`, made deterministic.
 */
export class InjectedFailureError extends BankTransferError {
  /** @param message - which transfer failed */
  constructor(message: string) {
    super('ERR_BANK_INJECTED_FAILURE', message);
  }
}
