// A withScope per message inside a consumer loop, each disposed at the end of its iteration: safe.
// recognize: messageStore=async-local-storage
import { AsyncLocalStorage } from 'node:async_hooks';

// @types/node 20.x does not declare withScope (Node >= 24): declared here for the type checker.
declare module 'node:async_hooks' {
  interface AsyncLocalStorage<T> {
    withScope(store: T): Disposable;
  }
}

interface Message {
  readonly id: string;
  readonly body: string;
}

const messageStore = new AsyncLocalStorage<Message>();

export function consumeAll(messages: readonly Message[], handle: (body: string) => void): void {
  for (const message of messages) {
    using _ = messageStore.withScope(message);
    handle(message.body);
  }
}
