import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { formatBytes } from '@tlkit/runtime-audit';
import { InputError } from '../errors.js';
import type { ParsedAuditInput } from './auditInput.js';
import { AuditInputReader } from './auditInput.js';
import type { InputLimits } from './inputLimits.js';
import { DEFAULT_INPUT_LIMITS } from './inputLimits.js';

const NEWLINE = 0x0a;

/**
 * Reads an audit file as a stream of lines and validates each report as its line arrives. Lines
 * are split on bytes (a newline byte never occurs inside a UTF-8 sequence), so a line is decoded
 * once, whole; `readline` is not used because it buffers a line without bound, and a file with no
 * line break at all (`/dev/zero`) must be refused at the line limit.
 *
 * @param file - absolute path of the file
 * @param name - the file's name as given, for messages
 * @param limits - the largest file and line to read
 * @returns the validated reports, sorted by `createdAt`, and warnings
 * @throws InputError when the file cannot be read, is larger than a limit, or is not audit reports
 */
export async function readAuditFile(file: string, name: string, limits: InputLimits = DEFAULT_INPUT_LIMITS): Promise<ParsedAuditInput> {
  let size: number;
  try {
    const info = await stat(file);
    if (info.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
    // Only a regular file's size is known in advance: a device, pipe or FIFO is counted while read.
    size = info.isFile() ? info.size : 0;
  } catch (error: unknown) {
    throw unreadable(error, name);
  }
  if (size > limits.maxBytes) throw tooLarge(name, limits.maxBytes);
  const reader = new AuditInputReader(name);
  const stream = createReadStream(file, { highWaterMark: 1024 * 1024 });
  let total = 0;
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      total += chunk.length;
      if (total > limits.maxBytes) throw tooLarge(name, limits.maxBytes);
      let start = 0;
      for (let newline = chunk.indexOf(NEWLINE); newline !== -1; newline = chunk.indexOf(NEWLINE, start)) {
        const part = chunk.subarray(start, newline);
        if (pendingBytes + part.length > limits.maxLineBytes) throw lineTooLong(name, limits.maxLineBytes);
        reader.line(pending.length === 0 ? part.toString('utf8') : Buffer.concat([...pending, part]).toString('utf8'));
        pending = [];
        pendingBytes = 0;
        start = newline + 1;
      }
      if (start < chunk.length) {
        pending.push(chunk.subarray(start));
        pendingBytes += chunk.length - start;
        if (pendingBytes > limits.maxLineBytes) throw lineTooLong(name, limits.maxLineBytes);
      }
    }
  } catch (error: unknown) {
    throw error instanceof InputError ? error : unreadable(error, name);
  } finally {
    stream.destroy();
  }
  if (pendingBytes > 0) reader.line(Buffer.concat(pending).toString('utf8'));
  return reader.end();
}

function tooLarge(name: string, max: number): InputError {
  return new InputError(
    `${name}: larger than ${formatBytes(max)}, the input limit; nothing was rendered (expected: an audit.json or audit.jsonl file; ` +
      'to read a larger one, raise the limit with --max-input-size, e.g. --max-input-size 1GiB)',
  );
}

function lineTooLong(name: string, max: number): InputError {
  return new InputError(
    `${name}: a line longer than ${formatBytes(max)}, the line limit; nothing was rendered (an audit writes one report per line, ` +
      'kilobytes each; to read longer lines, raise the limit with --max-line-size)',
  );
}

function unreadable(error: unknown, name: string): InputError {
  const code = (error as NodeJS.ErrnoException).code;
  const reason =
    code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : error instanceof Error ? error.message : String(error);
  return new InputError(`cannot read ${name}: ${reason} (expected: an audit.json or audit.jsonl file)`, { cause: error });
}
