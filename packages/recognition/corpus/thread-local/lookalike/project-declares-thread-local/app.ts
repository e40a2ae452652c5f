// Uses the project's own ThreadLocal: none of tlkit's rules or checks apply to it.
// recognize: local=none
import { ThreadLocal, ThreadPool } from './vendor/locals.js';

const local = new ThreadLocal<string>();
const pool = new ThreadPool();

export function remember(value: string): void {
  local.set(value);
  pool.execute(() => local.set(value));
}
