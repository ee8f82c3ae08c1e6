/**
 * A digest, pure: the new library items, upcoming events and open calls that match a person's interests, laid out as
 * HTML and as text. Interests are theme and technology codes (a member's followed library searches add theirs, and
 * their words); an entry matches when it shares a code, or (for a followed search's words) holds every word.
 */

export interface DigestEntry {
  kind: 'item' | 'event' | 'call';
  id: string;
  title: string;
  summary: string;
  url: string;
  /** "Report · 2026-11-20", "Webinar · 14 Jan 2027 10:00 GMT", "Closes 31 Jan 2027 16:00 GMT". */
  detail: string;
  /** "theme:x", "technology:y". */
  terms: string[];
}

export interface Interests {
  terms: Set<string>;
  /** The words of each followed search (all of one search's words must be in the title or summary). */
  searches: string[][];
}

/** The candidates of a period, kinds in blocks (items, events, calls), each newest or soonest first, indexed by term. */
export interface DigestCandidates {
  entries: DigestEntry[];
  /** Each term's entries, ascending. */
  byTerm: Map<string, Int32Array>;
  /** Where each kind's block starts and ends in `entries`. */
  blocks: Record<DigestEntry['kind'], [number, number]>;
}

const KINDS = ['item', 'event', 'call'] as const;

export function indexCandidates(entries: DigestEntry[]): DigestCandidates {
  const ordered = KINDS.flatMap((k) => entries.filter((e) => e.kind === k));
  const lists = new Map<string, number[]>();
  ordered.forEach((e, i) => {
    for (const t of e.terms) {
      let list = lists.get(t);
      if (!list) lists.set(t, (list = []));
      list.push(i);
    }
  });
  const blocks = {} as DigestCandidates['blocks'];
  let at = 0;
  for (const k of KINDS) {
    const n = ordered.filter((e) => e.kind === k).length;
    blocks[k] = [at, at + n];
    at += n;
  }
  return { entries: ordered, byTerm: new Map([...lists].map(([t, l]) => [t, Int32Array.from(l)])), blocks };
}

/** The most of each kind one digest lists. */
export const PER_SECTION = 8;

/** The first index in a sorted list at or after `from`. */
function lowerBound(list: Int32Array, from: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (list[mid] < from) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * What matches a person's interests: for each kind, the first PER_SECTION entries (newest items, soonest events and
 * deadlines) that share a term or hold every word of a followed search. Per person it reads at most PER_SECTION
 * entries of each of their terms' lists, so a period of 100,000 items costs no more than one of 100. Nothing
 * chosen: nothing matches.
 */
export function selectFor(c: DigestCandidates, interests: Interests): DigestEntry[] {
  const out: DigestEntry[] = [];
  const lists = [...interests.terms].map((t) => c.byTerm.get(t)).filter((l): l is Int32Array => l !== undefined);
  for (const kind of KINDS) {
    const [start, end] = c.blocks[kind];
    const picked = new Set<number>();
    for (const list of lists) {
      for (let j = lowerBound(list, start), n = 0; j < list.length && list[j] < end && n < PER_SECTION; j++, n++) picked.add(list[j]);
    }
    if (interests.searches.length) {
      // a followed search's words: the block read in order until the section is full from them alone
      let found = 0;
      for (let i = start; i < end && found < PER_SECTION; i++) {
        const e = c.entries[i];
        const text = `${e.title} ${e.summary}`.toLowerCase();
        if (interests.searches.some((words) => words.length > 0 && words.every((w) => text.includes(w)))) {
          picked.add(i);
          found++;
        }
      }
    }
    for (const i of [...picked].sort((a, b) => a - b).slice(0, PER_SECTION)) out.push(c.entries[i]);
  }
  return out;
}

const esc = (s: string) => s.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!);
const SECTIONS = [
  { kind: 'item', title: 'New in the library' },
  { kind: 'event', title: 'Coming up' },
  { kind: 'call', title: 'Open funding calls' },
] as const;

export interface DigestLayout {
  name: string;
  periodLabel: string;
  preferencesUrl: string;
  unsubscribeUrl: string;
  /** The open-tracking image, when the person turned tracking on. */
  pixelUrl?: string | null;
  network: string;
}

/** The digest's subject, text and HTML. */
export function renderDigest(entries: DigestEntry[], l: DigestLayout): { subject: string; text: string; html: string } {
  const subject = `${l.network}: your ${l.periodLabel} digest (${entries.length} new)`;
  const text = [
    `Hello ${l.name},`,
    '',
    `What is new for you in the ${l.periodLabel}:`,
    ...SECTIONS.flatMap((s) => {
      const list = entries.filter((e) => e.kind === s.kind);
      return list.length ? ['', s.title.toUpperCase(), ...list.map((e) => `- ${e.title} (${e.detail})\n  ${e.url}`)] : [];
    }),
    '',
    `Change your interests or how often you hear from us: ${l.preferencesUrl}`,
    `Unsubscribe: ${l.unsubscribeUrl}`,
    '',
  ].join('\n');
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${esc(subject)}</title></head><body style="font-family:system-ui,sans-serif;max-width:640px;margin:auto;color:#1b1b1b">
<p>Hello ${esc(l.name)},</p><p>What is new for you in the ${esc(l.periodLabel)}:</p>
${SECTIONS.map((s) => {
  const list = entries.filter((e) => e.kind === s.kind);
  return list.length ? `<h2 style="font-size:1.1em">${esc(s.title)}</h2><ul>${list.map((e) => `<li><a href="${esc(e.url)}">${esc(e.title)}</a> <small>${esc(e.detail)}</small>${e.summary ? `<br><span style="color:#555">${esc(e.summary.slice(0, 240))}${e.summary.length > 240 ? '…' : ''}</span>` : ''}</li>`).join('')}</ul>` : '';
}).join('\n')}
<hr><p style="font-size:.85em;color:#555"><a href="${esc(l.preferencesUrl)}">Change your interests or how often you hear from us</a> · <a href="${esc(l.unsubscribeUrl)}">Unsubscribe</a></p>${l.pixelUrl ? `<img src="${esc(l.pixelUrl)}" width="1" height="1" alt="">` : ''}
</body></html>`;
  return { subject, text, html };
}
