import { sql } from 'kysely';
import type { Executor } from '../../db/connection.js';
import { authorise, type Viewer } from '../platform/access.js';
import type { Hub } from '../platform/context.js';
import { fromLondon, londonLocal } from '../platform/london-time.js';
import { signedToken, verifySignedToken } from '../platform/secrets.js';
import { notFound } from '../platform/errors.js';
import { isId, parse } from '../platform/validate.js';
import { mailForPurpose } from '../stakeholders/consent.js';
import { checkFilter, describeFilter, filterContacts } from '../stakeholders/contacts.js';
import { ContactFilter } from '../stakeholders/contract.js';
import { contactToken, preferencesUrl, unsubscribeUrl } from '../stakeholders/preferences.js';
import { labelOf, taxonomies } from '../taxonomy/taxonomy.js';
import { DigestPreviewQuery, type DigestPreview } from './contract.js';
import { indexCandidates, renderDigest, selectFor, type DigestCandidates, type DigestEntry, type Interests } from './digest-build.js';

export type Frequency = 'weekly' | 'monthly';

export interface Period {
  frequency: Frequency;
  /** 2026-W48, 2026-11: a digest is sent once per person and period. */
  key: string;
  label: string;
  start: Date;
  end: Date;
}

const midnight = (day: string) => (fromLondon(`${day}T00:00`) as { at: Date }).at;
const dayAfter = (day: string, n: number) => new Date(Date.UTC(+day.slice(0, 4), +day.slice(5, 7) - 1, +day.slice(8, 10) + n)).toISOString().slice(0, 10);

/** The ISO 8601 week of a date (YYYY-MM-DD): its year and number. */
export function isoWeek(day: string): { year: number; week: number } {
  const d = new Date(`${day}T00:00:00Z`);
  const weekday = (d.getUTCDay() + 6) % 7; // Monday 0
  const thursday = new Date(d.getTime() + (3 - weekday) * 86_400_000);
  const year = thursday.getUTCFullYear();
  // the week holding a date is numbered by its Thursday: the nth Thursday of its year is week n
  const dayOfYear = Math.round((thursday.getTime() - Date.UTC(year, 0, 1)) / 86_400_000);
  return { year, week: Math.floor(dayOfYear / 7) + 1 };
}

/** The period that ended last before an instant, in London's calendar: the last whole ISO week (Monday to Monday) or month. */
export function lastPeriod(frequency: Frequency, now: Date): Period {
  const today = londonLocal(now).slice(0, 10);
  if (frequency === 'weekly') {
    const weekday = (new Date(`${today}T00:00:00Z`).getUTCDay() + 6) % 7;
    const thisMonday = dayAfter(today, -weekday);
    const lastMonday = dayAfter(thisMonday, -7);
    const w = isoWeek(lastMonday);
    return { frequency, key: `${w.year}-W${String(w.week).padStart(2, '0')}`, label: `week of ${lastMonday}`, start: midnight(lastMonday), end: midnight(thisMonday) };
  }
  const first = `${today.slice(0, 7)}-01`;
  const prev = new Date(Date.UTC(+today.slice(0, 4), +today.slice(5, 7) - 2, 1)).toISOString().slice(0, 10);
  return { frequency, key: prev.slice(0, 7), label: new Date(`${prev}T12:00:00Z`).toLocaleDateString('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' }), start: midnight(prev), end: midnight(first) };
}

/** How far ahead a digest looks for events. */
const EVENTS_AHEAD_DAYS = 60;
/** The most library items of one period a digest chooses among (the newest): far above any network's output. */
const MAX_ITEMS = 200_000;

const when = (at: Date) => `${londonLocal(at).replace('T', ' ')}`;

/** The period's candidates: library items published in it, events in the coming weeks, calls open now. */
export async function digestCandidates(hub: Hub, period: Period): Promise<DigestCandidates> {
  const now = hub.now();
  const [items, events, calls] = await Promise.all([
    hub.db
      .selectFrom('library_items as i')
      .select(['i.id', 'i.title', sql<string>`left(i.summary, 241)`.as('summary'), 'i.type', 'i.published_at'])
      .select(sql<string[]>`coalesce((select array_agg(t.taxonomy || ':' || t.code) from library_item_terms t where t.item_id = i.id and t.taxonomy in ('theme', 'technology')), '{}')`.as('terms'))
      .where('i.state', '=', 'published')
      .where('i.published_at', '>=', period.start)
      .where('i.published_at', '<', period.end)
      .orderBy('i.published_at', 'desc')
      .limit(MAX_ITEMS)
      .execute(),
    hub.db
      .selectFrom('events as e')
      .innerJoin('event_types as t', 't.code', 'e.type')
      .select(['e.id', 'e.slug', 'e.title', 'e.summary', 'e.starts_at', 't.name as type_name'])
      .select(sql<string[]>`coalesce((select array_agg(x.taxonomy || ':' || x.code) from event_terms x where x.event_id = e.id and x.taxonomy in ('theme', 'technology')), '{}')`.as('terms'))
      .where('e.state', '=', 'published')
      .where('e.starts_at', '>', now)
      .where('e.starts_at', '<', new Date(now.getTime() + EVENTS_AHEAD_DAYS * 86_400_000))
      .orderBy('e.starts_at')
      .execute(),
    hub.db
      .selectFrom('calls as c')
      .select(['c.id', 'c.slug', 'c.title', 'c.summary', 'c.closes_at'])
      .select(sql<string[]>`coalesce((select array_agg(x.taxonomy || ':' || x.code) from call_terms x where x.call_id = c.id and x.taxonomy in ('theme', 'technology')), '{}')`.as('terms'))
      .where('c.state', '=', 'published')
      .where('c.opens_at', '<=', now)
      .where('c.closes_at', '>', now)
      .orderBy('c.closes_at')
      .execute(),
  ]);
  const entries: DigestEntry[] = [
    ...items.map((i) => ({ kind: 'item' as const, id: i.id, title: i.title, summary: i.summary, url: `${hub.baseUrl}/library/${i.id}`, detail: `${i.type.replace(/_/g, ' ')} · ${i.published_at?.toISOString().slice(0, 10) ?? ''}`, terms: i.terms })),
    ...events.map((e) => ({ kind: 'event' as const, id: e.id, title: e.title, summary: e.summary, url: `${hub.baseUrl}/events/${e.slug}`, detail: `${e.type_name} · ${when(e.starts_at)} London time`, terms: e.terms })),
    ...calls.map((c) => ({ kind: 'call' as const, id: c.id, title: c.title, summary: c.summary, url: `${hub.baseUrl}/calls/${c.slug}`, detail: `closes ${when(c.closes_at)} London time`, terms: c.terms })),
  ];
  return indexCandidates(entries);
}

interface Recipient {
  id: string;
  name: string;
  email: string;
  user_id: string | null;
  link_nonce: string;
  tracking: boolean;
  interests: string[];
}

/** A member's followed library searches, as interests: their theme and technology filters, and their words. */
async function searchInterests(db: Executor, userIds: string[]): Promise<Map<string, Interests>> {
  const out = new Map<string, Interests>();
  if (userIds.length === 0) return out;
  const rows = await db.selectFrom('saved_searches').select(['user_id', 'query']).where('user_id', 'in', userIds).execute();
  for (const r of rows) {
    const q = r.query as { q?: string; theme?: string[] | string; technology?: string[] | string };
    let i = out.get(r.user_id);
    if (!i) out.set(r.user_id, (i = { terms: new Set(), searches: [] }));
    for (const t of ['theme', 'technology'] as const) for (const code of [q[t] ?? []].flat().flatMap((s) => s.split(','))) if (code) i.terms.add(`${t}:${code.trim()}`);
    if (q.q) i.searches.push(q.q.toLowerCase().split(/\s+/).filter((w) => w.length > 1));
  }
  return out;
}

const openToken = (hub: Hub, contactId: string, period: string) => signedToken(hub.linkKey, 'open', `${contactId}:${period}`);

function messageFor(hub: Hub, r: Recipient, entries: DigestEntry[], period: Period) {
  const links = { id: r.id, link_nonce: r.link_nonce };
  const unsubscribe = unsubscribeUrl(hub, links);
  const page = `${hub.baseUrl}/unsubscribe?token=${contactToken(hub, links)}`;
  const d = renderDigest(entries, {
    name: r.name,
    periodLabel: period.label,
    preferencesUrl: preferencesUrl(hub, links),
    unsubscribeUrl: page,
    pixelUrl: r.tracking ? `${hub.baseUrl}/api/engagement/open.gif?token=${openToken(hub, r.id, period.key)}` : null,
    network: 'Proximity',
  });
  return {
    to: r.email,
    subject: d.subject,
    text: d.text,
    html: d.html,
    // RFC 2369 and RFC 8058: one-click unsubscribe by a POST to the address, from the mail program's own button
    headers: { 'List-Unsubscribe': `<${unsubscribe}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
  };
}

/** Recipients per transaction: a crash loses (and a rerun sends) at most one batch, never a message twice. */
export const DIGEST_BATCH = 500;

export interface DigestRun {
  period: string;
  sent: number;
  empty: number;
  alreadySent: number;
}

/**
 * Sends a period's digests: to each contact who chose this frequency and holds current consent to digests, once. Each
 * batch claims its recipients by inserting their (contact, period) rows, which the primary key makes unique, in the
 * transaction that writes their messages: a second server running at once claims none of them, and a crash rolls
 * the batch back whole (claims and messages), to be sent by the next run. A person with nothing matching gets no
 * email (the period is still marked done for them). Memory holds the period's candidates and one batch.
 */
export async function sendDigests(hub: Hub, frequency: Frequency, period: Period = lastPeriod(frequency, hub.now()), o: { batchSize?: number } = {}): Promise<DigestRun> {
  const candidates = await digestCandidates(hub, period);
  const run: DigestRun = { period: period.key, sent: 0, empty: 0, alreadySent: 0 };
  let after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const batch = await recipients(hub.db, frequency, period.key, after, o.batchSize ?? DIGEST_BATCH);
    if (batch.length === 0) return run;
    after = batch[batch.length - 1].id;
    const searches = await searchInterests(hub.db, batch.flatMap((r) => (r.user_id ? [r.user_id] : [])));
    await hub.db.transaction().execute(async (tx) => {
      const built = batch.map((r) => {
        const s = r.user_id ? searches.get(r.user_id) : undefined;
        const interests: Interests = { terms: new Set([...r.interests, ...(s?.terms ?? [])]), searches: s?.searches ?? [] };
        return { r, entries: selectFor(candidates, interests) };
      });
      const claimed = await sql<{ contact_id: string }>`
        insert into digest_sends (contact_id, period, frequency, items)
        select * from unnest(${built.map((b) => b.r.id)}::uuid[], ${built.map(() => period.key)}::text[], ${built.map(() => frequency)}::text[], ${built.map((b) => b.entries.length)}::int[])
        on conflict (contact_id, period) do nothing
        returning contact_id`.execute(tx);
      const mine = new Set(claimed.rows.map((c) => c.contact_id));
      run.alreadySent += built.length - mine.size;
      const toSend = built.filter((b) => mine.has(b.r.id) && b.entries.length > 0);
      run.empty += built.filter((b) => mine.has(b.r.id) && b.entries.length === 0).length;
      const written = await mailForPurpose(hub, tx, 'digests', toSend.map((b) => ({ contactId: b.r.id, message: messageFor(hub, b.r, b.entries, period) })));
      run.sent += written.size;
    });
  }
}

/** The next contacts (by id) due a digest of the period: the frequency chosen, consent current, not yet sent. */
async function recipients(db: Executor, frequency: Frequency, period: string, after: string, limit: number): Promise<Recipient[]> {
  return db
    .selectFrom('contacts as c')
    .select(['c.id', 'c.name', 'c.email', 'c.user_id', 'c.link_nonce', 'c.tracking'])
    .select(sql<string[]>`coalesce((select array_agg(i.taxonomy || ':' || i.code) from contact_interests i where i.contact_id = c.id), '{}')`.as('interests'))
    .where('c.digest_frequency', '=', frequency)
    .where('c.id', '>', after)
    .where(sql<boolean>`exists (select 1 from consents k where k.contact_id = c.id and k.purpose = 'digests' and k.withdrawn_at is null)`)
    .where(sql<boolean>`not exists (select 1 from digest_sends s where s.contact_id = c.id and s.period = ${period})`)
    .orderBy('c.id')
    .limit(limit)
    .execute();
}

/**
 * What a segment's digest would hold for the last period (programme managers): as the segment's first consenting
 * contact would receive it (or, with `contact`, that contact), with how many of the segment would be sent one.
 */
export async function previewDigest(hub: Hub, viewer: Viewer, query: unknown): Promise<DigestPreview> {
  authorise(viewer, 'contacts.manage');
  const q = parse(DigestPreviewQuery, query);
  const all = await taxonomies(hub);
  let filter: ContactFilter = {};
  let segmentName: string | null = null;
  if (q.segment) {
    const s = isId(q.segment) ? await hub.db.selectFrom('segments').select(['name', 'filter']).where('id', '=', q.segment).executeTakeFirst() : undefined;
    if (!s) throw notFound('segment');
    filter = ContactFilter.parse(s.filter);
    segmentName = s.name;
  }
  checkFilter(all, filter);
  const period = lastPeriod(q.frequency, hub.now());
  const candidates = await digestCandidates(hub, period);
  const base = filterContacts(hub.db.selectFrom('contacts as c'), filter);
  const counts = await base
    .select([
      sql<number>`count(*)::int`.as('contacts'),
      sql<number>`(count(*) filter (where exists (select 1 from consents k where k.contact_id = c.id and k.purpose = 'digests' and k.withdrawn_at is null)))::int`.as('consenting'),
      sql<number>`(count(*) filter (where c.digest_frequency = ${q.frequency} and exists (select 1 from consents k where k.contact_id = c.id and k.purpose = 'digests' and k.withdrawn_at is null)))::int`.as('due'),
    ])
    .executeTakeFirstOrThrow();
  let sampleQ = base.select(['c.id', 'c.name', 'c.email', 'c.user_id', 'c.link_nonce', 'c.tracking']).select(sql<string[]>`coalesce((select array_agg(i.taxonomy || ':' || i.code) from contact_interests i where i.contact_id = c.id), '{}')`.as('interests'));
  sampleQ = q.contact && isId(q.contact) ? sampleQ.where('c.id', '=', q.contact) : sampleQ.where(sql<boolean>`exists (select 1 from consents k where k.contact_id = c.id and k.purpose = 'digests' and k.withdrawn_at is null)`).orderBy('c.name');
  const sample = (await sampleQ.limit(1).execute())[0] as Recipient | undefined;
  // no contact: the digest of the segment's own interests (its theme and technology filters)
  const interests: Interests = sample
    ? { terms: new Set([...sample.interests, ...((sample.user_id && (await searchInterests(hub.db, [sample.user_id])).get(sample.user_id)?.terms) || [])]), searches: [] }
    : { terms: new Set([...(filter.theme ?? []).map((c) => `theme:${c}`), ...(filter.technology ?? []).map((c) => `technology:${c}`)]), searches: [] };
  const entries = selectFor(candidates, interests);
  const recipient: Recipient = sample ?? { id: '00000000-0000-0000-0000-000000000000', name: 'Example reader', email: 'reader@example.org', user_id: null, link_nonce: '', tracking: false, interests: [] };
  const m = messageFor(hub, recipient, entries, period);
  const notices: string[] = [];
  if (counts.contacts === 0) notices.push('No contact is in this segment.');
  else if (counts.due === 0) notices.push(`No one in this segment would be sent the ${q.frequency} digest: it goes only to those who chose it and consented to digests.`);
  if (entries.length === 0) notices.push(`Nothing new in the ${period.label} matches these interests: this person would be sent no digest.`);
  return {
    segment: segmentName,
    description: describeFilter(all, filter),
    period: { key: period.key, label: period.label, start: period.start.toISOString(), end: period.end.toISOString() },
    contacts: counts.contacts,
    consenting: counts.consenting,
    due: counts.due,
    sampleContact: sample ? { id: sample.id, name: sample.name } : null,
    interests: [...interests.terms].map((t) => {
      const [taxonomy, code] = t.split(':');
      return labelOf(all, taxonomy as 'theme', code);
    }),
    entries: entries.length,
    subject: m.subject,
    text: m.text,
    html: m.html,
    headers: m.headers,
    notices,
  };
}

/** Records that a digest was opened (its image was loaded), when the person turned tracking on. */
export async function recordOpen(hub: Hub, token: string): Promise<void> {
  const id = await verifySignedToken(hub.linkKey, 'open', token);
  if (!id) return;
  const [contactId, period] = id.split(':');
  if (!isId(contactId)) return;
  await hub.db
    .updateTable('digest_sends')
    .set({ opened_at: hub.now() })
    .where('contact_id', '=', contactId)
    .where('period', '=', period)
    .where('opened_at', 'is', null)
    .where(sql<boolean>`exists (select 1 from contacts c where c.id = digest_sends.contact_id and c.tracking)`)
    .execute();
}
