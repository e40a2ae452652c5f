// A CommonJS tracer factory requires node:async_hooks inside the function; its store is entered with no restore: reported (untyped too: require() is untyped).
// The factory's only caller is a module-level initialiser, so the creation runs once and is not reported.
// recognize: tracer=none
interface SpanContext {
  readonly traceId: string;
}

function createTracer() {
  const { AsyncLocalStorage } = require('node:async_hooks');
  const storage = new AsyncLocalStorage();
  return {
    enter(context: SpanContext): void {
      storage.enterWith(context); // expect(eslint,typed): remove-in-finally/enterWithWithoutRestore expect(scan): enter-with-not-restored
    },
    current(): SpanContext | undefined {
      return storage.getStore();
    },
  };
}

export const tracer = createTracer();
