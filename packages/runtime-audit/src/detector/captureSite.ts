import { createRequire, findSourceMap } from 'node:module';
import { dirname, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { relativeSite } from './siteRoot.js';

/**
 * Frames captured per site: enough to get past the audit's own frames and core's (at most six
 * between an event and the user's call), and no more: the capture costs about 0.5 µs per frame.
 */
const CAPTURE_DEPTH = 10;

/** Hands back V8's structured call sites instead of a formatted string. */
const structured = (_error: Error, callSites: NodeJS.CallSite[]): NodeJS.CallSite[] => callSites;

/** Resolved sites kept, by generated position; past this the cache is cleared (it refills). */
const MAX_CACHED_SITES = 4096;

/** Directories whose frames are never a user's site: core, and this package's non-test code. */
const corePackageDir = packageDirOf(createRequire(import.meta.url).resolve('@tlkit/core'));
const ownPackageDir = packageDirOf(fileURLToPath(import.meta.url));

/** Matches `at fn (location)` and `at location`; the location ends in `:line:col`. */
const FRAME = /^\s*at (?:.*? \()?(.+?):(\d+):(\d+)\)?$/;

type Prepare = (error: Error, frames: NodeJS.CallSite[]) => unknown;

/** Generated `file:line:col` → the site as reported (source-mapped where a map is known). */
const resolved = new Map<string, string>();

/**
 * The roots of the running audits, latest last: sites are made relative to the latest one. The
 * resolved-site cache is process-wide (a frame resolves the same for every audit), so the root is
 * too: while several audits run at once, the one started last decides.
 */
const roots: { readonly root: string | undefined }[] = [];

/** The root sites are reported relative to now; `undefined` keeps them absolute. */
let activeRoot: string | undefined;

/**
 * Makes the sites captured from now on relative to `root` (see {@link relativeSite}), until the
 * returned function is called; then the root in use before applies again.
 *
 * @param root - an absolute directory, or `undefined` for absolute sites
 * @returns a function that withdraws this root; calling it again does nothing
 */
export function useSiteRoot(root: string | undefined): () => void {
  const registration = { root };
  roots.push(registration);
  applyRoot();
  return () => {
    const index = roots.indexOf(registration);
    if (index < 0) return;
    roots.splice(index, 1);
    applyRoot();
  };
}

function applyRoot(): void {
  const root = roots.at(-1)?.root;
  if (root === activeRoot) return;
  activeRoot = root;
  // Cached sites were made for the previous root.
  resolved.clear();
}

/**
 * Captures the call site of the user code that triggered the current observer event: the first
 * stack frame outside `@tlkit/core`, this package (its tests excepted) and Node's internals.
 *
 * Cheap by construction, since `advanced` calls it for sampled sets: given the public core method
 * the user called (`anchor`), only the frame below it is captured; otherwise (or when that frame is
 * not user code) up to ten. The stack is taken as structured call sites (no string formatting, no
 * source-map lookup for the frames skipped), and only the one frame kept is resolved — through
 * the installed `Error.prepareStackTrace` (tsx, vitest, source-map-support), or Node's source maps
 * under `--enable-source-maps` — once per distinct position. `file://` URLs become paths, made
 * relative to the project root when one is in use ({@link useSiteRoot}).
 *
 * @param anchor - the core method the user called (`ThreadLocal.prototype.set`, …), when known
 * @returns `file:line:col` (the file relative to the root in use, or absolute), or `undefined`
 *   when no user frame is on the stack
 */
export function captureSite(anchor?: (...args: never[]) => unknown): string | undefined {
  if (anchor !== undefined) {
    // The cheap path: with the public core method as `constructorOpt`, V8 drops it and every frame
    // above it, so the one frame captured is the user's call (the capture costs per frame kept).
    const site = userSiteOf(structuredFrames(1, anchor)?.[0]);
    if (site !== undefined) return site;
  }
  const frames = structuredFrames(CAPTURE_DEPTH, captureSite);
  if (frames === undefined) return undefined;
  for (const frame of frames) {
    const site = userSiteOf(frame);
    if (site !== undefined) return site;
  }
  return undefined;
}

/** V8's structured call sites below `above` (which is left out with everything above it). */
function structuredFrames(depth: number, above: (...args: never[]) => unknown): NodeJS.CallSite[] | undefined {
  const holder: { stack?: unknown } = {};
  const limit = Error.stackTraceLimit;
  // eslint-disable-next-line @typescript-eslint/unbound-method -- saved to be put back, never called here
  const prepare = Error.prepareStackTrace as Prepare | undefined;
  let frames: unknown;
  try {
    Error.stackTraceLimit = depth;
    Error.prepareStackTrace = structured;
    Error.captureStackTrace(holder, above);
    frames = holder.stack;
  } finally {
    (Error as { prepareStackTrace?: Prepare | undefined }).prepareStackTrace = prepare;
    Error.stackTraceLimit = limit;
  }
  return Array.isArray(frames) ? (frames as NodeJS.CallSite[]) : undefined;
}

/** The frame as a reported site, or `undefined` when it is not user code (core, this package, Node). */
function userSiteOf(frame: NodeJS.CallSite | undefined): string | undefined {
  if (frame === undefined) return undefined;
  // Raw names (paths, or file:// URLs for ES modules) are compared as they are: converting every
  // frame's URL to a path would cost more than the capture. Only the frame kept is converted.
  const name = frame.getFileName() ?? undefined;
  if (name === undefined || name.startsWith('node:') || isLibraryFile(name)) return undefined;
  const key = `${name}:${frame.getLineNumber() ?? 0}:${frame.getColumnNumber() ?? 0}`;
  let site = resolved.get(key);
  if (site === undefined) {
    const file = toPath(name);
    if (file === undefined) return undefined;
    // eslint-disable-next-line @typescript-eslint/unbound-method -- the installed hook is a free function of (error, frames)
    site = relativeSite(resolve(frame, name, `${file}${key.slice(name.length)}`, Error.prepareStackTrace as Prepare | undefined), activeRoot);
    if (resolved.size >= MAX_CACHED_SITES) resolved.clear();
    resolved.set(key, site);
  }
  return site;
}

/** Maps one generated position to the source the user wrote, when anything knows how. */
function resolve(frame: NodeJS.CallSite, name: string, generated: string, prepare: Prepare | undefined): string {
  if (typeof prepare === 'function') {
    // A formatter that maps positions (tsx, vitest, source-map-support), asked for one frame only.
    const limit = Error.stackTraceLimit;
    let text: unknown;
    try {
      Error.stackTraceLimit = 0;
      text = prepare(new Error(), [frame]);
    } catch {
      text = undefined;
    } finally {
      Error.stackTraceLimit = limit;
    }
    const site = typeof text === 'string' ? firstFrame(text) : undefined;
    if (site !== undefined) return site;
  }
  const map = findSourceMap(name);
  const line = frame.getLineNumber();
  const column = frame.getColumnNumber();
  if (map !== undefined && line !== null && column !== null) {
    const entry = map.findEntry(line - 1, column - 1) as { originalSource?: string; originalLine?: number; originalColumn?: number };
    const source = entry.originalSource === undefined ? undefined : toPath(entry.originalSource);
    if (source !== undefined && entry.originalLine !== undefined && entry.originalColumn !== undefined) {
      return `${source}:${entry.originalLine + 1}:${entry.originalColumn + 1}`;
    }
  }
  return generated;
}

/** The first frame of a formatted stack that names a file, as `file:line:col`. */
function firstFrame(stack: string): string | undefined {
  for (const line of stack.split('\n')) {
    const match = FRAME.exec(line);
    if (match === null) continue;
    const name = match[1] as string;
    if (name.startsWith('node:') || name === 'native' || name.startsWith('<anonymous>')) continue;
    const file = toPath(name);
    if (file === undefined) continue;
    return `${file}:${match[2]}:${match[3]}`;
  }
  return undefined;
}

function toPath(name: string): string | undefined {
  if (!name.startsWith('file://')) return name;
  try {
    return fileURLToPath(name);
  } catch {
    return undefined;
  }
}

/** Prefixes of core's files and of this package's code, as paths and as `file://` URLs. */
const corePrefixes = [corePackageDir, pathToFileURL(corePackageDir).href];
const ownPrefixes = [`${ownPackageDir}src${sep}`, `${ownPackageDir}dist${sep}`].flatMap((dir) => [dir, pathToFileURL(dir).href]);

/** @param file - a path or a `file://` URL */
function isLibraryFile(file: string): boolean {
  if (corePrefixes.some((prefix) => file.startsWith(prefix))) return true;
  if (!ownPrefixes.some((prefix) => file.startsWith(prefix))) return false;
  // This package's own tests and fixtures are user code as far as sites go.
  return !/\.test\.[cm]?[jt]s$/.test(file) && !/[\\/]fixtures[\\/]/.test(file);
}

/** The package directory of a file in `<pkg>/src/…` or `<pkg>/dist/…`, with a trailing separator. */
function packageDirOf(file: string): string {
  let dir = dirname(file);
  while (!/[\\/](src|dist)$/.test(dir) && dirname(dir) !== dir) dir = dirname(dir);
  return dirname(dir) + sep;
}
