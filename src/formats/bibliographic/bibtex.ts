import { UserError } from '../../errors.js';

export interface BibtexEntry {
  type: string;
  key: string;
  /** Field names lower-cased; values with outer braces, escapes and runs of white space removed. */
  fields: Map<string, string>;
  line: number;
}

function unescape(v: string): string {
  let s = v.trim();
  while (s.startsWith('{') && s.endsWith('}')) s = s.slice(1, -1).trim();
  return s.replace(/\\([&%$#_{}])/g, '$1');
}

/** The entries of a BibTeX file (`@type{key, name = {value} | "value" | bare, …}`), with the line each starts on. */
export function bibtexEntries(text: string, file: string): BibtexEntry[] {
  const src = text.replace(/^\uFEFF/, '');
  const entries: BibtexEntry[] = [];
  let i = 0;
  let line = 1;
  let counted = 0;
  const lineAt = (pos: number) => {
    for (; counted < pos; counted++) if (src.charCodeAt(counted) === 10) line++;
    return line;
  };
  while ((i = src.indexOf('@', i)) >= 0) {
    const entryStart = i;
    const open = src.indexOf('{', i);
    if (open < 0) throw new UserError('an entry without "{"', { file, line: lineAt(i) });
    const type = src.slice(i + 1, open).trim().toLowerCase();
    const comma = src.indexOf(',', open);
    if (comma < 0) throw new UserError('an entry without a key', { file, line: lineAt(i) });
    const key = src.slice(open + 1, comma).trim();
    i = comma + 1;
    const fields = new Map<string, string>();
    for (;;) {
      while (/[\s,]/.test(src[i] ?? '')) i++;
      if (src[i] === '}') {
        i++;
        break;
      }
      if (i >= src.length) throw new UserError(`entry ${key} is not closed`, { file, line: lineAt(entryStart) });
      const eq = src.indexOf('=', i);
      if (eq < 0) throw new UserError(`entry ${key}: a field without "="`, { file, line: lineAt(i) });
      const name = src.slice(i, eq).trim().toLowerCase();
      i = eq + 1;
      while (/\s/.test(src[i] ?? '')) i++;
      let value: string;
      if (src[i] === '{') {
        let depth = 0;
        const s = i;
        for (; i < src.length; i++) {
          if (src[i] === '\\') {
            i++;
            continue;
          }
          if (src[i] === '{') depth++;
          else if (src[i] === '}' && --depth === 0) break;
        }
        if (depth !== 0) throw new UserError(`entry ${key}: field ${name} has unbalanced braces`, { file, line: lineAt(s), field: name });
        value = src.slice(s + 1, i);
        i++;
      } else if (src[i] === '"') {
        const s = ++i;
        while (i < src.length && src[i] !== '"') i++;
        value = src.slice(s, i++);
      } else {
        const s = i;
        while (i < src.length && !/[,}]/.test(src[i])) i++;
        value = src.slice(s, i);
      }
      fields.set(name, unescape(value));
    }
    entries.push({ type, key, fields, line: lineAt(entryStart) });
  }
  if (entries.length === 0) throw new UserError('no BibTeX entries found', { file });
  return entries;
}

/** A field's value with its line breaks and runs of spaces as single spaces. */
export const field = (e: BibtexEntry, name: string) => e.fields.get(name)?.replace(/\s+/g, ' ').trim() || undefined;

/** Whether the entries are a Scopus export (Scopus writes `source={Scopus}` in every entry). */
export const isScopusBibtex = (entries: readonly BibtexEntry[]) => entries.some((e) => /^scopus$/i.test(e.fields.get('source') ?? ''));
