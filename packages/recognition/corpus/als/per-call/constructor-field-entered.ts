// An AsyncLocalStorage assigned to a field in a constructor, entered through `this.als`, never restored.
// An instance field, so no module-level binding to mark for recognition.
import { AsyncLocalStorage } from 'node:async_hooks';

export class Tracer {
  private readonly als: AsyncLocalStorage<string>;

  constructor() {
    this.als = new AsyncLocalStorage<string>(); // expect(eslint,typed): static-thread-local/instanceField
  }

  enter(span: string): void {
    this.als.enterWith(span); // expect(eslint,typed): remove-in-finally/enterWithWithoutRestore expect(scan): enter-with-not-restored
  }
}
