// A cls-hooked-style namespace object with its own enter/exit/set is not an AsyncLocalStorage: silent.
// recognize: session=none
interface NamespaceContext {
  readonly values: Map<string, unknown>;
}

class Namespace {
  #active: NamespaceContext | undefined;

  createContext(): NamespaceContext {
    return { values: new Map(this.#active?.values) };
  }

  enter(context: NamespaceContext): void {
    this.#active = context;
  }

  exit(_context: NamespaceContext): void {
    this.#active = undefined;
  }

  set(key: string, value: unknown): void {
    this.#active?.values.set(key, value);
  }
}

function createNamespace(_name: string): Namespace {
  return new Namespace();
}

const session = createNamespace('session');

export function withUser(userId: string, fn: () => void): void {
  const context = session.createContext();
  session.enter(context);
  session.set('userId', userId);
  fn();
  session.exit(context);
}
