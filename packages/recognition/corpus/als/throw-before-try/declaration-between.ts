// A child logger is built in a declaration between the enterWith and the try; building it can throw and skip the restore: reported.
// recognize: logContext=async-local-storage
import { AsyncLocalStorage } from 'node:async_hooks';

interface LogContext {
  readonly requestId: string;
}

interface Logger {
  child(bindings: LogContext): Logger;
  info(message: string): void;
}

const logContext = new AsyncLocalStorage<LogContext>();

export function logged<R>(root: Logger, requestId: string, fn: (logger: Logger) => R): R {
  const previous = logContext.getStore();
  logContext.enterWith({ requestId }); // expect(eslint,typed): remove-in-finally/enterWithWithoutRestore expect(scan): enter-with-not-restored
  const logger = root.child({ requestId });
  try {
    return fn(logger);
  } finally {
    logContext.enterWith(previous!);
  }
}
