import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'node-matrix',
    include: ['*.test.js'],
  },
});
