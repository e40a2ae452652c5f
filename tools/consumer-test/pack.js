#!/usr/bin/env node
// `npm run pack` at the repository root: packs every published package into dist-packages/ (the
// packages must be built; the root script builds them first). Until the packages are on the
// registry, these tarballs are how a project outside this repository installs tlkit.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Where `npm run pack` writes the tarballs (gitignored). */
export const PACK_DIR = path.join(ROOT, 'dist-packages');

/**
 * The published packages: the workspaces under packages/ that are not private, read from the root
 * manifest so that a new package is packed (and tested as a consumer would use it) without a list
 * to update here.
 *
 * @returns each package's workspace directory (relative to the root), name and version
 */
export function publishedPackages() {
  const root = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  /** @type {{ dir: string, name: string, version: string }[]} */
  const packages = [];
  for (const dir of root.workspaces) {
    if (!dir.startsWith('packages/') || dir.includes('*')) continue;
    const manifest = JSON.parse(readFileSync(path.join(ROOT, dir, 'package.json'), 'utf8'));
    if (manifest.private !== true) packages.push({ dir, name: manifest.name, version: manifest.version });
  }
  return packages;
}

/**
 * Packs every published package into {@link PACK_DIR}, emptied first so that it never holds a
 * stale version beside the new one.
 *
 * @returns the tarballs' absolute paths, by package name
 * @throws when a package is not built (its dist/ is missing) or `npm pack` fails
 */
export function packAll() {
  const packages = publishedPackages();
  for (const { dir } of packages) {
    // npm pack would silently produce a tarball without dist/: refuse instead.
    if (!readdirSync(path.join(ROOT, dir)).includes('dist')) {
      throw new Error(`${dir} is not built (no dist/): run \`npm run build\` first`);
    }
  }
  rmSync(PACK_DIR, { recursive: true, force: true });
  mkdirSync(PACK_DIR, { recursive: true });
  const args = ['pack', '--json', '--pack-destination', PACK_DIR, ...packages.flatMap(({ dir }) => ['--workspace', dir])];
  const output = execFileSync('npm', args, { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  /** @type {{ name: string, filename: string, files: unknown[], size: number }[]} */
  const packed = JSON.parse(output);
  /** @type {Map<string, string>} */
  const tarballs = new Map();
  for (const { name, filename } of packed) tarballs.set(name, path.join(PACK_DIR, filename));
  for (const { name } of packages) {
    if (!tarballs.has(name)) throw new Error(`npm pack produced no tarball for ${name}`);
  }
  return tarballs;
}

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const tarballs = packAll();
  for (const file of tarballs.values()) console.log(path.relative(process.cwd(), file));
  // Absolute paths: the command is meant to be run in another project.
  console.log(`\nInstall them in one command in your project, so that npm resolves their dependencies on each other from the tarballs:\n  npm install ${[...tarballs.values()].join(' ')}`);
}
