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

/** The candidates of a period, indexed by term for fast matching over many recipients. */
export interface DigestCandidates {
  entries: DigestEntry[];
  byTerm: Map<string, number[]>;
}

export function indexCandidates(entries: DigestEntry[]): DigestCandidates {
  const byTerm = new Map<string, number[]>();
  entries.forEach((e, i) => {
    for (const t of e.terms) {
      let list = byTerm.get(t);
      if (!list) byTerm.set(t, (list = []));
      list.push(i);
    }
  });
  return { entries, byTerm };
}

/** The most of each kind one digest lists. */
export const PER_SECTION = 8;

/** What matches a person's interests, at most PER_SECTION of each kind, in the candidates' order. Nothing chosen: nothing matches. */
export function selectFor(c: DigestCandidates, interests: Interests): DigestEntry[] {
  const hit = new Set<number>();
  for (const t of interests.terms) for (const i of c.byTerm.get(t) ?? []) hit.add(i);
  if (interests.searches.length) {
    c.entries.forEach((e, i) => {
      if (hit.has(i)) return;
      const text = `${e.title} ${e.summary}`.toLowerCase();
      if (interests.searches.some((words) => words.length > 0 && words.every((w) => text.includes(w)))) hit.add(i);
    });
  }
  const counts = { item: 0, event: 0, call: 0 };
  const out: DigestEntry[] = [];
  for (const i of [...hit].sort((a, b) => a - b)) {
    const e = c.entries[i];
    if (counts[e.kind] >= PER_SECTION) continue;
    counts[e.kind]++;
    out.push(e);
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
