/** Organisations and countries from the address strings of Web of Science and Scopus. */
import { countryFromName } from '../../countries.js';
import { foldAccents } from '../../text.js';

const UK = new Set(['england', 'scotland', 'wales', 'north ireland', 'northern ireland']);

/** The country at the end of an address ("…, Beijing 100084, Peoples R China." → "China"). */
export function countryOf(address: string): string | undefined {
  const last = address.replace(/\.\s*$/, '').split(',').pop()?.trim();
  if (!last) return undefined;
  const l = last.toLowerCase();
  if (/\busa$/.test(l) || l === 'united states') return 'United States'; // as Intl names it, so every source agrees
  if (UK.has(l)) return 'United Kingdom';
  if (l === 'peoples r china') return 'China';
  const known = countryFromName(last.replace(/\d+/g, ''));
  if (known) return known;
  // not a country Intl knows: kept as written, in title case (the import report lists these)
  const name = last
    .toLowerCase()
    .replace(/(^|[\s-])\p{L}/gu, (m) => m.toUpperCase())
    .replace(/\d+/g, '')
    .trim();
  return name || undefined;
}

/** The organisation of a Web of Science address: its first part ("Tsinghua Univ, Dept …" → "Tsinghua Univ"). */
export function organisationOf(address: string): string {
  return address.split(',')[0].trim();
}

/** Words naming an institution, strongest first (Scopus puts departments, schools and centres first). */
const INSTITUTION = [
  /univ/i,
  /institut|hospital|academy|compan|ltd|inc\b|corporation|council|agency|ministry|foundation|gmbh|llc|plc/i,
  /college|school|centre|center|laborator/i,
];

/** A Scopus address's institution: the first part naming a university, else an institute, company…, else a college, school, centre or laboratory, else the first part. */
export function institutionOf(parts: readonly string[]): string {
  for (const re of INSTITUTION) {
    const found = parts.find((x) => re.test(foldAccents(x)));
    if (found) return found;
  }
  return parts[0] ?? '';
}
