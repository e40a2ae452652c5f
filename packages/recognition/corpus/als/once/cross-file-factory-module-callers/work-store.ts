// One of the stores, created at module level through the factory.
// recognize: workAsyncStorage=async-local-storage
import { createAsyncLocalStorage } from './factory.js';

export interface WorkStore {
  readonly page: string;
}

export const workAsyncStorage = createAsyncLocalStorage<WorkStore>();

export function renderPage<R>(page: string, render: () => R): R {
  return workAsyncStorage.run({ page }, render);
}
