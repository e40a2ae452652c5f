import { ThreadPool } from '@tlkit/core';
import { heldByPool, serve, type Request } from './app.js';

const REQUESTS: Request[] = [
  { id: 'r-1', tenant: 'acme' },
  { id: 'r-2', tenant: 'globex' },
  { id: 'r-3', tenant: 'initech' },
  { id: 'r-4', tenant: 'umbrella' },
  { id: 'r-5', tenant: 'acme' },
];

console.log('tlkit demo: a request id and a tenant that must follow work into a ThreadPool of 2 threads.');
console.log('Each request runs on its own thread and submits its invoice rendering to the shared pool.\n');

const pool = new ThreadPool({ size: 2, name: 'invoices' });
const seen = await serve(REQUESTS, pool);
let stale = 0;
let wrong = 0;
for (const s of seen) {
  const expected = `${s.request.id}/${s.request.tenant}`;
  const viaInherited = `${String(s.inherited.requestId)}/${String(s.inherited.tenant)}`;
  const viaTransmitted = `${String(s.transmitted.requestId)}/${String(s.transmitted.tenant)}`;
  const viaTimer = `${String(s.timer.requestId)}/${String(s.timer.tenant)}`;
  if (viaInherited !== expected) stale++;
  if (viaTransmitted !== expected || viaTimer !== expected) wrong++;
  console.log(
    `  request ${expected.padEnd(12)} on ${s.thread.padEnd(17)} InheritableThreadLocal: ${viaInherited.padEnd(12)}` +
      `${viaInherited === expected ? '' : ' STALE'}  TransmittableThreadLocal: ${viaTransmitted}  timer (Transmitter.wrap): ${viaTimer}`,
  );
}
console.log(`\nInheritableThreadLocal: ${stale} of ${seen.length} requests saw another request's context (copied when the pool thread was created).`);
console.log(`TransmittableThreadLocal: ${wrong} wrong (captured at submit, replayed for the task, restored after it).`);
console.log('Between tasks the pool threads hold only what they inherited at creation, never a later request\'s values:');
for (const [thread, held] of Object.entries(heldByPool(pool))) console.log(`  ${thread}: ${held}`);
await pool.shutdown();
if (stale === 0 || wrong !== 0) process.exitCode = 1;
