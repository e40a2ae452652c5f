import { AccountDao } from '../AccountDao.js';
import type { ConnectionInfo } from '../db/Connection.js';
import type { DataSource } from '../db/DataSource.js';
import {
  crashIfPolicySays,
  messageOf,
  type AccountServiceOptions,
  type FailurePolicy,
  type TransferResult,
  type TransferService,
} from '../TransferService.js';
import { JdbcUtils } from './JdbcUtils.js';

/**
 * The seed's `AccountService.transfer` with its ThreadLocal-based `JdbcUtils`, plus the kind of
 * change real code gets: the receipt shows the payer's new balance, read through the DAO after
 * the commit. That read runs outside the transaction, so `JdbcUtils.getConnection()` binds a fresh
 * connection to the pooled thread, and nothing removes or closes it. The next transfer served by
 * that thread picks it up as "its" connection, and the last one on each thread is never returned.
 */
export class AccountService implements TransferService {
  readonly #jdbc: JdbcUtils;
  readonly #dao: AccountDao;
  readonly #failWhen: FailurePolicy | undefined;

  /**
   * @param dataSource - where connections come from
   * @param options - failure injection
   */
  constructor(dataSource: DataSource, options: AccountServiceOptions = {}) {
    this.#jdbc = new JdbcUtils(dataSource);
    this.#dao = new AccountDao(this.#jdbc);
    this.#failWhen = options.failWhen;
  }

  async transfer(from: string, to: string, amount: number): Promise<TransferResult> {
    let connection: ConnectionInfo | undefined;
    try {
      const conn = await this.#jdbc.getConnection();
      connection = conn.info();
      await conn.begin(); // conn.setAutoCommit(false)
      await this.#dao.out(from, amount);
      crashIfPolicySays(this.#failWhen, from, to, amount); // int i = 1 / 0;
      await this.#dao.in(to, amount);
      await this.#jdbc.commitAndClose();
      const balance = await this.#dao.balance(from); // the leak: binds a new connection, never unbound
      return { ok: true, connection, balance };
    } catch (error) {
      await this.#jdbc.rollbackAndClose();
      return { ok: false, connection, error: messageOf(error) };
    }
  }
}
