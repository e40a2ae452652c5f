// A subclass of InheritableThreadLocal read in a function passed by name to submit(): still frozen at thread creation: reported by every tool.
// recognize: traceId=thread-local, workers=thread-pool
import { InheritableThreadLocal, ThreadPool } from '@tlkit/core';

class TraceLocal extends InheritableThreadLocal<string> {}

const traceId = new TraceLocal();
const workers = new ThreadPool({ size: 2 });

function exportSpans(): string {
  return `spans of ${traceId.get()}`; // expect(eslint,typed): no-inheritable-in-pool/inheritableReadInPool expect(scan): inheritable-in-pool
}

export function flush(): Promise<string> {
  return workers.submit(exportSpans);
}
