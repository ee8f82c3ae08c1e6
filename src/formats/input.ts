import { closeSync, createReadStream, existsSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import type { Readable } from 'node:stream';
import { createGunzip, gunzipSync } from 'node:zlib';
import { UserError } from '../errors.js';

/**
 * Input files as text: gunzipped when named .gz, refused with one line naming the file when they are missing, a
 * directory, a damaged gzip file, or not text at all (a binary file given by mistake: a spreadsheet, an archive).
 */

const GZIP_MAGIC = [0x1f, 0x8b];
const isGzipName = (file: string) => /\.gz$/i.test(file);

function checkExists(file: string): void {
  if (!existsSync(file)) throw new UserError('file not found', { file });
  if (statSync(file).isDirectory()) throw new UserError('is a directory, expected a file', { file });
}

/** What went wrong in a .gz file: not gzip at all, or cut short or damaged. */
function gzipError(file: string, head: Uint8Array, err: unknown): UserError {
  if (head[0] !== GZIP_MAGIC[0] || head[1] !== GZIP_MAGIC[1]) return new UserError('not a gzip file (the name ends in .gz)', { file });
  const code = (err as NodeJS.ErrnoException).code;
  return new UserError(
    code === 'Z_BUF_ERROR' ? 'the gzip file is truncated (it ends before its data does): copy or download it again' : `the gzip file is damaged (${(err as Error).message})`,
    { file },
  );
}

/**
 * Refuses bytes that are not UTF-8 text: a NUL byte, or a byte sequence that is not UTF-8 (the last three bytes of
 * a partial read may be a character cut in two, so they are not judged).
 */
export function checkText(file: string, bytes: Uint8Array, complete: boolean): void {
  const nul = bytes.indexOf(0);
  const hint = 'a spreadsheet or an archive? save or export it as CSV';
  if (nul >= 0) throw new UserError(`is not a text file: it holds binary data (a NUL byte at byte ${nul + 1}; ${hint})`, { file });
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(complete ? bytes : bytes.subarray(0, Math.max(0, bytes.length - 3)));
  } catch {
    throw new UserError(`is not UTF-8 text (${hint}, in UTF-8)`, { file });
  }
}

/** A whole text file, gunzipped when its name ends in .gz. */
export function readText(file: string): string {
  checkExists(file);
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (err) {
    throw new UserError(`cannot read the file (${(err as NodeJS.ErrnoException).code ?? String(err)})`, { file });
  }
  if (isGzipName(file)) {
    try {
      bytes = gunzipSync(bytes);
    } catch (err) {
      throw gzipError(file, bytes, err);
    }
  }
  checkText(file, bytes, true);
  return bytes.toString('utf8');
}

const HEAD_BYTES = 64 * 1024;

function magicOf(file: string): Buffer {
  const fd = openSync(file, 'r');
  try {
    const b = Buffer.alloc(2);
    readSync(fd, b, 0, 2, 0);
    return b;
  } finally {
    closeSync(fd);
  }
}

export interface TextInput {
  /** The first 64 KB of the text (decompressed), checked to be UTF-8 text. */
  head: Buffer;
  /** The whole text as a stream of bytes, from the start, in pieces of about `piece` bytes. */
  stream(piece?: number): Readable;
  /** What an error of that stream means for the user (a gzip file cut short further in), naming the file. */
  error(err: unknown): UserError;
}

/** A text file to stream (gunzipped when named .gz), with its beginning read and checked to be text. */
export async function openText(file: string): Promise<TextInput> {
  checkExists(file);
  const gz = isGzipName(file);
  const stream = (piece = HEAD_BYTES) =>
    gz ? createReadStream(file, { highWaterMark: piece }).pipe(createGunzip({ chunkSize: piece })) : createReadStream(file, { highWaterMark: piece });
  const error = (err: unknown) =>
    err instanceof UserError ? err : gz ? gzipError(file, magicOf(file), err) : new UserError(`cannot read the file (${(err as NodeJS.ErrnoException).code ?? String(err)})`, { file });
  const first = await new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const s = stream();
    s.on('data', (c: Buffer) => {
      chunks.push(c);
      size += c.length;
      if (size >= HEAD_BYTES) {
        s.destroy();
        resolve(Buffer.concat(chunks));
      }
    });
    s.on('end', () => resolve(Buffer.concat(chunks)));
    s.on('error', reject);
  }).catch((err: unknown) => {
    throw error(err);
  });
  const head = first.subarray(0, HEAD_BYTES);
  checkText(file, head, first.length < HEAD_BYTES);
  return { head, stream, error };
}
