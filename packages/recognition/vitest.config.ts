import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: '@tlkit/recognition',
    include: ['src/**/*.test.ts'],
  },
});
