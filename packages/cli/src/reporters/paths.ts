import path from 'node:path';
import type { Finding, SourceLocation } from '../Finding.js';

/**
 * A file path as reporters show it: relative to `baseDir` with `/` separators when the file is
 * inside it, absolute otherwise.
 *
 * @param file - absolute path
 * @param baseDir - absolute directory (the working directory of the run)
 * @returns the display path
 */
export function displayPath(file: string, baseDir: string): string {
  const relative = path.relative(baseDir, file);
  if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) return file.split(path.sep).join('/');
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
 * Replaces the `{n}` placeholders of a finding's message.
 *
 * @param finding - the finding
 * @param render - renders related location `n`
 * @returns the message text
 */
export function renderMessage(finding: Finding, render: (index: number) => string): string {
  return finding.message.replace(/\{(\d+)\}/g, (placeholder, digits: string) => {
    const index = Number(digits);
    return index < finding.related.length ? render(index) : placeholder;
  });
}
