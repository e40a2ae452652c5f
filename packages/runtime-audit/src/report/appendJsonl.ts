import { closeSync, constants, fstatSync, ftruncateSync, openSync, readSync, writeSync } from 'node:fs';
import type { AuditReport } from './AuditReport.js';

/** Files whose tail this process has already checked for a torn line. */
const repaired = new Set<string>();

/** How far back from the end a torn tail is looked for; a longer tail is left alone. */
const MAX_TAIL = 16 * 1024 * 1024;

/**
 * Appends a report to a JSON Lines file as one complete line: the line is built in memory first
 * and handed to the kernel in one `write()` on a file opened with `O_APPEND`, so concurrent
 * appends never interleave and a crash leaves, at worst, one unterminated tail. The first append
 * of each process to a file removes such a tail (a line without its newline, left by a process
 * killed mid-write), so the file holds only complete lines again. Not fsynced: it survives a
 * crashed process, not a crashed machine. Use one file per process (see `%p` in the staging guide).
 *
 * @param path - the file; created when missing
 * @param report - the report
 */
export function appendJsonl(path: string, report: AuditReport): void {
  const line = Buffer.from(`${JSON.stringify(report)}\n`);
  const fd = openSync(path, constants.O_RDWR | constants.O_APPEND | constants.O_CREAT, 0o644);
  try {
    if (!repaired.has(path)) {
      dropTornTail(fd);
      repaired.add(path);
    }
    let written = writeSync(fd, line);
    // Regular files take the whole buffer in one call; the loop only covers exotic targets.
    while (written < line.length) written += writeSync(fd, line, written);
  } finally {
    closeSync(fd);
  }
}

/** Truncates the file back to just after its last newline, when it does not end with one. */
function dropTornTail(fd: number): void {
  const size = fstatSync(fd).size;
  if (size === 0 || lastByte(fd, size) === 0x0a) return;
  const chunk = Buffer.alloc(64 * 1024);
  for (let end = size; end > 0 && size - end < MAX_TAIL; ) {
    const start = Math.max(0, end - chunk.length);
    const read = readSync(fd, chunk, 0, end - start, start);
    const newline = chunk.subarray(0, read).lastIndexOf(0x0a);
    if (newline >= 0) {
      ftruncateSync(fd, start + newline + 1);
      return;
    }
    end = start;
  }
  if (size < MAX_TAIL) ftruncateSync(fd, 0);
}

function lastByte(fd: number, size: number): number {
  const one = Buffer.alloc(1);
  readSync(fd, one, 0, 1, size - 1);
  return one[0] ?? 0;
}
