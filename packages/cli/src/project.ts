import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { Project, ts } from 'ts-morph';
import { ConfigError } from './errors.js';

/** Result of {@link loadProject}: the project and any non-fatal configuration diagnostics. */
export interface LoadedProject {
  readonly project: Project;
  /** Absolute path of the tsconfig that was loaded. */
  readonly tsconfigPath: string;
  /** Configuration diagnostics that are not errors (suggestions and warnings), formatted. */
  readonly warnings: readonly string[];
}

/**
 * Loads the one ts-morph `Project` a scan works on, from a tsconfig file.
 *
 * The configuration is read with the compiler's own reader first, so that a missing file or a JSON
 * syntax error becomes a {@link ConfigError} with the compiler's wording rather than a stack trace.
 *
 * @param tsconfig - path of a tsconfig file, or of a directory holding `tsconfig.json`
 * @param cwd - directory that a relative `tsconfig` is resolved against
 * @returns the project with all files of the configuration (and the files they import) added
 * @throws ConfigError when the tsconfig is missing, unreadable, has an error (a missing or circular
 *   `extends`, an option of the wrong type), or matches no source file
 */
export function loadProject(tsconfig: string, cwd: string): LoadedProject {
  let tsconfigPath = path.resolve(cwd, tsconfig);
  if (existsSync(tsconfigPath) && statSync(tsconfigPath).isDirectory()) {
    tsconfigPath = path.join(tsconfigPath, 'tsconfig.json');
  }
  if (!existsSync(tsconfigPath)) {
    throw new ConfigError(
      `tsconfig not found: ${tsconfigPath} (expected: a tsconfig.json file; pass one with --project)`,
    );
  }
  const read = ts.readConfigFile(tsconfigPath, (file) => ts.sys.readFile(file));
  if (read.error !== undefined) {
    throw new ConfigError(`cannot read ${tsconfigPath}: ${flatten(read.error)}`);
  }
  let project: Project;
  try {
    project = new Project({ tsConfigFilePath: tsconfigPath });
  } catch (error: unknown) {
    throw new ConfigError(`cannot load ${tsconfigPath}: ${error instanceof Error ? error.message : String(error)}`, {
      cause: error,
    });
  }
  const warnings: string[] = [];
  const errors: string[] = [];
  const relative = path.relative(cwd, tsconfigPath);
  const shown = relative === '' || relative.startsWith('..') || path.isAbsolute(relative) ? tsconfigPath : relative;
  for (const diagnostic of project.getConfigFileParsingDiagnostics()) {
    const text = flatten(diagnostic.compilerObject);
    // TS18003: "No inputs were found in config file": nothing to scan is a configuration error.
    if (diagnostic.getCode() === 18003) {
      throw new ConfigError(`${tsconfigPath}: ${text}`);
    }
    // An error in the configuration (an `extends` that is missing or circular, an option of the
    // wrong type) makes the compiler fall back to defaults for what it could not read: a scan of
    // that program would not be the project's, so it is refused, as tsc refuses to build it.
    // TS18002 ("The 'files' list in config file is empty") is a solution-style tsconfig: the scan
    // says what to do about it when it finds no source file.
    if (diagnostic.getCode() === 18002) continue;
    if (diagnostic.getCategory() === ts.DiagnosticCategory.Error) errors.push(`TS${diagnostic.getCode()}: ${text}`);
    else warnings.push(`${shown}: ${text}`);
  }
  if (errors.length > 0) {
    throw new ConfigError(`invalid ${shown}: ${errors.join('; ')} (fix the tsconfig; nothing was scanned)`);
  }
  return { project, tsconfigPath, warnings };
}

function flatten(diagnostic: ts.Diagnostic): string {
  return ts.flattenDiagnosticMessageText(diagnostic.messageText, ' ');
}
