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

/** Directory → name of the package whose `package.json` is nearest above it (`null`: none). */
const packageNameByDirectory = new Map<string, string | null>();

/**
 * @param manifest - path of a `package.json`.
 * @returns its `name`, or `null` when it has none or cannot be read. A file whose package cannot be
 *   identified is simply not recognized: that errs towards no report, never towards a crash of a
 *   rule in an editor because some dependency ships a broken manifest.
 */
function manifestName(manifest: string): string | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(manifest, 'utf8'));
  } catch {
    return null;
  }
  const declared = typeof parsed === 'object' && parsed !== null ? (parsed as { name?: unknown }).name : undefined;
  return typeof declared === 'string' ? declared : null;
}

/**
 * @param fileName - an absolute file path (a declaration file, or a source file in a workspace).
 * @returns the name of the package that contains it (the nearest `package.json` above it), or `null`.
 *   Cached per directory for the life of the process; package names do not change under a lint run.
 */
export function packageNameOf(fileName: string): string | null {
  const visited: string[] = [];
  let directory = dirname(fileName);
  let name: string | null | undefined;
  for (;;) {
    name = packageNameByDirectory.get(directory);
    if (name !== undefined) break;
    visited.push(directory);
    const manifest = join(directory, 'package.json');
    if (existsSync(manifest)) {
      name = manifestName(manifest);
      break;
    }
    const parent = dirname(directory);
    if (parent === directory) {
      name = null;
      break;
    }
    directory = parent;
  }
  for (const each of visited) packageNameByDirectory.set(each, name);
  return name;
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
