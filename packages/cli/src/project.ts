import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { Project, ts } from 'ts-morph';
import { ConfigError } from './errors.js';

/** Result of {@link loadProject}: the project and any non-fatal configuration diagnostics. */
export interface LoadedProject {
  readonly project: Project;
  /** Absolute path of the tsconfig that was loaded. */
  readonly tsconfigPath: string;
  /** Configuration diagnostics that did not stop loading (deprecated options and the like), formatted. */
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
 * @throws ConfigError when the tsconfig is missing, unreadable, invalid, or matches no source file
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
  const read = ts.readConfigFile(tsconfigPath, ts.sys.readFile);
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
  for (const diagnostic of project.getConfigFileParsingDiagnostics()) {
    const text = flatten(diagnostic.compilerObject);
    // TS18003: "No inputs were found in config file": nothing to scan is a configuration error.
    if (diagnostic.getCode() === 18003) {
      throw new ConfigError(`${tsconfigPath}: ${text}`);
    }
    warnings.push(`${path.relative(cwd, tsconfigPath) || tsconfigPath}: ${text}`);
  }
  return { project, tsconfigPath, warnings };
}

function flatten(diagnostic: ts.Diagnostic): string {
  return ts.flattenDiagnosticMessageText(diagnostic.messageText, ' ');
}
