import { noInheritableInPool } from './no-inheritable-in-pool.js';
import { removeInFinally } from './remove-in-finally.js';
import { staticThreadLocal } from './static-thread-local.js';

/** Every rule of the plugin, by id (without the `@tlkit/` prefix). */
export const rules = {
  'no-inheritable-in-pool': noInheritableInPool,
  'remove-in-finally': removeInFinally,
  'static-thread-local': staticThreadLocal,
};
