import { randomBytes } from 'node:crypto';
import { sql, type SelectQueryBuilder } from 'kysely';
import type { Executor } from '../../db/connection.js';
import type { Schema } from '../../db/schema.js';
import { authorise, type Viewer } from '../platform/access.js';
import { recordAudit } from '../platform/audit.js';
import type { Hub } from '../platform/context.js';
import { HubError, invalid, notFound } from '../platform/errors.js';
import { pageOf } from '../platform/paging.js';
import { parse, isId } from '../platform/validate.js';
import { labelOf, requireTerm, taxonomies, type Taxonomies } from '../taxonomy/taxonomy.js';
import { consented, giveConsent, withdrawConsent } from './consent.js';
import {
  CONSENT_PURPOSES,
  ConsentChange,
  ContactFilter,
  ContactInput,
  ContactPatch,
  ContactQuery,
  SIZE_BANDS,
  STAKEHOLDER_TYPES,
  type ContactCard,
  type ContactSource,
  type ContactView,
  type ConsentPurpose,
} from './contract.js';

export const newNonce = () => randomBytes(12).toString('base64url');

export interface ContactFacts {
  userId?: string | null;
  name: string;
  email: string;
  organisation?: string;
  sector?: string | null;
  region?: string | null;
}

/**
 * The contact of an address, made if there is none (with its source), marked active now. Facts the contact lacks are
 * filled in; those it holds are kept (a manager's record is not overwritten by a registration form).
 */
export async function touchContact(tx: Executor, facts: ContactFacts, source: ContactSource, at: Date): Promise<string> {
  const row = await sql<{ id: string }>`
    insert into contacts (user_id, name, email, organisation, sector, region, source, link_nonce, last_active_at)
    values (${facts.userId ?? null}, ${facts.name}, ${facts.email.toLowerCase()}, ${facts.organisation ?? ''}, ${facts.sector ?? null}, ${facts.region ?? null}, ${source}, ${newNonce()}, ${at})
    on conflict (lower(email)) do update set
      last_active_at = greatest(contacts.last_active_at, excluded.last_active_at),
      user_id = coalesce(contacts.user_id, excluded.user_id),
      organisation = case when contacts.organisation = '' then excluded.organisation else contacts.organisation end,
      sector = coalesce(contacts.sector, excluded.sector),
      region = coalesce(contacts.region, excluded.region)
    returning id`.execute(tx);
  return row.rows[0].id;
}

/** The contact of a member's account (made from their profile at the first need). */
export async function memberContact(tx: Executor, viewer: Viewer & { kind: 'user' }, at: Date): Promise<string> {
  const held = await tx.selectFrom('contacts').select('id').where('user_id', '=', viewer.userId).executeTakeFirst();
  if (held) return held.id;
  const p = await tx
    .selectFrom('users as u')
    .leftJoin('profiles as p', 'p.user_id', 'u.id')
    .select(['u.email', 'p.name', 'p.region_code'])
    .select(sql<string | null>`(select o.name from affiliations a join organisations o on o.id = a.organisation_id where a.profile_id = p.id and a.end_date is null order by a.start_date desc nulls last limit 1)`.as('organisation'))
    .where('u.id', '=', viewer.userId)
    .executeTakeFirstOrThrow();
  return touchContact(tx, { userId: viewer.userId, name: p.name ?? p.email, email: p.email, organisation: p.organisation ?? '', region: p.region_code ?? null }, 'member', at);
}

type ContactsQuery = SelectQueryBuilder<Schema & { c: Schema['contacts'] }, 'c', object>;

/** Contacts matching a filter (a segment's, or a search's). */
export function filterContacts<Q extends ContactsQuery>(q: Q, f: ContactFilter): Q {
  let out = q;
  const any = (v: string[] | undefined) => v !== undefined && v.length > 0;
  if (f.q) {
    const like = `%${f.q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
    out = out.where((eb) => eb.or([eb('c.name', 'ilike', like), eb('c.email', 'ilike', like), eb('c.organisation', 'ilike', like)])) as Q;
  }
  if (any(f.stakeholderType)) out = out.where('c.stakeholder_type', 'in', f.stakeholderType as never[]) as Q;
  if (any(f.sector)) out = out.where('c.sector', 'in', f.sector!.map((s) => s.toUpperCase())) as Q;
  if (any(f.region)) {
    const codes = f.region!.map((r) => r.toUpperCase());
    out = out.where((eb) => eb.or([eb('c.region', 'in', codes), eb(sql`left(c.region, 3)`, 'in', codes)])) as Q;
  }
  if (any(f.sizeBand)) out = out.where('c.size_band', 'in', f.sizeBand as never[]) as Q;
  if (any(f.source)) out = out.where('c.source', 'in', f.source as never[]) as Q;
  for (const taxonomy of ['theme', 'technology'] as const) {
    const wanted = f[taxonomy];
    if (any(wanted)) out = out.where(sql<boolean>`exists (select 1 from contact_interests i where i.contact_id = c.id and i.taxonomy = ${taxonomy} and i.code in (${sql.join(wanted!)}))`) as Q;
  }
  if (f.consent) out = out.where(consented('c.id', f.consent)) as Q;
  if (f.digest) out = f.digest === 'any' ? (out.where('c.digest_frequency', '<>', 'none') as Q) : (out.where('c.digest_frequency', '=', f.digest) as Q);
  if (f.members === 'only') out = out.where('c.user_id', 'is not', null) as Q;
  if (f.members === 'none') out = out.where('c.user_id', 'is', null) as Q;
  return out;
}

/** A filter in words ("Industry in West Midlands (England), interested in Artificial intelligence"). */
export function describeFilter(all: Taxonomies, f: ContactFilter): string {
  const parts: string[] = [];
  const list = (v: string[] | undefined, label: (c: string) => string) => (v?.length ? v.map(label).join(' or ') : null);
  const who = list(f.stakeholderType, (c) => STAKEHOLDER_TYPES[c as keyof typeof STAKEHOLDER_TYPES] ?? c);
  parts.push(who ?? 'All contacts');
  const sector = list(f.sector, (c) => labelOf(all, 'sector', c.toUpperCase()));
  if (sector) parts.push(`in ${sector}`);
  const region = list(f.region, (c) => labelOf(all, 'region', c.toUpperCase()));
  if (region) parts.push(`in ${region}`);
  const size = list(f.sizeBand, (c) => (SIZE_BANDS[c as keyof typeof SIZE_BANDS] ?? c).toLowerCase());
  if (size) parts.push(`of ${size} size`);
  const interests = [...(f.theme ?? []).map((c) => labelOf(all, 'theme', c)), ...(f.technology ?? []).map((c) => labelOf(all, 'technology', c))];
  if (interests.length) parts.push(`interested in ${interests.join(' or ')}`);
  if (f.consent) parts.push(`consenting to ${CONSENT_PURPOSES[f.consent].label.toLowerCase()}`);
  if (f.digest) parts.push(f.digest === 'any' ? 'receiving a digest' : `receiving the ${f.digest} digest`);
  if (f.members) parts.push(f.members === 'only' ? '(members only)' : '(not members)');
  if (f.q) parts.push(`matching “${f.q}”`);
  return parts.join(', ');
}

export function checkFilter(all: Taxonomies, f: ContactFilter, prefix = ''): void {
  (f.region ?? []).forEach((c, i) => requireTerm(all, 'region', c.toUpperCase(), `${prefix}region[${i}]`));
  (f.sector ?? []).forEach((c, i) => requireTerm(all, 'sector', c.toUpperCase(), `${prefix}sector[${i}]`));
  (f.theme ?? []).forEach((c, i) => requireTerm(all, 'theme', c, `${prefix}theme[${i}]`));
  (f.technology ?? []).forEach((c, i) => requireTerm(all, 'technology', c, `${prefix}technology[${i}]`));
  (f.stakeholderType ?? []).forEach((c, i) => {
    if (!(c in STAKEHOLDER_TYPES)) throw invalid(`${prefix}stakeholderType[${i}]`, `must be one of ${Object.keys(STAKEHOLDER_TYPES).join(', ')}`);
  });
  (f.sizeBand ?? []).forEach((c, i) => {
    if (!(c in SIZE_BANDS)) throw invalid(`${prefix}sizeBand[${i}]`, `must be one of ${Object.keys(SIZE_BANDS).join(', ')}`);
  });
}

const cardColumns = ['c.id', 'c.name', 'c.email', 'c.organisation', 'c.sector', 'c.size_band', 'c.region', 'c.stakeholder_type', 'c.source', 'c.user_id', 'c.digest_frequency', 'c.last_active_at', 'c.is_example'] as const;

function cardOf(all: Taxonomies, r: { id: string; name: string; email: string; organisation: string; sector: string | null; size_band: string | null; region: string | null; stakeholder_type: string | null; source: string; user_id: string | null; digest_frequency: string; last_active_at: Date; is_example: boolean; consents: ConsentPurpose[] }): ContactCard {
  return {
    id: r.id,
    name: r.name,
    email: r.email,
    organisation: r.organisation,
    sector: r.sector ? { code: r.sector, label: labelOf(all, 'sector', r.sector) } : null,
    sizeBand: r.size_band,
    region: r.region ? { code: r.region, label: labelOf(all, 'region', r.region) } : null,
    stakeholderType: r.stakeholder_type,
    source: r.source,
    member: r.user_id !== null,
    consents: r.consents,
    digestFrequency: r.digest_frequency,
    lastActiveAt: r.last_active_at.toISOString(),
    isExample: r.is_example,
  };
}

const consentsOf = sql<ConsentPurpose[]>`coalesce((select array_agg(k.purpose order by k.purpose) from consents k where k.contact_id = c.id and k.withdrawn_at is null), '{}')`;

/** A segment's filter, by its id. */
async function segmentFilter(db: Executor, id: string): Promise<ContactFilter> {
  const s = isId(id) ? await db.selectFrom('segments').select('filter').where('id', '=', id).executeTakeFirst() : undefined;
  if (!s) throw notFound('segment');
  return ContactFilter.parse(s.filter);
}

/** The stakeholder database, searched and filtered (programme managers). */
export async function listContacts(hub: Hub, viewer: Viewer, query: unknown) {
  authorise(viewer, 'contacts.manage');
  const { page, pageSize, segment, ...rest } = parse(ContactQuery, query);
  const all = await taxonomies(hub);
  const filter: ContactFilter = segment ? { ...(await segmentFilter(hub.db, segment)), ...Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined)) } : rest;
  checkFilter(all, filter);
  const { limit, offset } = pageOf({ page, pageSize: pageSize ?? 50 });
  const base = filterContacts(hub.db.selectFrom('contacts as c'), filter);
  const [rows, count] = await Promise.all([
    base.select(cardColumns).select(consentsOf.as('consents')).orderBy('c.name').orderBy('c.id').limit(limit).offset(offset).execute(),
    base.select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(),
  ]);
  const notices: string[] = [];
  if (count.n === 0) notices.push('No contact matches these filters.');
  return { total: count.n, page: page ?? 1, pageSize: limit, items: rows.map((r) => cardOf(all, r)), notices };
}

async function contactRow(db: Executor, id: string) {
  const row = isId(id) ? await db.selectFrom('contacts as c').selectAll('c').select(consentsOf.as('consents')).where('c.id', '=', id).executeTakeFirst() : undefined;
  if (!row) throw notFound('contact');
  return row;
}

/** One contact with their interests, consent records and engagement history (programme managers). */
export async function getContact(hub: Hub, viewer: Viewer, id: string): Promise<ContactView> {
  authorise(viewer, 'contacts.manage');
  const all = await taxonomies(hub);
  const row = await contactRow(hub.db, id);
  const [interests, consents, regs, responses, digests] = await Promise.all([
    hub.db.selectFrom('contact_interests').selectAll().where('contact_id', '=', row.id).execute(),
    hub.db.selectFrom('consents').selectAll().where('contact_id', '=', row.id).orderBy('given_at').execute(),
    hub.db.selectFrom('registrations as r').innerJoin('events as e', 'e.id', 'r.event_id').select(['r.created_at', 'r.checked_in_at', 'r.status', 'e.title', 'e.slug']).where((eb) => eb.or([eb('r.contact_id', '=', row.id), ...(row.user_id ? [eb('r.user_id', '=', row.user_id)] : [])])).execute(),
    hub.db.selectFrom('consultation_responses as x').innerJoin('consultations as k', 'k.id', 'x.consultation_id').select(['x.submitted_at', 'k.title', 'k.slug']).where((eb) => eb.or([eb('x.contact_id', '=', row.id), ...(row.user_id ? [eb('x.user_id', '=', row.user_id)] : [])])).execute(),
    hub.db.selectFrom('digest_sends').selectAll().where('contact_id', '=', row.id).execute(),
  ]);
  const engagement: ContactView['engagement'] = [
    ...regs.map((r) => ({ at: r.created_at.toISOString(), kind: 'registered' as const, label: `Registered for ${r.title} (${r.status})`, link: `/events/${r.slug}` })),
    ...regs.filter((r) => r.checked_in_at).map((r) => ({ at: r.checked_in_at!.toISOString(), kind: 'attended' as const, label: `Attended ${r.title}`, link: `/events/${r.slug}` })),
    ...responses.map((r) => ({ at: r.submitted_at.toISOString(), kind: 'responded' as const, label: `Responded to the consultation ${r.title}`, link: `/consultations/${r.slug}` })),
    ...digests.map((d) => ({ at: d.sent_at.toISOString(), kind: 'digest_sent' as const, label: `${d.frequency === 'weekly' ? 'Weekly' : 'Monthly'} digest ${d.period} (${d.items} items)`, link: null })),
    ...digests.filter((d) => d.opened_at).map((d) => ({ at: d.opened_at!.toISOString(), kind: 'digest_opened' as const, label: `Opened the digest ${d.period}`, link: null })),
    ...consents.map((k) => ({ at: k.given_at.toISOString(), kind: 'consent_given' as const, label: `Consented to ${CONSENT_PURPOSES[k.purpose].label.toLowerCase()} (${k.source})`, link: null })),
    ...consents.filter((k) => k.withdrawn_at).map((k) => ({ at: k.withdrawn_at!.toISOString(), kind: 'consent_withdrawn' as const, label: `Withdrew consent to ${CONSENT_PURPOSES[k.purpose].label.toLowerCase()} (${k.withdrawn_source ?? ''})`, link: null })),
  ].sort((a, b) => b.at.localeCompare(a.at));
  return {
    ...cardOf(all, row),
    themes: interests.filter((i) => i.taxonomy === 'theme').map((i) => ({ code: i.code, label: labelOf(all, 'theme', i.code) })),
    technologies: interests.filter((i) => i.taxonomy === 'technology').map((i) => ({ code: i.code, label: labelOf(all, 'technology', i.code) })),
    consentHistory: consents.map((k) => ({
      id: k.id,
      purpose: k.purpose,
      label: CONSENT_PURPOSES[k.purpose].label,
      wording: k.wording,
      wordingVersion: k.wording_version,
      source: k.source,
      givenAt: k.given_at.toISOString(),
      withdrawnAt: k.withdrawn_at?.toISOString() ?? null,
      withdrawnSource: k.withdrawn_source,
      current: k.withdrawn_at === null,
    })),
    engagement,
    tracking: row.tracking,
    createdAt: row.created_at.toISOString(),
  };
}

export function checkContactFacts(all: Taxonomies, c: { sector?: string | null; region?: string | null; themes?: string[]; technologies?: string[] }, prefix = ''): void {
  if (c.sector) requireTerm(all, 'sector', c.sector, `${prefix}sector`);
  if (c.region) requireTerm(all, 'region', c.region, `${prefix}region`);
  (c.themes ?? []).forEach((code, i) => requireTerm(all, 'theme', code, `${prefix}themes[${i}]`));
  (c.technologies ?? []).forEach((code, i) => requireTerm(all, 'technology', code, `${prefix}technologies[${i}]`));
}

export async function writeInterests(tx: Executor, contactId: string, themes: string[] | undefined, technologies: string[] | undefined): Promise<void> {
  for (const [taxonomy, codes] of [['theme', themes], ['technology', technologies]] as const) {
    if (codes === undefined) continue;
    await tx.deleteFrom('contact_interests').where('contact_id', '=', contactId).where('taxonomy', '=', taxonomy).execute();
    const unique = [...new Set(codes)];
    if (unique.length) await tx.insertInto('contact_interests').values(unique.map((code) => ({ contact_id: contactId, taxonomy, code }))).execute();
  }
}

/** Adds a contact by hand (programme managers); an address already held is refused, naming the field. */
export async function createContact(hub: Hub, viewer: Viewer, input: unknown): Promise<ContactView> {
  authorise(viewer, 'contacts.manage');
  const c = parse(ContactInput, input);
  const all = await taxonomies(hub);
  checkContactFacts(all, c);
  const id = await hub.db.transaction().execute(async (tx) => {
    if (await tx.selectFrom('contacts').select('id').where(sql`lower(email)`, '=', c.email).executeTakeFirst()) throw invalid('email', 'is already in the stakeholder database');
    const row = await tx
      .insertInto('contacts')
      .values({ name: c.name, email: c.email, organisation: c.organisation, sector: c.sector ?? null, size_band: c.sizeBand ?? null, region: c.region ?? null, stakeholder_type: c.stakeholderType ?? null, source: 'manual', link_nonce: newNonce(), last_active_at: hub.now() })
      .returning('id')
      .executeTakeFirstOrThrow();
    await writeInterests(tx, row.id, c.themes, c.technologies);
    for (const k of c.consents) await giveConsent(tx, row.id, k.purpose, `manual: ${k.source}`, hub.now());
    // the audit names the contact by id only: an erased contact leaves no personal data in the log
    await recordAudit(tx, viewer, { action: 'contacts.create', entityType: 'contact', entityId: row.id, after: { source: 'manual', consents: c.consents.map((k) => k.purpose) } });
    return row.id;
  });
  return getContact(hub, viewer, id);
}

export async function updateContact(hub: Hub, viewer: Viewer, id: string, input: unknown): Promise<ContactView> {
  authorise(viewer, 'contacts.manage');
  const p = parse(ContactPatch, input);
  const named = new Set(Object.keys(input as object));
  const all = await taxonomies(hub);
  checkContactFacts(all, p);
  await hub.db.transaction().execute(async (tx) => {
    const row = await contactRow(tx, id);
    if (named.has('email') && p.email && p.email !== row.email.toLowerCase() && (await tx.selectFrom('contacts').select('id').where(sql`lower(email)`, '=', p.email).executeTakeFirst())) throw invalid('email', 'is already in the stakeholder database');
    await tx
      .updateTable('contacts')
      .set({
        ...(named.has('name') && p.name !== undefined && { name: p.name }),
        ...(named.has('email') && p.email !== undefined && { email: p.email }),
        ...(named.has('organisation') && p.organisation !== undefined && { organisation: p.organisation }),
        ...(named.has('sector') && { sector: p.sector ?? null }),
        ...(named.has('sizeBand') && { size_band: p.sizeBand ?? null }),
        ...(named.has('region') && { region: p.region ?? null }),
        ...(named.has('stakeholderType') && { stakeholder_type: p.stakeholderType ?? null }),
        updated_at: hub.now(),
      })
      .where('id', '=', row.id)
      .execute();
    await writeInterests(tx, row.id, named.has('themes') ? p.themes : undefined, named.has('technologies') ? p.technologies : undefined);
    await recordAudit(tx, viewer, { action: 'contacts.update', entityType: 'contact', entityId: row.id, after: { fields: [...named] } });
  });
  return getContact(hub, viewer, id);
}

/** Records consent given or withdrawn, with where (programme managers, for a contact who said so). */
export async function changeConsent(hub: Hub, viewer: Viewer, id: string, input: unknown): Promise<ContactView> {
  authorise(viewer, 'contacts.manage');
  const k = parse(ConsentChange, input);
  await hub.db.transaction().execute(async (tx) => {
    const row = await contactRow(tx, id);
    const changed = k.give ? await giveConsent(tx, row.id, k.purpose, `manual: ${k.source}`, hub.now()) : await withdrawConsent(tx, row.id, k.purpose, `manual: ${k.source}`, hub.now());
    if (!changed) throw new HubError('conflict', k.give ? `the contact already consents to ${CONSENT_PURPOSES[k.purpose].label.toLowerCase()}` : `the contact holds no consent to ${CONSENT_PURPOSES[k.purpose].label.toLowerCase()} to withdraw`);
    await recordAudit(tx, viewer, { action: k.give ? 'contacts.consent_give' : 'contacts.consent_withdraw', entityType: 'contact', entityId: row.id, after: { purpose: k.purpose } });
  });
  return getContact(hub, viewer, id);
}

/** Everything held about a contact, as JSON (a subject-access request; programme managers). */
export async function exportContact(hub: Hub, viewer: Viewer, id: string): Promise<Record<string, unknown>> {
  authorise(viewer, 'contacts.manage');
  const row = await contactRow(hub.db, id);
  const byPerson = <T extends 'registrations' | 'consultation_responses'>(table: T) =>
    hub.db
      .selectFrom(table as 'registrations')
      .selectAll()
      .where((eb) => eb.or([eb('contact_id', '=', row.id), ...(row.user_id ? [eb('user_id', '=', row.user_id)] : [])]))
      .execute();
  const [interests, consents, registrations, responses, digests, invitations] = await Promise.all([
    hub.db.selectFrom('contact_interests').select(['taxonomy', 'code']).where('contact_id', '=', row.id).execute(),
    hub.db.selectFrom('consents').selectAll().where('contact_id', '=', row.id).orderBy('given_at').execute(),
    byPerson('registrations'),
    byPerson('consultation_responses'),
    hub.db.selectFrom('digest_sends').selectAll().where('contact_id', '=', row.id).orderBy('sent_at').execute(),
    hub.db.selectFrom('consultation_invitations').selectAll().where('contact_id', '=', row.id).execute(),
  ]);
  const { link_nonce: _n, consents: _c, ...contact } = row;
  await hub.db.transaction().execute((tx) => recordAudit(tx, viewer, { action: 'contacts.export', entityType: 'contact', entityId: row.id }));
  return {
    exportedAt: hub.now().toISOString(),
    note: 'Everything the network holds about this person in its stakeholder database, its event registrations, consultation responses, consent records and digests sent.',
    contact,
    interests,
    consents,
    eventRegistrations: registrations,
    consultationResponses: responses,
    digestsSent: digests,
    consultationInvitations: invitations,
  };
}

/**
 * Erases a contact: the contact, their interests, consents, digests and invitations go; their registrations and
 * consultation responses stay as anonymous counts (name, email, organisation and free answers removed). The audit
 * keeps one line, naming no one.
 */
export async function eraseContactRows(tx: Executor, contactId: string, why: string, actor: Viewer | null): Promise<void> {
  const row = await tx.selectFrom('contacts').select(['id', 'email', 'user_id']).where('id', '=', contactId).forUpdate().executeTakeFirst();
  if (!row) return;
  const mine = (eb: any) => eb.or([eb('contact_id', '=', row.id), eb(sql`lower(email)`, '=', row.email.toLowerCase())]);
  const regs = await tx.selectFrom('registrations').select('id').where(mine).where('user_id', 'is', null).execute();
  for (const r of regs) {
    await tx.updateTable('registrations').set({ name: 'Erased', email: `erased-${r.id}@invalid`, organisation: '', answers: '{}', feedback: null, contact_id: null }).where('id', '=', r.id).execute();
  }
  await tx.updateTable('consultation_responses').set({ email: null, contact_id: null, answers: sql`'{}'::jsonb` as never }).where(mine).where('user_id', 'is', null).execute();
  await tx.deleteFrom('email_confirmations').where(sql`lower(email)`, '=', row.email.toLowerCase()).execute();
  await tx.deleteFrom('contacts').where('id', '=', row.id).execute();
  await recordAudit(tx, actor, { action: 'contacts.erase', entityType: 'contact', entityId: null, after: { why, registrations: regs.length } });
}

export async function eraseContact(hub: Hub, viewer: Viewer, id: string): Promise<void> {
  authorise(viewer, 'contacts.manage');
  await hub.db.transaction().execute(async (tx) => {
    const row = await contactRow(tx, id);
    await eraseContactRows(tx, row.id, 'erasure request', viewer);
  });
}

/** The months a contact who is not a member is kept after their last activity (CONTACT_RETENTION_MONTHS). */
export const DEFAULT_RETENTION_MONTHS = 24;

/** Erases the contacts (not members) inactive for `months`; returns how many. Run daily by the engagement job. */
export async function applyRetention(hub: Hub, months: number): Promise<number> {
  const cutoff = new Date(hub.now());
  cutoff.setUTCMonth(cutoff.getUTCMonth() - months);
  let erased = 0;
  for (;;) {
    const batch = await hub.db.selectFrom('contacts').select('id').where('user_id', 'is', null).where('last_active_at', '<', cutoff).limit(200).execute();
    if (batch.length === 0) return erased;
    await hub.db.transaction().execute(async (tx) => {
      for (const r of batch) await eraseContactRows(tx, r.id, `retention: inactive for ${months} months`, null);
    });
    erased += batch.length;
  }
}
