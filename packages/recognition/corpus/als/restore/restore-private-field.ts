// A request scope object saves the outer store in a private field and puts it back in its finally (ORM request contexts): safe.
// recognize: requestState=async-local-storage
import { AsyncLocalStorage } from 'node:async_hooks';

interface RequestState {
  readonly requestId: string;
  readonly identityMap: Map<string, object>;
}

const requestState = new AsyncLocalStorage<RequestState>();

export class RequestScope {
  #previous: RequestState | undefined;

  constructor(private readonly state: RequestState) {}

  run<R>(fn: () => R): R {
    this.#previous = requestState.getStore();
    requestState.enterWith(this.state);
    try {
      return fn();
    } finally {
      requestState.enterWith(this.#previous!);
    }
  }
}
