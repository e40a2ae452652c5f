// A node:http server whose handler runs on a ThreadPool and leaves the user set on the pool
// thread: the seeded leak that ESLint, `tlkit scan` and the audit must each report.
import { createServer } from 'node:http';
import { currentUser, workers } from './context.js';

function greeting(): string {
  return `hello ${currentUser.get() ?? 'nobody'}\n`;
}

const server = createServer((request, response) => {
  const user = request.headers['x-user'];
  workers
    .submit(() => {
      currentUser.set(typeof user === 'string' ? user : 'anonymous'); // LEAK: never removed
      return greeting();
    })
    .then(
      (body) => response.end(body),
      (error: unknown) => {
        response.statusCode = 500;
        response.end(String(error));
      },
    );
});

server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  if (address !== null && typeof address === 'object') console.log(`listening on ${address.port}`);
});

process.once('SIGTERM', () => {
  server.close();
  void workers.shutdown();
});
