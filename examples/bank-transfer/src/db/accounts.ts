import type { DataSource } from './DataSource.js';

/** Balances by account name. */
export type Balances = Record<string, number>;

/** The accounts every run starts with: the seed's Jack and Rose, and two more to spread the load. */
export const INITIAL_BALANCES: Readonly<Balances> = { Jack: 1000, Rose: 1000, Lucy: 1000, Tom: 1000 };

/**
 * (Re)creates the `account` table with {@link INITIAL_BALANCES}.
 *
 * @param dataSource - where
 */
export async function resetAccounts(dataSource: DataSource): Promise<void> {
  const connection = await dataSource.getConnection();
  try {
    await connection.begin();
    await connection.query('drop table if exists account');
    await connection.query('create table account (name text primary key, money integer not null check (money >= 0))');
    for (const [name, money] of Object.entries(INITIAL_BALANCES)) {
      await connection.query('insert into account (name, money) values ($1, $2)', [name, money]);
    }
    await connection.commit();
  } finally {
    await connection.close();
  }
}

/**
 * @param dataSource - where
 * @returns every account's balance
 */
export async function readBalances(dataSource: DataSource): Promise<Balances> {
  const connection = await dataSource.getConnection();
  try {
    const { rows } = await connection.query<{ name: string; money: number }>('select name, money from account order by name');
    return Object.fromEntries(rows.map((row) => [row.name, row.money]));
  } finally {
    await connection.close();
  }
}

/**
 * @param balances - balances by account
 * @returns their sum
 */
export function totalOf(balances: Readonly<Balances>): number {
  return Object.values(balances).reduce((sum, money) => sum + money, 0);
}
