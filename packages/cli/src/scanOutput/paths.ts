import path from 'node:path';
import type { Finding, RelatedLocation, SourceLocation } from '../Finding.js';

/**
 * A file path as reporters show it: relative to `baseDir` with `/` separators when the file is
 * inside it, absolute otherwise.
 *
 * @param file - absolute path
 * @param baseDir - absolute directory (the working directory of the run)
 * @returns the display path
 */
export function displayPath(file: string, baseDir: string): string {
  return relativeInside(file, baseDir) ?? file.split(path.sep).join('/');
}

/**
 * The path of a file relative to `baseDir`, with `/` separators, when the file is inside it.
 *
 * @param file - absolute path
 * @param baseDir - absolute directory
 * @returns the relative path, or `undefined` when the file is outside `baseDir` (or is it)
 */
export function relativeInside(file: string, baseDir: string): string | undefined {
  const relative = path.relative(baseDir, file);
  if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) return undefined;
  return relative.split(path.sep).join('/');
}

/**
 * `file:line:col` of a location.
 *
 * @param location - the location
 * @param baseDir - directory paths are shown relative to
 * @returns the site, e.g. `src/context.ts:3:14`
 */
export function siteOf(location: SourceLocation, baseDir: string): string {
  return `${displayPath(location.file, baseDir)}:${location.line}:${location.column}`;
}

/**
 * A finding's message with each `{n}` rendered as the `file:line:col` of `related[n]` (text and JSON).
 *
 * @param finding - the finding
 * @param baseDir - directory paths are shown relative to
 * @returns the message text
 */
export function messageWithSites(finding: Finding, baseDir: string): string {
  return renderMessage(finding, (related) => siteOf(related, baseDir));
}

/**
 * Replaces the `{n}` placeholders of a finding's message.
 *
 * @param finding - the finding
 * @param render - renders related location `n`, given with its index
 * @returns the message text
 */
export function renderMessage(finding: Finding, render: (related: RelatedLocation, index: number) => string): string {
  return finding.message.replace(/\{(\d+)\}/g, (placeholder, digits: string) => {
    const index = Number(digits);
    const related = finding.related[index];
    return related === undefined ? placeholder : render(related, index);
  });
}
