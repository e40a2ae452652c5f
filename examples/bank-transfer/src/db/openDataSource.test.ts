import { describe, expect, it } from 'vitest';
import { DatabaseUnavailableError } from '../errors.js';
import { openDataSource } from './openDataSource.js';
import { PgDataSource } from './PgDataSource.js';

describe('openDataSource', () => {
  it('fails with a clear error, and never falls back to PGlite, when DATABASE_URL cannot be reached', async () => {
    // Port 1 on the loopback interface: nothing listens there, the connection is refused at once.
    const error: unknown = await openDataSource({ databaseUrl: 'postgres://bank:s3cret@127.0.0.1:1/bank' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DatabaseUnavailableError);
    const { message, code } = error as DatabaseUnavailableError;
    expect(code).toBe('ERR_BANK_DATABASE_UNAVAILABLE');
    expect(message).toMatch(/^DATABASE_URL is set \(postgres:\/\/bank:\*\*\*@127\.0\.0\.1:1\/bank\) but the database cannot be used: /);
    expect(message).toMatch(/ECONNREFUSED/);
    expect(message).not.toContain('s3cret');
  });

  it('rejects a schema name that is not a plain identifier', async () => {
    await expect(PgDataSource.connect('postgres://127.0.0.1:1/x', { schema: 'a; drop table account' })).rejects.toThrow(
      new TypeError('options.schema: "a; drop table account" (expected: a lower-case SQL identifier)'),
    );
  });
});
