// `using _ = tl.scope(value)`: the previous state comes back when the block exits: safe.
// recognize: requestId=thread-local
import { InheritableThreadLocal } from '@tlkit/core';

const requestId = new InheritableThreadLocal<string>();

export function handle(id: string, work: () => void): void {
  using _ = requestId.scope(id);
  work();
}
