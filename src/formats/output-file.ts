import { realpathSync, renameSync, statSync, unlinkSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { UserError } from '../errors.js';

/**
 * Where a command writes its `--out` file. A regular file (or a new one) is written whole or not at all: the
 * text goes to a temporary file beside it, renamed into place when done, so a failed run leaves the old file
 * (or nothing). Anything else that already exists (a character device such as /dev/null, a FIFO, a socket) is
 * written straight into: renaming a file over it would replace the device node itself.
 */
export interface OutputFile {
  /** The path to write now: the temporary file, or the target itself when it is not a regular file. */
  readonly path: string;
  /** True when writing straight into a device, FIFO or socket. */
  readonly direct: boolean;
  /** Moves the finished file into place (nothing to do when writing straight into the target). */
  commit(): void;
  /** Drops the partial temporary file. */
  abort(): void;
}

export function outputFile(target: string): OutputFile {
  let real = target;
  try {
    const st = statSync(target); // follows a symbolic link to what it names
    if (st.isDirectory()) throw new UserError('is a directory: give a file name', { file: target });
    if (!st.isFile()) return { path: target, direct: true, commit: () => undefined, abort: () => undefined };
    real = realpathSync(target); // a link to a regular file: replace the file, keep the link
  } catch (err) {
    if (err instanceof UserError) throw err;
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  const tmp = join(dirname(real), `.${basename(real)}.${process.pid}.tmp`);
  return {
    path: tmp,
    direct: false,
    commit: () => renameSync(tmp, real),
    abort() {
      try {
        unlinkSync(tmp);
      } catch {
        /* nothing to clean */
      }
    },
  };
}
