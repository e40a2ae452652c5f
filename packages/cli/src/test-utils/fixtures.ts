import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Project } from 'ts-morph';
import type { Finding } from '../Finding.js';
import { loadProject } from '../project.js';

/** Absolute path of packages/cli. */
export const packageDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * Absolute path of a fixture project directory.
 *
 * @param name - directory name under test/fixtures
 * @returns the path
 */
export function fixtureDir(name: string): string {
  return path.join(packageDir, 'test', 'fixtures', name);
}

const projects = new Map<string, Project>();

/**
 * The ts-morph project of a fixture, loaded once per test file.
 *
 * @param name - directory name under test/fixtures
 * @returns the project
 */
export function fixtureProject(name: string): Project {
  let project = projects.get(name);
  if (project === undefined) {
    project = loadProject('tsconfig.json', fixtureDir(name)).project;
    projects.set(name, project);
  }
  return project;
}

/**
 * Findings as compact strings `file:line:col check-id` (file relative to the fixture's src/), for
 * assertions that read like the text output.
 *
 * @param findings - findings of one fixture
 * @param name - the fixture
 * @returns the sorted strings
 */
export function sites(findings: readonly Finding[], name: string): string[] {
  const src = path.join(fixtureDir(name), 'src');
  return findings
    .map((f) => `${path.relative(src, f.location.file)}:${f.location.line}:${f.location.column} ${f.checkId}`)
    .sort();
}
