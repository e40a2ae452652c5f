// A ThreadLocal subclass's own method does this.set() and this.remove() in a finally: safe.
// recognize: currentRequest=thread-local
import { ThreadLocal } from '@tlkit/core';

interface Request {
  readonly path: string;
}

class RequestHolder extends ThreadLocal<Request> {
  bind<R>(request: Request, fn: () => R): R {
    this.set(request);
    try {
      return fn();
    } finally {
      this.remove();
    }
  }
}

export const currentRequest = new RequestHolder();
