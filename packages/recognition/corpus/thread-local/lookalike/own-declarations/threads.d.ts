// A project .d.ts declaring its own ThreadLocal next to a ThreadPool (a vendored worker library's types): not @tlkit/core's, silent in every mode.
export declare class ThreadLocal<T> {
  get(): T;
  set(value: T): void;
  remove(): void;
}

export declare class ThreadPool {
  constructor(options: { size: number });
  submit<R>(task: () => R): Promise<R>;
}
