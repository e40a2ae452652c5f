#!/usr/bin/env node
// @ts-check
// node-matrix: runs a command under each pinned Node line (tools/node-matrix/lines.json).
//
//   node tools/node-matrix/node-matrix.js run [--lines 22,24,26] -- <command> [args…]
//       runs <command> once per line with that line's `node` first on PATH (npm, npx and turbo then
//       run under it too) and TLKIT_NODE_LINE set; prints a summary; exits 1 if any line failed
//   node tools/node-matrix/node-matrix.js path <line>     fetches (if needed) and prints that line's node
//   node tools/node-matrix/node-matrix.js lines           lists the pinned lines
//   node tools/node-matrix/node-matrix.js pin             re-pins each line to its newest release (maintainers)
//
// Binaries are cached outside the repository ($TLKIT_NODE_CACHE, else ~/.cache/tlkit/node), fetched
// from the npm registry only, and verified against the integrity pinned in lines.json.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { ensureNode, readPins } from './nodeLines.js';

const log = (/** @type {string} */ message) => process.stderr.write(`${message}\n`);

/** @param {string} message */
function usage(message) {
  log(`node-matrix: ${message}\nusage: node-matrix run [--lines 22,24,26] -- <command> [args…] | path <line> | lines | pin`);
  process.exit(2);
}

const separator = process.argv.indexOf('--');
const own = separator === -1 ? process.argv.slice(2) : process.argv.slice(2, separator);
const command = separator === -1 ? [] : process.argv.slice(separator + 1);
const { values, positionals } = parseArgs({ args: own, allowPositionals: true, options: { lines: { type: 'string' } } });
const [action, ...rest] = positionals;
const pins = readPins();

try {
  switch (action) {
    case 'lines':
      for (const [line, pin] of Object.entries(pins.lines)) console.log(`${line}\t${pin.version}`);
      break;
    case 'path':
      if (rest.length !== 1) usage('path takes one line');
      console.log(ensureNode(String(rest[0]), { log }));
      break;
    case 'pin': {
      for (const line of Object.keys(pins.lines)) {
        const viewed = spawnSync('npm', ['view', `${pins.package}@${line}`, 'version', 'dist.integrity', '--json'], { encoding: 'utf8' });
        if (viewed.status !== 0) throw new Error(`npm view ${pins.package}@${line} failed: ${viewed.stderr}`);
        const parsed = JSON.parse(viewed.stdout);
        const newest = Array.isArray(parsed) ? parsed.at(-1) : parsed;
        pins.lines[line] = { version: newest.version, integrity: newest['dist.integrity'] };
        log(`node-matrix: ${line} → ${newest.version}`);
      }
      writeFileSync(new URL('./lines.json', import.meta.url), `${JSON.stringify(pins, null, 2)}\n`);
      break;
    }
    case 'run': {
      if (command.length === 0) usage('run needs a command after --');
      const lines = (values.lines ?? Object.keys(pins.lines).join(',')).split(',').map((line) => line.trim());
      /** @type {{ line: string, version: string, status: number | null, seconds: number }[]} */
      const results = [];
      for (const line of lines) {
        const node = ensureNode(line, { log });
        const version = pins.lines[line]?.version ?? line;
        log(`\nnode-matrix: ── Node ${version}: ${command.join(' ')}`);
        const started = process.hrtime.bigint();
        const child = spawnSync(String(command[0]), command.slice(1), {
          stdio: 'inherit',
          env: { ...process.env, PATH: `${dirname(node)}:${process.env.PATH ?? ''}`, TLKIT_NODE_LINE: line },
        });
        const seconds = Number(process.hrtime.bigint() - started) / 1e9;
        results.push({ line, version, status: child.error ? null : child.status, seconds });
      }
      log('\nnode-matrix: summary');
      for (const { version, status, seconds } of results) {
        log(`  Node ${version.padEnd(9)} ${status === 0 ? 'passed' : `FAILED (exit ${status})`}  ${seconds.toFixed(0)} s`);
      }
      const failed = results.filter((result) => result.status !== 0).length;
      log(`${results.length - failed} passed, ${failed} failed`);
      process.exit(failed === 0 ? 0 : 1);
      break;
    }
    default:
      usage(action === undefined ? 'no action' : `unknown action ${JSON.stringify(action)}`);
  }
} catch (error) {
  log(error instanceof Error ? error.message : String(error));
  process.exit(1);
}
