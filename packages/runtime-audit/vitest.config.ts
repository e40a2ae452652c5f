import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'runtime-audit',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // GC tests call the real collector; forks give each file its own process with the flag.
    pool: 'forks',
    execArgv: ['--expose-gc'],
  },
});
