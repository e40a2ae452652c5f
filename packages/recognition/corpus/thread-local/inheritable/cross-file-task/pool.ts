// The pool submits the job by an inline task that calls it.
// recognize: pool=thread-pool
import { ThreadPool } from '@tlkit/core';
import { formatInvoice } from './job.js';

const pool = new ThreadPool({ size: 2, name: 'invoices' });

export function enqueue(amount: number): Promise<string> {
  return pool.submit(() => formatInvoice(amount));
}
