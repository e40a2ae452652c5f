// The package's barrel re-exports the store.
export { requestContext } from './context.js';
export type { RequestContext } from './context.js';
