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
