import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import type { TSESLint } from '@typescript-eslint/utils';

/*
 * Which Node versions the linted code runs on, for advice that depends on it (`AsyncLocalStorage#withScope`
 * exists from Node 24). The answer is a semver version or range, or `undefined` when nothing says: then
 * advice must hold on the oldest Node the code may meet, so version-dependent forms are not offered.
 */

/** Directory → `engines.node` of the nearest `package.json` at or above it (`null`: none, or it has no `engines.node`). */
const enginesByDirectory = new Map<string, string | null>();

/**
 * @param manifest - path of a `package.json`.
 * @returns its `engines.node` when that is a string, else `null` (also for an unreadable manifest: a
 *   broken `package.json` must never crash a rule in an editor; it only means "version unknown").
 */
function enginesNodeOf(manifest: string): string | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(manifest, 'utf8'));
  } catch {
    return null;
  }
  if (typeof parsed !== 'object' || parsed === null) return null;
  const engines = (parsed as { engines?: unknown }).engines;
  if (typeof engines !== 'object' || engines === null) return null;
  const node = (engines as { node?: unknown }).node;
  return typeof node === 'string' ? node : null;
}

/**
 * @param fileName - an absolute file path.
 * @returns the `engines.node` of the nearest `package.json` above the file, or `null`. The nearest
 *   manifest decides even when it has no `engines` (a workspace package does not inherit its root's
 *   engines). Cached per directory for the life of the process: manifests do not change under a lint run.
 */
export function enginesNodeAbove(fileName: string): string | null {
  const visited: string[] = [];
  let directory = dirname(fileName);
  let range: string | null | undefined;
  for (;;) {
    range = enginesByDirectory.get(directory);
    if (range !== undefined) break;
    visited.push(directory);
    const manifest = join(directory, 'package.json');
    if (existsSync(manifest)) {
      range = enginesNodeOf(manifest);
      break;
    }
    const parent = dirname(directory);
    if (parent === directory) {
      range = null;
      break;
    }
    directory = parent;
  }
  for (const each of visited) enginesByDirectory.set(each, range);
  return range;
}

/**
 * The Node versions a file targets, as the shared setting states them or the package declares them.
 *
 * @param context - the rule context: reads `settings.tlkit.nodeVersion` (a version such as `24.1.0` or a
 *   range such as `>=24`), else the `engines.node` of the nearest `package.json` above the linted file.
 * @returns the version or range, or `undefined` when neither says (or the file has no path on disk).
 */
export function targetNodeRange(context: Readonly<TSESLint.RuleContext<string, readonly unknown[]>>): string | undefined {
  const tlkit: unknown = context.settings.tlkit;
  if (typeof tlkit === 'object' && tlkit !== null) {
    const configured = (tlkit as { nodeVersion?: unknown }).nodeVersion;
    if (typeof configured === 'string') return configured;
  }
  const { filename } = context;
  // `<input>`, `<text>`: code linted from stdin or an editor buffer without a path has no package.
  if (filename.startsWith('<')) return undefined;
  const absolute = isAbsolute(filename) ? filename : resolve(context.cwd, filename);
  return enginesNodeAbove(absolute) ?? undefined;
}
