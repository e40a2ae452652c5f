import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'example-ttl-request-context',
    include: ['src/**/*.test.ts'],
  },
});
