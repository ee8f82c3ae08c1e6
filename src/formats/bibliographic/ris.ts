import { UserError } from '../../errors.js';

/**
 * RIS records (the Research Information Systems tagged format: `TY  - JOUR` … `ER  -`), as reference managers and
 * publishers export one citation: each field a two-character tag, two spaces, a hyphen and a space, then the value;
 * repeated tags (authors) kept in order; a line that does not start with a tag continues the one before.
 */
export interface RisRecord {
  type: string;
  fields: Map<string, string[]>;
  line: number;
}

const TAG = /^([A-Z][A-Z0-9])  - ?(.*)$/;

export function risRecords(text: string, file: string): RisRecord[] {
  const out: RisRecord[] = [];
  let current: RisRecord | null = null;
  let last: string | null = null;
  text.replace(/^\uFEFF/, '').split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trimEnd();
    if (!line.trim()) return;
    const m = TAG.exec(line);
    if (!m) {
      if (current && last) {
        const values = current.fields.get(last)!;
        values[values.length - 1] = `${values[values.length - 1]} ${line.trim()}`;
        return;
      }
      throw new UserError(`line ${i + 1} is not a RIS field (TG  - value)`, { file, line: i + 1 });
    }
    const [, tag, value] = m;
    if (tag === 'TY') {
      if (current) throw new UserError(`a new record (TY) starts before the one from line ${current.line} ends (ER)`, { file, line: i + 1 });
      current = { type: value.trim(), fields: new Map(), line: i + 1 };
      last = null;
      return;
    }
    if (!current) throw new UserError(`field ${tag} before any record (TY)`, { file, line: i + 1 });
    if (tag === 'ER') {
      out.push(current);
      current = null;
      last = null;
      return;
    }
    const list = current.fields.get(tag) ?? [];
    list.push(value.trim());
    current.fields.set(tag, list);
    last = tag;
  });
  if (current) throw new UserError(`the record from line ${(current as RisRecord).line} has no end (ER  -)`, { file, line: (current as RisRecord).line });
  if (out.length === 0) throw new UserError('no RIS records found', { file });
  return out;
}
