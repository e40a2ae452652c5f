import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'core',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // GC tests call the real collector; forks give each file its own process with the flag.
    pool: 'forks',
    execArgv: ['--expose-gc'],
    // The property tests run thousands of real collections; on a loaded 2-core CI machine that
    // takes seconds. A generous limit only guards against a hang; nothing here asserts on time.
    testTimeout: 60_000,
  },
});
