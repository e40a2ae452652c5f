// Type-level test, checked by `npm run typecheck`: the shared configs go into ESLint's defineConfig()
// as they are, the way an `eslint.config.ts` uses them.
import { defineConfig } from 'eslint/config';
import tlkit from '../src/index.js';

export const consumerConfig = defineConfig(
  tlkit.configs.recommended,
  { extends: [tlkit.configs['strict-type-checked']], files: ['src/**/*.ts'] },
  { rules: { '@tlkit/remove-in-finally': ['error', { executors: ['queue.add'] }] } },
);
