import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { DECLARING_PACKAGES } from './vocabulary.js';
import type { RecognizedKind } from './vocabulary.js';

/*
 * "Which package declares this class?" decided once, the way typescript-eslint's type-utils decides
 * it (`typeDeclaredInPackageDeclarationFile`): by the name in the nearest `package.json` above the
 * file that holds the declaration, never by the class name or the path's spelling. A project that
 * declares its own `ThreadLocal` (a `.d.ts` stub next to a `ThreadPool`, a look-alike class) is not
 * `@tlkit/core`, so neither tool takes it for one.
 */

/** Directory → the parsed nearest `package.json` at or above it (`null`: none, or unreadable). */
const manifestByDirectory = new Map<string, Readonly<Record<string, unknown>> | null>();

/**
 * @param manifest - path of a `package.json`.
 * @returns its parsed object, or `null` when it cannot be read or is not an object. A file whose package
 *   cannot be identified is simply not recognized: that errs towards no report, never towards a crash of
 *   a rule in an editor because some dependency ships a broken manifest.
 */
function readManifest(manifest: string): Readonly<Record<string, unknown>> | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(manifest, 'utf8'));
  } catch {
    return null;
  }
  return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
    ? (parsed as Record<string, unknown>)
    : null;
}

/**
 * @param fileName - an absolute file path.
 * @returns the nearest `package.json` above it, parsed (`null`: none, or unreadable). The nearest manifest
 *   decides even when it lacks the field asked about (a workspace package does not inherit its root's).
 *   Cached per directory for the life of the process: manifests do not change under a lint run.
 */
export function nearestManifest(fileName: string): Readonly<Record<string, unknown>> | null {
  const visited: string[] = [];
  let directory = dirname(fileName);
  let found: Readonly<Record<string, unknown>> | null | undefined;
  for (;;) {
    found = manifestByDirectory.get(directory);
    if (found !== undefined) break;
    visited.push(directory);
    const manifest = join(directory, 'package.json');
    if (existsSync(manifest)) {
      found = readManifest(manifest);
      break;
    }
    const parent = dirname(directory);
    if (parent === directory) {
      found = null;
      break;
    }
    directory = parent;
  }
  for (const each of visited) manifestByDirectory.set(each, found);
  return found;
}

/**
 * @param fileName - an absolute file path (a declaration file, or a source file in a workspace).
 * @returns the name of the package that contains it (the nearest `package.json` above it), or `null`.
 */
export function packageNameOf(fileName: string): string | null {
  const name = nearestManifest(fileName)?.['name'];
  return typeof name === 'string' ? name : null;
}

/**
 * @param className - the name of a declared class.
 * @param declarationFileName - the file that declares it.
 * @returns the kind of the class when that file belongs to a package that declares a recognized
 *   class of that name (`ThreadLocal` in `@tlkit/core`, `AsyncLocalStorage` in `@types/node`), else `null`.
 */
export function kindOfDeclaredClass(className: string, declarationFileName: string): RecognizedKind | null {
  const classes = DECLARING_PACKAGES.get(packageNameOf(declarationFileName) ?? '');
  return classes?.get(className) ?? null;
}
