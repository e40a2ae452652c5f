// AsyncLocalStorage loaded with process.getBuiltinModule() is Node's own class.
// recognize: als=async-local-storage
const { AsyncLocalStorage } = process.getBuiltinModule('node:async_hooks');

const als = new AsyncLocalStorage<string>();

export function enter(user: string): void {
  als.enterWith(user); // expect(eslint,typed): remove-in-finally/enterWithWithoutRestore expect(scan): enter-with-not-restored
}
