import { existsSync, realpathSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { badArgument } from '../errors.js';

/**
 * Finds the directory that sites are reported relative to: the project root.
 *
 * Sites are written relative to it so that reports from different machines (a staging host's
 * `/srv/releases/42/…`, a laptop's `/home/ana/app/…`) name the same line the same way, merge by
 * `id` across instances, and open from a checkout (`src/tx.ts:8:34` resolves against the directory
 * `tlkit report` runs in).
 *
 * @param setting - a directory (resolved against `cwd`), `false` for absolute sites, or `undefined`
 *   for the nearest directory at or above `cwd` that holds a `package.json`
 * @param cwd - where the search starts and a relative `setting` is resolved from
 * @returns the root as a real path (symlinks resolved, as module paths are), or `undefined` when
 *   sites stay absolute: `setting` is `false`, or no `package.json` was found
 * @throws RangeError when `setting` names something that is not a directory
 */
export function siteRoot(setting: string | false | undefined, cwd: string = process.cwd()): string | undefined {
  if (setting === false) return undefined;
  if (setting === undefined) {
    const found = nearestPackageDir(cwd);
    return found === undefined ? undefined : realpathSync(found);
  }
  const dir = resolve(cwd, setting);
  if (!isDirectory(dir)) throw new RangeError(badArgument('options.root', setting, 'an existing directory, or false for absolute sites'));
  return realpathSync(dir);
}

/**
 * Rewrites a site `file:line:col` relative to `root` when its file lies inside it, with `/`
 * separators on every platform (so that fingerprints agree across operating systems). Anything
 * else is returned as it is: a file outside the root (a global module, a sibling checkout — a
 * `../../usr/lib/…` path would only pretend to be portable), and a location that is no path at
 * all (`node:` internals never become sites; `webpack://` or `<anonymous>` sources are kept).
 *
 * @param site - `file:line:col`, the file an absolute path (or any other location string)
 * @param root - an absolute directory, or `undefined` to keep every site absolute
 * @returns the site to report
 */
export function relativeSite(site: string, root: string | undefined): string {
  if (root === undefined) return site;
  const match = POSITION.exec(site);
  const file = match === null ? site : site.slice(0, match.index);
  if (!isAbsolute(file)) return site;
  const path = relative(root, file);
  if (path === '' || path === '..' || path.startsWith(`..${sep}`) || isAbsolute(path)) return site;
  return `${sep === '/' ? path : path.split(sep).join('/')}${match === null ? '' : match[0]}`;
}

/** The `:line:col` suffix of a site. */
const POSITION = /:\d+:\d+$/;

function nearestPackageDir(from: string): string | undefined {
  for (let dir = resolve(from); ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) return undefined;
  }
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
