/**
 * A display name read as a citation needs it: a person's given names, particle ("van der"), family name and suffix
 * ("Jr"), or an organisation named as an author. Display names are written "Given Family" in the directory, and
 * people also type "Family, Given"; notes in brackets ("Amara Adeyemi (example)"), titles ("Prof.") and
 * post-nominals ("PhD", "OBE") are not part of a name. BibTeX's reading of names (First von Last, Jr) is the model.
 */
export type AuthorName =
  | { kind: 'person'; given: string; particle: string; family: string; suffix: string }
  | { kind: 'organisation'; name: string };

/** Words that make a name an organisation's rather than a person's. */
const ORGANISATION =
  /\b(department|office|ministry|treasury|government|parliament|commission|council|agency|authority|university|college|school|institute|institution|centre|center|laboratory|lab|observatory|catapult|foundation|trust|society|association|committee|network|partnership|programme|program|group|forum|board|service|bank|ltd|limited|plc|inc|llp|gmbh|consortium|team|project|collaboration|unit)\b|\bresearch and innovation\b/i;
const TITLES = /^(dr|prof|professor|mr|mrs|ms|mx|miss|sir|dame|lord|lady|rev|revd|hon)\.?\s+/i;
const SUFFIX = /^(jr|jnr|sr|snr|ii|iii|iv|v)\.?$/i;
const POST_NOMINALS = /^(phd|dphil|md|msc|ma|mba|bsc|ba|meng|beng|frs|fba|facss|freng|fmedsci|obe|mbe|cbe|kbe|dbe|frsa)\.?$/i;
/** Lower-case words that start a family name (BibTeX's "von" part). */
const PARTICLES = new Set(['von', 'van', 'der', 'den', 'de', 'del', 'della', 'degli', 'di', 'da', 'das', 'dos', 'do', 'du', 'la', 'le', 'les', 'ter', 'ten', 'te', 'zu', 'zur', 'bin', 'ibn', 'al', 'el', 'y', 'st', 'st.']);
/** Capitalised words that belong to the family name that follows them (Irish, Scottish, Welsh patronymics). */
const FAMILY_PREFIXES = new Set(['ní', 'nic', 'ó', 'ua', 'mac', 'mc', 'ap', 'ab', 'ferch', 'bin', 'binti', 'bint']);

/** A name without notes in brackets ("(example)", "[ed.]"), and with its spaces tidied. */
export function withoutNotes(name: string): string {
  return name.replace(/\s*[([][^)\]]*[)\]]/g, ' ').replace(/\s+/g, ' ').trim();
}

export function parseAuthorName(display: string): AuthorName {
  let s = withoutNotes(display);
  if (ORGANISATION.test(s)) return { kind: 'organisation', name: s };
  while (TITLES.test(s)) s = s.replace(TITLES, '');
  // comma parts: "Family, Given", "Family, Jr, Given" (BibTeX), "Given Family, Jr", "Given Family, PhD"
  let parts = s.split(',').map((p) => p.trim()).filter(Boolean);
  let suffix = '';
  parts = parts.filter((p) => {
    if (POST_NOMINALS.test(p)) return false;
    if (SUFFIX.test(p)) {
      suffix = p.replace(/\.$/, '');
      return false;
    }
    return true;
  });
  if (parts.length >= 2) {
    const { particle, family } = splitFamily(parts[0].split(' '));
    return { kind: 'person', given: parts.slice(1).join(' '), particle, family, suffix };
  }
  const words = (parts[0] ?? '').split(' ').filter(Boolean);
  while (words.length > 1 && POST_NOMINALS.test(words.at(-1)!)) words.pop();
  if (words.length > 1 && SUFFIX.test(words.at(-1)!)) suffix = words.pop()!.replace(/\.$/, '');
  if (words.length <= 1) return { kind: 'person', given: '', particle: '', family: words[0] ?? '', suffix };
  // the family name is the last word, with a prefix word (Ní, Mac) or a run of lower-case particles before it
  let start = words.length - 1;
  if (start > 1 && FAMILY_PREFIXES.has(words[start - 1].toLowerCase())) start--;
  let particleStart = start;
  while (particleStart > 1 && PARTICLES.has(words[particleStart - 1]) && words[particleStart - 1] === words[particleStart - 1].toLowerCase()) particleStart--;
  return {
    kind: 'person',
    given: words.slice(0, particleStart).join(' '),
    particle: words.slice(particleStart, start).join(' '),
    family: words.slice(start).join(' '),
    suffix,
  };
}

function splitFamily(words: string[]): { particle: string; family: string } {
  let i = 0;
  while (i < words.length - 1 && PARTICLES.has(words[i]) && words[i] === words[i].toLowerCase()) i++;
  return { particle: words.slice(0, i).join(' '), family: words.slice(i).join(' ') };
}

/** "van der Berg, Jr, Jan" (BibTeX: von Last, Jr, First; an organisation in braces, so it is not split). */
export function bibtexName(n: AuthorName): string {
  if (n.kind === 'organisation') return `{${n.name}}`;
  const last = [n.particle, n.family].filter(Boolean).join(' ');
  return [last, n.suffix, n.given].filter(Boolean).join(', ');
}

/** "van der Berg, Jan, Jr" (RIS AU: Last, First, Suffix; an organisation as written). */
export function risName(n: AuthorName): string {
  if (n.kind === 'organisation') return n.name;
  return [[n.particle, n.family].filter(Boolean).join(' '), n.given, n.suffix].filter(Boolean).join(', ');
}

/** The family name alone (for citation keys), or the organisation's name. */
export function familyName(n: AuthorName): string {
  return n.kind === 'organisation' ? n.name : n.family;
}
