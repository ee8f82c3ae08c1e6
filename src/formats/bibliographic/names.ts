/**
 * Personal names as bibliographic databases write them: "Family, Given" (Web of Science, Scopus full names),
 * "Family G.G." (Scopus short form), "Given Family" (Lens, OpenAlex; see familyFirst). Folded for comparison: case,
 * diacritics and punctuation do not count.
 */
import { foldAccents } from '../../text.js';

export interface PersonName {
  /** Folded family name ("o leary"). */
  family: string;
  /** Folded given names, one token each; an initial is one letter ("kailash", "c"). */
  given: string[];
}

/** "Garg, Kailash C." → {family: garg, given: [kailash, c]}; "Garg, KC" and "Garg K.C." → [k, c]. */
export function personName(name: string): PersonName {
  const folded = foldAccents(name.trim());
  let [family = '', given = ''] = folded.split(',').map((x) => x.trim());
  // "Amoako P.T." (Scopus, no comma): trailing initials
  const bare = !folded.includes(',') && /^(.*?)\s+((?:\p{Lu}\.?-?\s*)+)$/u.exec(family);
  if (bare) [family, given] = [bare[1], bare[2]];
  // initials run together as WoS writes them ("ML", "KC")
  const tokens = /^\p{Lu}{1,4}$/u.test(given) ? [...given] : given.split(/[\s.\-]+/).filter(Boolean);
  return {
    family: family.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim(),
    given: tokens.map((t) => t.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '')).filter(Boolean),
  };
}

/** "Liao, Pin-Chao" → "liao pc"; "Toh, ML" and "Toh, Ming Liang" → "toh ml": family name and initials, folded (bibliometrix's AU key). */
export function nameKey(name: string): string {
  const n = personName(name);
  return `${n.family} ${n.given.map((t) => t[0]).join('')}`.trim();
}

/**
 * Whether two names can be one person's: the same family name, and given names that agree token by token, an
 * initial standing for any name it begins ("Glanzel, W" and "Glanzel, Wolfgang"; "Pagel, P" and "Pagel, Paul S.";
 * "Liao, PC" and "Liao, Pin-Chao"; "Zhang, Li-Ming" and "Zhang, Liming"), but two different full names never
 * ("Huang, Lu" and "Huang, Lucheng"; "Li, Lingling" and "Li, Lidong").
 */
export function compatibleNames(a: PersonName, b: PersonName): boolean {
  if (a.family !== b.family) return false;
  if (a.given.length === 0 || b.given.length === 0) return true;
  const full = (n: PersonName) => n.given.every((t) => t.length > 1);
  if (full(a) && full(b) && a.given.join('') === b.given.join('')) return true;
  const k = Math.min(a.given.length, b.given.length);
  for (let i = 0; i < k; i++) {
    const x = a.given[i];
    const y = b.given[i];
    if (x === y) continue;
    if (x.length === 1 && y.startsWith(x)) continue;
    if (y.length === 1 && x.startsWith(y)) continue;
    return false;
  }
  return true;
}

/** How much a name says: its given-name letters (the fuller form of a person's name is shown and keys them). */
export function nameDetail(n: PersonName): number {
  return n.given.reduce((s, t) => s + t.length, 0);
}

const PARTICLES = new Set(['de', 'del', 'della', 'der', 'den', 'di', 'da', 'dos', 'du', 'la', 'le', 'van', 'von', 'ter', 'ten', 'bin', 'al', 'el']);

/** "Jason R. C. Nurse" → "Nurse, Jason R. C."; "David De Roure" → "De Roure, David" (given names first, as Lens and OpenAlex write them). */
export function familyFirst(name: string): string {
  const words = name.trim().split(/\s+/);
  if (words.length < 2 || name.includes(',')) return name.trim();
  let at = words.length - 1;
  while (at > 1 && PARTICLES.has(words[at - 1].toLowerCase())) at--;
  return `${words.slice(at).join(' ')}, ${words.slice(0, at).join(' ')}`;
}

/** An organisation's name folded for comparison ("Univ. of X" and "UNIV OF X" agree). */
export function organisationKey(name: string): string {
  return foldAccents(name).toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
}
