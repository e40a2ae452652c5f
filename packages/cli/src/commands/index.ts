import type { Command } from './Command.js';
import { reportCommand } from './reportCommand.js';
import { scanCommand } from './scanCommand.js';

/**
 * Every command of `tlkit`, in the order `tlkit --help` lists them. A command owns its options
 * and help (its `meta`); the dispatcher and the top-level help derive from this list.
 */
export const commands: readonly Command[] = [scanCommand, reportCommand];
