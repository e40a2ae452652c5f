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
 * The transfer service on the fixed `JdbcUtils`: the whole transfer, balance read included, runs
 * inside `inTransaction`, which binds the connection with `runWith` and closes it in a `finally`.
 * Nothing stays on the pooled thread, and every connection goes back.
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
      const balance = await this.#jdbc.inTransaction(async () => {
        connection = (await this.#jdbc.getConnection()).info();
        await this.#dao.out(from, amount);
        crashIfPolicySays(this.#failWhen, from, to, amount); // int i = 1 / 0;
        await this.#dao.in(to, amount);
        return this.#dao.balance(from);
      });
      return { ok: true, connection, balance };
    } catch (error) {
      return { ok: false, connection, error: messageOf(error) };
    }
  }
}
