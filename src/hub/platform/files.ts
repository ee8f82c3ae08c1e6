import { mkdirSync, mkdtempSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cleanName } from './validate.js';

/**
 * Where uploaded files live. Keys are ids we make (never a user's file name), so a stored path cannot
 * leave the store's directory.
 */
export interface FileStore {
  put(key: string, bytes: Uint8Array): Promise<void>;
  get(key: string): Promise<Buffer>;
  remove(key: string): Promise<void>;
}

const KEY = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function pathOf(dir: string, key: string): string {
  if (!KEY.test(key)) throw new Error(`not a storage key: ${key}`);
  return join(dir, key.slice(0, 2), key);
}

/** Files under a directory (by default `DATA_DIR/uploads`), two hex digits of fan-out. */
export function diskStore(dir: string): FileStore {
  mkdirSync(dir, { recursive: true });
  return {
    async put(key, bytes) {
      const path = pathOf(dir, key);
      await mkdir(join(dir, key.slice(0, 2)), { recursive: true });
      await writeFile(path, bytes, { flag: 'wx', mode: 0o600 });
    },
    // async, so a bad key is a rejected promise like any other failure, not a throw before it
    async get(key) {
      return readFile(pathOf(dir, key));
    },
    async remove(key) {
      await rm(pathOf(dir, key), { force: true });
    },
  };
}

/** A store in a temporary directory made at the first use (throwaway runs and tests). */
export function tempStore(): FileStore {
  let store: FileStore | undefined;
  const get = () => (store ??= diskStore(mkdtempSync(join(tmpdir(), 'proximity-uploads-'))));
  return { put: (k, b) => get().put(k, b), get: (k) => get().get(k), remove: (k) => get().remove(k) };
}

/** The last part of a name as given (any directories dropped), without control, bidi or quote characters, at most 200 characters. */
export function safeFilename(name: string): string {
  const base = name.split(/[/\\]/).pop() ?? '';
  const clean = cleanName(base).replace(/"/g, '').slice(-200);
  return clean === '' || clean === '.' || clean === '..' ? 'file' : clean;
}
