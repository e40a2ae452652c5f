// set() and remove() in one function, the remove() on the normal path only: a throw from work() skips it: reported by ESLint.
// The scan has no finding: the remove is in the function that sets (remove-not-in-finally leaves that case to the ESLint rule).
// recognize: connection=thread-local
import { ThreadLocal } from '@tlkit/core';

interface Connection {
  query(sql: string): unknown;
}

const connection = new ThreadLocal<Connection>();

export function withConnection(conn: Connection, work: () => void): void {
  connection.set(conn); // expect(eslint,typed): remove-in-finally/missingRemove
  work();
  connection.remove();
}
