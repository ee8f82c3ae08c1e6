import { foldAccents } from './text.js';

/** Countries by ISO 3166-1 alpha-2 code, named in English through Intl (shared by the hub and the importers). */
const regionNames = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' });
const names = new Map<string, string>();

export function isCountryCode(code: string): boolean {
  return /^[A-Z]{2}$/.test(code) && regionNames.of(code) !== undefined;
}

/** "GB" → "United Kingdom"; an unknown code is returned as given. */
export function countryName(code: string): string {
  // only two letters are asked of Intl (it throws on a malformed code) and kept (so garbage cannot fill the cache)
  if (!/^[A-Za-z]{2}$/.test(code)) return code;
  let name = names.get(code);
  if (name === undefined) names.set(code, (name = regionNames.of(code.toUpperCase()) ?? code)); // Intl is slow per call
  return name;
}

let known: Map<string, string> | undefined;

/** Every country's English name (Intl), folded to lower case → the name. */
function knownNames(): Map<string, string> {
  if (!known) {
    known = new Map();
    for (let a = 65; a <= 90; a++)
      for (let b = 65; b <= 90; b++) {
        const name = regionNames.of(String.fromCharCode(a, b));
        if (name) known.set(name.toLowerCase(), name);
      }
  }
  return known;
}

/** Names the bibliographic databases use for countries Intl names otherwise (Web of Science, Scopus). */
const ALIASES: Record<string, string> = {
  'czech republic': 'CZ',
  'u arab emirates': 'AE',
  'turkey': 'TR',
  'turkiye': 'TR',
  'viet nam': 'VN',
  'russian federation': 'RU',
  'korea': 'KR',
  'republic of korea': 'KR',
  'peoples r china': 'CN',
  'hong kong': 'HK',
  'macau': 'MO',
  'macao': 'MO',
  'iran (islamic republic of)': 'IR',
  'taiwan, province of china': 'TW',
  'brunei': 'BN',
  'cote ivoire': 'CI',
  "cote d'ivoire": 'CI',
  'bosnia & herceg': 'BA',
  'trinid & tobago': 'TT',
  'papua n guinea': 'PG',
  'dem rep congo': 'CD',
  'rep congo': 'CG',
  'cent afr republ': 'CF',
  'north macedonia': 'MK',
  'macedonia': 'MK',
  'syria': 'SY',
  'laos': 'LA',
  'eswatini': 'SZ',
  'swaziland': 'SZ',
  'usa': 'US',
  'uk': 'GB',
  'u.k.': 'GB',
  'great britain': 'GB',
  'united states of america': 'US',
};

/** A country as a database writes it ("Czech Republic", "Peoples R China") → its English name (Intl), or undefined when it is not a country. */
export function countryFromName(text: string): string | undefined {
  const t = foldAccents(text.trim().toLowerCase());
  if (!t) return undefined;
  if (ALIASES[t]) return countryName(ALIASES[t]);
  return knownNames().get(t);
}
