import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { INITIAL_BALANCES, readBalances, resetAccounts } from './accounts.js';
import { PgliteDataSource } from './PgliteDataSource.js';

describe('PgliteDataSource', () => {
  let dataSource: PgliteDataSource;

  beforeAll(async () => {
    dataSource = await PgliteDataSource.create();
  });

  afterAll(async () => {
    await dataSource.close();
  });

  beforeEach(async () => {
    await resetAccounts(dataSource);
  });

  it('counts connections checked out until they are closed', async () => {
    const before = dataSource.checkedOut;
    const a = await dataSource.getConnection();
    const b = await dataSource.getConnection();
    expect(b.id).toBe(a.id + 1);
    expect(dataSource.checkedOut).toBe(before + 2);
    await a.close();
    await a.close();
    expect(dataSource.checkedOut).toBe(before + 1);
    await b.close();
    expect(dataSource.checkedOut).toBe(before);
  });

  it('runs one transaction at a time: a second begin() waits until the first one commits', async () => {
    const first = await dataSource.getConnection();
    const second = await dataSource.getConnection();
    try {
      await first.begin();
      let secondBegun = false;
      const secondBegin = second.begin().then(() => {
        secondBegun = true;
      });
      await first.query("update account set money = 1 where name = 'Jack'");
      await first.query("update account set money = 2 where name = 'Rose'");
      expect(secondBegun).toBe(false);
      await first.commit();
      await secondBegin;
      expect(secondBegun).toBe(true);
      const { rows } = await second.query<{ money: number }>("select money from account where name = 'Jack'");
      expect(rows).toEqual([{ money: 1 }]);
      await second.rollback();
    } finally {
      await first.close();
      await second.close();
    }
  });

  it('makes a statement outside a transaction wait for the open transaction to end', async () => {
    const writer = await dataSource.getConnection();
    const reader = await dataSource.getConnection();
    try {
      await writer.begin();
      await writer.query("update account set money = 0 where name = 'Tom'");
      let read: number | undefined;
      const reading = reader.query<{ money: number }>("select money from account where name = 'Tom'").then(({ rows }) => {
        read = rows[0]?.money;
      });
      await writer.query("update account set money = 5 where name = 'Tom'");
      expect(read).toBeUndefined();
      await writer.rollback();
      await reading;
      expect(read).toBe(1000);
    } finally {
      await writer.close();
      await reader.close();
    }
  });

  it('rolls back a transaction left open at close(), and frees the database for others', async () => {
    const connection = await dataSource.getConnection();
    await connection.begin();
    await connection.query("update account set money = 0 where name = 'Lucy'");
    await connection.close();
    expect(await readBalances(dataSource)).toEqual(INITIAL_BALANCES);
  });

  it('rejects a debit that would make a balance negative (check constraint)', async () => {
    const connection = await dataSource.getConnection();
    try {
      await expect(connection.query("update account set money = money - 1001 where name = 'Jack'")).rejects.toThrow(
        /account_money_check/,
      );
    } finally {
      await connection.close();
    }
  });

  it('refuses a closed connection, and commit() without a transaction; rollback() without one does nothing', async () => {
    const connection = await dataSource.getConnection();
    await expect(connection.commit()).rejects.toMatchObject({ code: 'ERR_BANK_CONNECTION_STATE' });
    await connection.rollback();
    await connection.begin();
    await expect(connection.begin()).rejects.toMatchObject({ code: 'ERR_BANK_CONNECTION_STATE' });
    await connection.close();
    await expect(connection.query('select 1')).rejects.toMatchObject({
      code: 'ERR_BANK_CONNECTION_STATE',
      message: expect.stringMatching(/^query\(\): Connection#\d+ \(opened outside any request on main\) is closed$/) as unknown,
    });
  });

  // Last: closes the shared data source.
  it('destroys leaked connections when it closes, even one holding a transaction', async () => {
    const leaked = await dataSource.getConnection();
    await leaked.begin();
    await leaked.query("update account set money = 0 where name = 'Jack'");
    await dataSource.getConnection();
    expect(await dataSource.close()).toBe(2);
    expect(dataSource.checkedOut).toBe(0);
    await expect(dataSource.getConnection()).rejects.toThrow(/is closed/);
  });
});
