import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'example-pool-leak',
    include: ['src/**/*.test.ts'],
  },
});
