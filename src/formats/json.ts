import { readFileSync } from 'node:fs';
import type { z } from 'zod';
import { UserError } from '../errors.js';

/** Line and column (1-based) of a character offset in a text. */
function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}

/**
 * A JSON file read and checked against a schema: bad JSON is refused with its line and column, a value that does not
 * fit with the path of the field at fault (`documents[3].key`).
 */
export function readJsonFile<S extends z.ZodType>(path: string, schema: S): z.output<S> {
  const text = readFileSync(path, 'utf8');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    const at = /position (\d+)/.exec((err as Error).message);
    const where = at ? lineColumn(text, Number(at[1])) : {};
    throw new UserError(`not valid JSON: ${(err as Error).message.replace(/ in JSON at position \d+.*$/, '')}`, { file: path, ...where });
  }
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue.path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i ? '.' : ''}${String(p)}`)).join('') || '(top level)';
  throw new UserError(`${field}: ${issue.message}`, { file: path });
}
