import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { AUDIT_LEVELS, type AuditLevel } from './report/AuditReport.js';

/** The preload's configuration, read from the environment. */
export interface AuditEnvConfig {
  readonly level: AuditLevel;
  readonly intervalMs: number;
  readonly samplingInterval: number;
  /** JSON Lines file (with `%p` replaced by the pid), or `undefined` for none. */
  readonly jsonl: string | undefined;
  readonly text: 'stderr' | 'stdout' | 'off';
  readonly forceGc: boolean;
  readonly metrics: boolean;
  /**
   * What sites are relative to: an absolute directory, `false` for absolute sites, or `undefined`
   * for the default (the nearest directory with a `package.json`, see `startAudit`'s `root`).
   */
  readonly root: string | false | undefined;
}

/**
 * The environment variables the preload reads, with their defaults. The preload's level is
 * `advanced`, not `startAudit`'s `simple`: a staging report should say where to look (the sites),
 * and `advanced` costs 1.1–1.2× (docs/benchmarks.md), within the audit's ≤ 1.5× budget.
 */
export const AUDIT_ENV_VARS = {
  TLKIT_AUDIT_LEVEL: 'advanced',
  TLKIT_AUDIT_INTERVAL_MS: '60000',
  TLKIT_AUDIT_SAMPLING: '4096',
  TLKIT_AUDIT_JSONL: '',
  TLKIT_AUDIT_TEXT: 'stderr',
  TLKIT_AUDIT_FORCE_GC: 'false',
  TLKIT_AUDIT_METRICS: 'true',
  /** A directory, `absolute`, or empty for the nearest directory with a `package.json`. */
  TLKIT_AUDIT_ROOT: '',
} as const;

/**
 * Reads the preload's configuration. Empty variables count as unset.
 *
 * @param env - the environment, `process.env` by default
 * @param pid - replaces `%p` in `TLKIT_AUDIT_JSONL`
 * @param cwd - a relative `TLKIT_AUDIT_ROOT` is resolved against it
 * @returns the configuration
 * @throws RangeError naming the variable, its value and what it accepts, for any bad value
 */
export function readAuditEnv(env: NodeJS.ProcessEnv = process.env, pid = process.pid, cwd = process.cwd()): AuditEnvConfig {
  const read = (name: keyof typeof AUDIT_ENV_VARS): string => {
    const value = env[name]?.trim();
    return value === undefined || value === '' ? AUDIT_ENV_VARS[name] : value;
  };
  const level = read('TLKIT_AUDIT_LEVEL');
  if (!(AUDIT_LEVELS as readonly string[]).includes(level)) throw bad('TLKIT_AUDIT_LEVEL', level, AUDIT_LEVELS.join(', '));
  const text = read('TLKIT_AUDIT_TEXT');
  if (text !== 'stderr' && text !== 'stdout' && text !== 'off') throw bad('TLKIT_AUDIT_TEXT', text, 'stderr, stdout, off');
  const jsonl = read('TLKIT_AUDIT_JSONL');
  return {
    level: level as AuditLevel,
    intervalMs: integer('TLKIT_AUDIT_INTERVAL_MS', read('TLKIT_AUDIT_INTERVAL_MS'), 0, 2 ** 31 - 1),
    samplingInterval: integer('TLKIT_AUDIT_SAMPLING', read('TLKIT_AUDIT_SAMPLING'), 1, 2 ** 30),
    jsonl: jsonl === '' ? undefined : jsonl.replaceAll('%p', String(pid)),
    text,
    forceGc: boolean('TLKIT_AUDIT_FORCE_GC', read('TLKIT_AUDIT_FORCE_GC')),
    metrics: boolean('TLKIT_AUDIT_METRICS', read('TLKIT_AUDIT_METRICS')),
    root: root(read('TLKIT_AUDIT_ROOT'), cwd),
  };
}

/** `absolute` keeps absolute sites; a directory of that name is written `./absolute`. */
function root(value: string, cwd: string): string | false | undefined {
  if (value === '') return undefined;
  if (value === 'absolute') return false;
  const dir = resolve(cwd, value);
  let isDirectory = false;
  try {
    isDirectory = statSync(dir).isDirectory();
  } catch {
    // Missing or unreadable: reported below like any other bad value.
  }
  if (!isDirectory) throw bad('TLKIT_AUDIT_ROOT', value, 'an existing directory, or absolute');
  return dir;
}

function bad(name: string, value: string, expected: string): RangeError {
  return new RangeError(`${name}: ${JSON.stringify(value)} (expected: ${expected})`);
}

function integer(name: string, value: string, min: number, max: number): number {
  const number = /^\d+$/.test(value) ? Number(value) : NaN;
  if (!Number.isSafeInteger(number) || number < min || number > max) throw bad(name, value, `an integer from ${min} to ${max}`);
  return number;
}

function boolean(name: string, value: string): boolean {
  if (['1', 'true', 'yes', 'on'].includes(value.toLowerCase())) return true;
  if (['0', 'false', 'no', 'off'].includes(value.toLowerCase())) return false;
  throw bad(name, value, 'true or false (also 1/0, yes/no, on/off)');
}
