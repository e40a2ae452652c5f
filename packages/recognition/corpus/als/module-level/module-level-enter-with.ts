// At module level only enterWith(undefined) is allowed: it clears the root context.
// recognize: als=async-local-storage
import { AsyncLocalStorage } from 'node:async_hooks';

const als = new AsyncLocalStorage<string>();

als.enterWith(undefined as unknown as string);
als.enterWith('boot'); // expect(eslint,typed): remove-in-finally/enterWithAtModuleLevel expect(scan): enter-with-not-restored
