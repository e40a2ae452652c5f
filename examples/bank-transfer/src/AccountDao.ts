import type { Connection } from './db/Connection.js';
import { UnknownAccountError } from './errors.js';

/** Where the DAO gets its connection: a variant's `JdbcUtils`, which knows the current thread's. */
export interface ConnectionProvider {
  /** @returns the connection bound to the current thread */
  getConnection(): Promise<Connection>;
}

/**
 * The seed's `AccountDao`: every method uses the connection of the current thread, so a service
 * can run several of them in one transaction without passing the connection around. The DAO
 * never closes it: the code that opened the transaction does.
 */
export class AccountDao {
  readonly #connections: ConnectionProvider;

  /** @param connections - the variant's `JdbcUtils` */
  constructor(connections: ConnectionProvider) {
    this.#connections = connections;
  }

  /**
   * Debits an account.
   *
   * @param name - the account
   * @param amount - how much
   * @throws UnknownAccountError when there is no such account
   * @throws Error from the database: `account_money_check` when the balance would go negative
   */
  async out(name: string, amount: number): Promise<void> {
    await this.#update('update account set money = money - $1 where name = $2', name, amount);
  }

  /**
   * Credits an account.
   *
   * @param name - the account
   * @param amount - how much
   * @throws UnknownAccountError when there is no such account
   */
  async in(name: string, amount: number): Promise<void> {
    await this.#update('update account set money = money + $1 where name = $2', name, amount);
  }

  /**
   * @param name - the account
   * @returns its balance
   * @throws UnknownAccountError when there is no such account
   */
  async balance(name: string): Promise<number> {
    const connection = await this.#connections.getConnection();
    const { rows } = await connection.query<{ money: number }>('select money from account where name = $1', [name]);
    const row = rows[0];
    if (row === undefined) throw new UnknownAccountError(name);
    return row.money;
  }

  async #update(sql: string, name: string, amount: number): Promise<void> {
    const connection = await this.#connections.getConnection();
    const { rowCount } = await connection.query(sql, [amount, name]);
    if (rowCount !== 1) throw new UnknownAccountError(name);
  }
}
