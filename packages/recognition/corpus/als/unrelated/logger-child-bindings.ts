// A pino-style logger with per-request child loggers and a Headers-like set/delete: no AsyncLocalStorage anywhere: silent.
// recognize: logger=none, defaults=none
interface Logger {
  child(bindings: Record<string, string>): Logger;
  info(message: string): void;
}

declare function createLogger(options: { readonly level: string }): Logger;

const logger = createLogger({ level: 'info' });
const defaults = new Map<string, string>();

export function handle(requestId: string, headers: Map<string, string>): void {
  const requestLogger = logger.child({ requestId });
  headers.set('x-request-id', requestId);
  defaults.set('last-request', requestId);
  try {
    requestLogger.info('handling');
  } finally {
    headers.delete('x-trace');
  }
}
