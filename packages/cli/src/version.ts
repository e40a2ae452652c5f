import { readFileSync } from 'node:fs';

/**
 * The version of @tlkit/cli, read from its package.json (one directory above both `src/` and `dist/`).
 *
 * @returns the semver string
 */
export function cliVersion(): string {
  const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  return manifest.version;
}
