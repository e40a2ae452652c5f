import pg from 'pg';
import { afterAll, describe, it } from 'vitest';
import { PgDataSource } from './db/PgDataSource.js';
import { fixedVariantSuite, leakyVariantSuite } from './test-utils/variantSuites.js';

// The same suites as with PGlite, against a real Postgres server when DATABASE_URL names one.
const url = process.env['DATABASE_URL'];

if (url === undefined || url === '') {
  describe('fixed and leaky variants on Postgres', () => {
    it.skip('skipped: DATABASE_URL is not set (set it to a postgres:// URL to run these suites against a server)', () => {});
  });
} else {
  const schemas = [`tlkit_bt_fixed_${process.pid}`, `tlkit_bt_leaky_${process.pid}`] as const;
  // The leaky suite leaks pooled clients on purpose: a generous pool keeps it from running dry.
  fixedVariantSuite({ label: 'Postgres', open: () => PgDataSource.connect(url, { schema: schemas[0], max: 30 }), concurrent: true });
  leakyVariantSuite({ label: 'Postgres', open: () => PgDataSource.connect(url, { schema: schemas[1], max: 30 }), concurrent: true });

  afterAll(async () => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      for (const schema of schemas) await client.query(`drop schema if exists ${schema} cascade`);
    } finally {
      await client.end();
    }
  });
}
