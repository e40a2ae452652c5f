import type { Project } from 'ts-morph';
import type { CheckId, CheckMeta, Finding } from '../Finding.js';
import { enterWithNotRestored, enterWithNotRestoredMeta } from './enter-with-not-restored.js';
import { inheritableInPool, inheritableInPoolMeta } from './inheritable-in-pool.js';
import { neverRemoved, neverRemovedMeta } from './never-removed.js';
import { perCallFactory, perCallFactoryMeta } from './per-call-factory.js';
import { poolTaskSet, poolTaskSetMeta } from './pool-task-set.js';
import { removeNotInFinally, removeNotInFinallyMeta } from './remove-not-in-finally.js';

/** A check: its metadata and the pure function that runs it. */
export interface Check {
  readonly meta: CheckMeta;
  readonly run: (project: Project) => Finding[];
}

/** Every whole-program check, in the order their findings are reported. */
export const checks: readonly Check[] = [
  { meta: neverRemovedMeta, run: neverRemoved },
  { meta: removeNotInFinallyMeta, run: removeNotInFinally },
  { meta: perCallFactoryMeta, run: perCallFactory },
  { meta: poolTaskSetMeta, run: poolTaskSet },
  { meta: enterWithNotRestoredMeta, run: enterWithNotRestored },
  { meta: inheritableInPoolMeta, run: inheritableInPool },
];

/** The check ids, for validation of options and for docs. */
export const checkIds: readonly CheckId[] = checks.map((check) => check.meta.id);
