import { handleLeaky } from './leaky/handleLeaky.js';
import { handleFixed, serve, type Served } from './requests.js';

const USERS = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank'];

function show(title: string, served: Served[]): number {
  console.log(`\n${title}`);
  let leaks = 0;
  for (const { request, user, thread, inherited } of served) {
    const note = inherited === undefined ? 'clean thread' : `LEAK: starts with ${inherited}'s user still set`;
    if (inherited !== undefined) leaks++;
    console.log(`  request ${request} for ${user.padEnd(5)} on ${thread.padEnd(13)} ${note}`);
  }
  return leaks;
}

console.log('tlkit demo: a ThreadLocal on a ThreadPool of 2 reused threads, 6 requests in turn.');
console.log('A request handler sets currentUser; the pool reuses threads exactly as a Java executor does.');

const leaky = show('1. Leaky handler: currentUser.set(user) and no remove()', await serve(USERS, 2, handleLeaky));
const fixed = show(
  '2. Fixed handler: currentUser.runWith(user, fn) (or set + remove() in finally)',
  await serve(USERS, 2, handleFixed),
);

console.log(`\nLeaky: ${leaky} of ${USERS.length} requests started with another request's user. Fixed: ${fixed}.`);
console.log('Why: a pooled thread outlives the task; its ThreadLocalMap keeps the value until remove().');
console.log('Next: the ESLint rules flag the leaky handler statically; the runtime audit reports it in staging.');
if (leaky === 0 || fixed !== 0) process.exitCode = 1;
