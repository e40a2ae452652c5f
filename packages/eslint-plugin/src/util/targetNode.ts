import { isAbsolute, resolve } from 'node:path';
import { nearestManifest } from '@tlkit/recognition';
import type { TSESLint } from '@typescript-eslint/utils';

/*
 * Which Node versions the linted code runs on, for advice that depends on it (`AsyncLocalStorage#withScope`
 * exists from Node 24). The answer is a semver version or range, or `undefined` when nothing says: then
 * advice must hold on the oldest Node the code may meet, so version-dependent forms are not offered.
 */

/**
 * @param fileName - an absolute file path.
 * @returns the `engines.node` of the nearest `package.json` above the file, or `null` (also when that
 *   manifest has none, or cannot be read: a broken `package.json` must never crash a rule in an editor;
 *   it only means "version unknown").
 */
export function enginesNodeAbove(fileName: string): string | null {
  const engines = nearestManifest(fileName)?.['engines'];
  const node = typeof engines === 'object' && engines !== null ? (engines as { node?: unknown }).node : undefined;
  return typeof node === 'string' ? node : null;
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
