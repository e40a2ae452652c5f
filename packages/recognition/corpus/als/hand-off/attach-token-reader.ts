// OpenTelemetry-style attach(): the previous context is read through a same-class reader (active() returns getStore() ?? ROOT), the store is entered, and a token whose dispose() puts it back is built with plain statements and returned: safe.
// recognize: contexts=async-local-storage
import { AsyncLocalStorage } from 'node:async_hooks';

interface Context {
  readonly values: ReadonlyMap<symbol, unknown>;
}

interface Token {
  dispose(): void;
}

const ROOT: Context = { values: new Map() };
const contexts = new AsyncLocalStorage<Context>();

export class ContextManager {
  active(): Context {
    return contexts.getStore() ?? ROOT;
  }

  attach(context: Context): Token {
    const previous = this.active();
    contexts.enterWith(context);
    const token: Token = {
      dispose: () => {
        contexts.enterWith(previous);
      },
    };
    const dispose = (Symbol as { dispose?: symbol }).dispose;
    if (dispose !== undefined) {
      (token as unknown as Record<symbol, () => void>)[dispose] = token.dispose;
    }
    return token;
  }
}
