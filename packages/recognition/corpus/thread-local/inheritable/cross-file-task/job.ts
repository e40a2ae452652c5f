// A task body in job.ts reads an InheritableThreadLocal; pool.ts submits it: the scan follows the task across files and reports the read.
// ESLint cannot know job.ts runs on a pool (each file is linted alone), so only the scan reports it.
// recognize: locale=thread-local
import { InheritableThreadLocal } from '@tlkit/core';

export const locale = new InheritableThreadLocal<string>();

export function formatInvoice(amount: number): string {
  return `${locale.get()}: ${amount}`; // expect(scan): inheritable-in-pool
}
