// A project's own declaration file with a ThreadLocal next to a ThreadPool: not @tlkit/core's classes.
export declare class ThreadLocal<T> {
  set(value: T): void;
  remove(): void;
}

export declare class ThreadPool {
  execute(task: () => void): void;
}
