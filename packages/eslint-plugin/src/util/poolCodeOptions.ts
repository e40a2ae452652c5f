import type { JSONSchema4 } from '@typescript-eslint/utils/json-schema';

/**
 * The options of every rule that judges code by whether it runs on a pooled thread, so that
 * `checkTypes` and `executors` mean the same in each and are documented once.
 */
export const POOL_CODE_OPTION_SCHEMA = {
  checkTypes: {
    type: 'boolean',
    description: 'Also recognize thread-locals and thread pools by type. Needs type information.',
  },
  executors: {
    type: 'array',
    items: { type: 'string' },
    uniqueItems: true,
    description:
      'Callees, as written (`runTask`, `queue.add`), whose function arguments run on pooled threads, in addition to `ThreadPool#execute` and `#submit`.',
  },
} as const satisfies Record<string, JSONSchema4>;
