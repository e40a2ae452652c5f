// A project's own class named AsyncLocalStorage (a browser polyfill) is not Node's: its enterWith and disable are never reported.
// recognize: polyfillStore=none
class AsyncLocalStorage<T> {
  #store: T | undefined;

  enterWith(store: T): void {
    this.#store = store;
  }

  getStore(): T | undefined {
    return this.#store;
  }

  disable(): void {
    this.#store = undefined;
  }
}

const polyfillStore = new AsyncLocalStorage<string>();

export function enterLocale(locale: string): void {
  polyfillStore.enterWith(locale);
  try {
    render(polyfillStore.getStore());
  } finally {
    polyfillStore.disable();
  }
}

function render(locale: string | undefined): void {
  void locale;
}
