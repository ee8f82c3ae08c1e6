import { z } from 'zod';
import { countryName, isCountryCode } from '../../countries.js';
import { HubError, type FieldIssue } from './errors.js';
import { TEXT_LIMITS } from './model.js';

/**
 * The one rule every string of input obeys, whatever its field: no NUL character (PostgreSQL's text cannot hold
 * it) and no unpaired UTF-16 surrogate (not Unicode: it cannot be written as UTF-8, so it would be stored as
 * U+FFFD or refused). What is wrong with a string, or null.
 */
export function badText(s: string): string | null {
  if (s.includes('\u0000')) return 'must not contain the NUL character (U+0000)';
  const lone = LONE_SURROGATE.exec(s);
  if (lone) return `contains an unpaired surrogate (U+${lone[0].charCodeAt(0).toString(16).toUpperCase()}), which is not valid Unicode text`;
  return null;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** The first string anywhere in a value (object keys included) that breaks `badText`, with its field path. */
export function findBadText(value: unknown, path: (string | number)[] = []): FieldIssue | null {
  if (typeof value === 'string') {
    const message = badText(value);
    return message ? { field: fieldPath(path), message } : null;
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findBadText(value[i], [...path, i]);
      if (found) return found;
    }
    return null;
  }
  if (value && typeof value === 'object' && !ArrayBuffer.isView(value)) {
    for (const [k, v] of Object.entries(value)) {
      const keyMessage = badText(k);
      if (keyMessage) return { field: fieldPath([...path, '(name)']), message: keyMessage };
      const found = findBadText(v, [...path, k]);
      if (found) return found;
    }
  }
  return null;
}

/** Refuses input holding a string that breaks `badText`, naming the field. */
export function checkText(input: unknown): void {
  const bad = findBadText(input);
  if (bad) throw new HubError('validation', `${bad.field}: ${bad.message}`, { issues: [bad] });
}

const TYPE_NAMES: Record<string, string> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  array: 'a list',
  object: 'a set of fields',
  date: 'a date',
  null: 'empty',
};
const FORMAT_NAMES: Record<string, string> = { email: 'an email address', uuid: 'an id', guid: 'an id', url: 'a web address', date: 'a date (YYYY-MM-DD)', datetime: 'a date and time', regex: 'in the expected form' };
const count = (n: number | bigint, one: string) => `${n.toLocaleString('en-GB')} ${one}${n === 1 ? '' : 's'}`;

/**
 * The hub's wording of zod's checks, for people: each message completes the field's name ("name: must be at most
 * 200 characters", "pageSize: must be a whole number"), and shows beside the field in the web app. A schema's own
 * message (`min(1, 'is required')`) still wins.
 */
export function humanMessage(issue: z.core.$ZodRawIssue): string | undefined {
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined ? 'is required' : `must be ${TYPE_NAMES[issue.expected] ?? issue.expected}`;
    case 'too_big': {
      const max = issue.maximum;
      if (issue.origin === 'string') return `must be at most ${count(max, 'character')}`;
      if (issue.origin === 'array' || issue.origin === 'set') return `must have at most ${count(max, 'entry')}`.replace('entrys', 'entries');
      return `must be at most ${max.toLocaleString('en-GB')}`;
    }
    case 'too_small': {
      const min = issue.minimum;
      if (issue.origin === 'string') return Number(min) <= 1 ? 'is required' : `must be at least ${count(min, 'character')}`;
      if (issue.origin === 'array' || issue.origin === 'set') return `must have at least ${count(min, 'entry')}`.replace('entrys', 'entries');
      return `must be at least ${min.toLocaleString('en-GB')}`;
    }
    case 'invalid_format':
      return `is not ${FORMAT_NAMES[issue.format] ?? `in the expected form (${issue.format})`}`;
    case 'invalid_value':
      return issue.values.length === 1 ? `must be ${JSON.stringify(issue.values[0])}` : `must be one of ${issue.values.map(String).join(', ')}`;
    case 'unrecognized_keys':
      return 'is not a field of this form';
    case 'invalid_union':
      return 'is not in any of the accepted forms';
    case 'not_multiple_of':
      return `must be a multiple of ${issue.divisor}`;
    default:
      return undefined;
  }
}
z.config({ customError: humanMessage });

/** Parses input with a zod schema; on failure a `validation` error names every field at fault. */
export function parse<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  checkText(input);
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw validationError(result.error);
}

export function validationError(error: z.ZodError): HubError {
  // an unknown field is named itself, not the object holding it
  const issues: FieldIssue[] = error.issues.flatMap((i) =>
    i.code === 'unrecognized_keys' ? i.keys.map((k) => ({ field: fieldPath([...i.path, k]), message: i.message })) : [{ field: fieldPath(i.path), message: i.message }],
  );
  const first = issues[0];
  return new HubError('validation', first ? `${first.field}: ${first.message}` : 'invalid input', { issues });
}

/** `links[2].url` from a zod path. */
export function fieldPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : out ? `.${String(p)}` : String(p);
  return out || '(body)';
}

/**
 * Bidirectional formatting characters: the embeddings and overrides U+202A–U+202E, the isolates U+2066–U+2069 and
 * the marks U+200E, U+200F and U+061C. In a name they reorder what is shown: "\u202Egnp.txt" reads "txt.png".
 */
const BIDI_CONTROLS = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;
/** C0 and C1 control characters (tabs and line breaks included): a name is one line. */
const CONTROLS = /[\u0000-\u001f\u007f-\u009f]/g;

/** A name as shown to others (a person's, an organisation's, a file's): one line, no control or bidi characters. */
export function cleanName(s: string): string {
  return s.replace(BIDI_CONTROLS, '').replace(CONTROLS, ' ').replace(/\s+/g, ' ').trim();
}

/** A display name (people, organisations, authors): cleaned by `cleanName`, required, at most `max` characters. */
export const displayName = (max: number) => z.string().transform(cleanName).pipe(z.string().min(1, 'is required').max(max));

/** A facet filter in a query string: values comma-separated (`theme=a,b`) or repeated (`theme=a&theme=b`). */
export const facetValues = z
  .union([z.string(), z.array(z.string())])
  .transform((v) => (Array.isArray(v) ? v : v.split(',')).map((s) => s.trim()).filter(Boolean))
  .pipe(z.array(z.string().max(100)).max(50))
  .optional();

export const email = z
  .string()
  .trim()
  .max(TEXT_LIMITS.email)
  .pipe(z.email({ message: 'is not an email address' }))
  .transform((s) => s.toLowerCase());

/** A new password's length (ASVS L2: at least 12); how guessable it is is checked by `weakPassword`. */
export const password = z.string().min(12, 'must be at least 12 characters').max(TEXT_LIMITS.password);

export const httpUrl = z
  .string()
  .trim()
  .max(TEXT_LIMITS.url)
  .refine((s) => {
    try {
      const u = new URL(s);
      return u.protocol === 'https:' || u.protocol === 'http:';
    } catch {
      return false;
    }
  }, 'must be an http(s) address');

/** ISO 3166-1 alpha-2, e.g. GB; its English name via Intl. */
export const countryCode = z
  .string()
  .trim()
  .transform((s) => s.toUpperCase())
  .refine(isCountryCode, 'is not an ISO 3166-1 alpha-2 country code');

export { countryName };

/**
 * A UK region code of the International Territorial Levels, 2021 vintage (the reference list and the BRES and GVA
 * data use it). ITL 2021 mirrors the NUTS 2016 regions with "UK" replaced by "TL", so a NUTS code (UKG3) is taken
 * as its ITL code (TLG3). Whether the code exists is checked against the reference list (`requireTerm`).
 */
export const regionCode = z
  .string()
  .trim()
  .max(10)
  .transform((s) => s.toUpperCase().replace(/^UK(?=[C-N])/, 'TL'));

/**
 * ORCID iD: four groups of four, the last character an ISO 7064 MOD 11-2 check digit (0–9 or X).
 * https://support.orcid.org/hc/en-us/articles/360006897674
 */
export function orcidChecksumValid(id: string): boolean {
  const m = /^(\d{4})-(\d{4})-(\d{4})-(\d{3}[\dX])$/.exec(id);
  if (!m) return false;
  const digits = id.replace(/-/g, '');
  let total = 0;
  for (let i = 0; i < 15; i++) total = (total + Number(digits[i])) * 2;
  const check = (12 - (total % 11)) % 11;
  return digits[15] === (check === 10 ? 'X' : String(check));
}

/** Accepts `0000-0002-1825-0097` or `https://orcid.org/0000-0002-1825-0097`; stores the bare iD. */
export const orcid = z
  .string()
  .trim()
  .transform((s) => s.replace(/^https?:\/\/orcid\.org\//i, '').toUpperCase())
  .refine((s) => /^\d{4}-\d{4}-\d{4}-\d{3}[\dX]$/.test(s), 'must look like 0000-0002-1825-0097')
  .refine(orcidChecksumValid, 'has a wrong check digit');

export const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD')
  .refine((s) => !Number.isNaN(Date.parse(s + 'T00:00:00Z')) && new Date(s + 'T00:00:00Z').toISOString().startsWith(s), 'is not a calendar date');

/** Whether a string is a row id (a UUID as the database writes it): an id that is not one is not found, without a query. */
export const isId = (s: string): boolean => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s);

/** A `date` column as YYYY-MM-DD (the embedded engine may hand it over as a Date at midnight UTC). */
export function dayOf(v: string | Date | null): string | null {
  return v instanceof Date ? v.toISOString().slice(0, 10) : v;
}
