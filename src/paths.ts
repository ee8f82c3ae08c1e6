import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The data shipped with the project (data/, see data/README.md), from the built code in dist/src. */
export const DATA_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../data');
