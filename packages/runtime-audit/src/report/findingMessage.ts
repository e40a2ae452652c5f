import type { FindingKind } from './AuditReport.js';

/** What a message needs to know about a finding. */
export interface MessageFacts {
  readonly kind: FindingKind;
  readonly thread: string;
  readonly pool?: string | undefined;
  readonly valueType: string;
  readonly taskId?: number | undefined;
  readonly access?: string | undefined;
}

/**
 * Builds a finding's one-sentence message: first what leaks and why, then the fix.
 *
 * @param facts - the finding's identity
 * @returns the message
 */
export function findingMessage(facts: MessageFacts): string {
  const { thread, valueType } = facts;
  switch (facts.kind) {
    case 'stale-entry':
      return (
        `${capitalize(withArticle(valueType))} value is still held by thread "${thread}" although its ThreadLocal was garbage-collected; ` +
        'call remove() before the ThreadLocal is dropped, and create thread-locals once (a module-level const).'
      );
    case 'left-behind':
      return (
        `Task ${facts.taskId ?? '?'} ended without remove(): its ${valueType} value stays on pool thread "${thread}" ` +
        'and is seen by the next task there; remove() it in a finally block, or use runWith()/scope().'
      );
    case 'set-at-shutdown':
      return (
        `Pool "${facts.pool ?? '?'}" shut down with ${withArticle(valueType)} value still set on thread "${thread}": ` +
        'a task set it and never removed it; remove() it in a finally block, or use runWith()/scope().'
      );
    case 'terminated-thread-access':
      return (
        `ThreadLocal ${facts.access ?? 'access'}() ran on thread "${thread}" after it terminated: a callback escaped ` +
        'its thread (a timer or listener still pending when the task ended); cancel it before the task returns.'
      );
  }
}

/** `an Object`, `a Connection`, `a number`. */
function withArticle(word: string): string {
  return `${/^[aeiou]/i.test(word) ? 'an' : 'a'} ${word}`;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
