// A connection holder "cleared" with set(null) in the finally (a JDBC-era habit): the entry stays in the thread's map: reported at both sets, never removed (scan).
// recognize: connectionHolder=thread-local
import { ThreadLocal } from '@tlkit/core';

interface Connection {
  close(): void;
}

const connectionHolder = new ThreadLocal<Connection | null>(); // expect(scan): never-removed

export function withConnection(connection: Connection, work: () => void): void {
  connectionHolder.set(connection); // expect(eslint,typed): remove-in-finally/missingRemove
  try {
    work();
  } finally {
    connection.close();
    connectionHolder.set(null); // expect(eslint,typed): remove-in-finally/setNullish
  }
}
