import { randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { sql } from 'kysely';
import type { Executor } from '../../db/connection.js';
import { toCsv } from '../../formats/output.js';
import { authorise, can, type Viewer } from '../platform/access.js';
import { recordAudit } from '../platform/audit.js';
import type { Hub } from '../platform/context.js';
import { HubError, invalid, notFound } from '../platform/errors.js';
import { londonTime } from '../platform/london-time.js';
import { renderMarkdown } from '../platform/markdown.js';
import { Questionnaire, answerText, checkSurvey } from '../platform/questionnaire.js';
import { digest, newSecret, signedToken, verifySignedToken } from '../platform/secrets.js';
import { checkUpload, checkUploadAllowance } from '../platform/uploads.js';
import { isId, parse } from '../platform/validate.js';
import { mailForPurpose } from '../stakeholders/consent.js';
import { checkFilter, filterContacts, memberContact, touchContact } from '../stakeholders/contacts.js';
import { ContactFilter, STAKEHOLDER_TYPES } from '../stakeholders/contract.js';
import { labelOf, taxonomies } from '../taxonomy/taxonomy.js';
import { CONSULTATION_KINDS, ConsultationInput, ConsultationPatch, InviteContacts, ResponseInput, SummaryInput, type ConsultationCard, type ConsultationResults, type ConsultationView } from './contract.js';

type Row = Awaited<ReturnType<typeof rowQuery>>;
const rowQuery = (db: Executor, idOrSlug: string) =>
  db
    .selectFrom('consultations as k')
    .selectAll('k')
    .select(sql<number>`(select count(*) from consultation_responses x where x.consultation_id = k.id)::int`.as('responses'))
    .where(isId(idOrSlug) ? 'k.id' : 'k.slug', '=', idOrSlug)
    .executeTakeFirst();

export function consultationStatus(k: { state: string; closes_at: Date }, now: Date): ConsultationCard['status'] {
  return k.state === 'draft' ? 'draft' : now < k.closes_at ? 'open' : 'closed';
}

async function visible(db: Executor, viewer: Viewer, idOrSlug: string): Promise<NonNullable<Row>> {
  const k = await rowQuery(db, idOrSlug);
  if (!k || (k.state === 'draft' && !can(viewer, 'consultations.manage'))) throw notFound('consultation');
  return k;
}

function cardOf(k: NonNullable<Row>, viewer: Viewer, now: Date): ConsultationCard {
  return {
    id: k.id,
    slug: k.slug,
    kind: k.kind,
    kindLabel: CONSULTATION_KINDS[k.kind],
    title: k.title,
    summary: k.summary,
    closesAt: londonTime(k.closes_at),
    status: consultationStatus(k, now),
    publicResponses: k.public_responses,
    // how many responded: for its managers while open, for everyone once it has closed
    responses: can(viewer, 'consultations.manage') || consultationStatus(k, now) === 'closed' ? k.responses : null,
    hasSummary: k.what_we_heard !== null,
    isExample: k.is_example,
  };
}

export async function listConsultations(hub: Hub, viewer: Viewer): Promise<ConsultationCard[]> {
  authorise(viewer, 'consultations.read');
  const now = hub.now();
  let q = hub.db.selectFrom('consultations as k').selectAll('k').select(sql<number>`(select count(*) from consultation_responses x where x.consultation_id = k.id)::int`.as('responses'));
  if (!can(viewer, 'consultations.manage')) q = q.where('k.state', '=', 'published');
  const rows = await q.orderBy('k.closes_at', 'desc').execute();
  const order = { open: 0, draft: 1, closed: 2 };
  return rows.map((k) => cardOf(k, viewer, now)).sort((a, b) => order[a.status] - order[b.status]);
}

/** The invited contact a link names for this consultation, if the link is good. */
async function inviteeOf(hub: Hub, db: Executor, consultationId: string, token: string): Promise<{ id: string; name: string } | null> {
  const id = await verifySignedToken(hub.linkKey, 'consultation', token, async (pair) => {
    const [k, c] = pair.split(':');
    if (k !== consultationId || !isId(c)) return null;
    const row = await db.selectFrom('consultation_invitations as i').innerJoin('contacts as c', 'c.id', 'i.contact_id').select('c.link_nonce').where('i.consultation_id', '=', consultationId).where('i.contact_id', '=', c).executeTakeFirst();
    return row?.link_nonce ?? null;
  });
  if (!id) return null;
  const contact = await db.selectFrom('contacts').select(['id', 'name']).where('id', '=', id.split(':')[1]).executeTakeFirst();
  return contact ?? null;
}

export async function getConsultation(hub: Hub, viewer: Viewer, idOrSlug: string, token?: string): Promise<ConsultationView> {
  authorise(viewer, 'consultations.read');
  const k = await visible(hub.db, viewer, idOrSlug);
  const now = hub.now();
  const files = await hub.db.selectFrom('consultation_files').select(['id', 'filename', 'media_type', 'size']).where('consultation_id', '=', k.id).orderBy('created_at').execute();
  const invitee = token ? await inviteeOf(hub, hub.db, k.id, token) : null;
  if (token && !invitee) throw invalid('token', 'this link is not valid for this consultation');
  let responded = false;
  let respondAs: ConsultationView['respondAs'] = 'none';
  if (invitee) {
    respondAs = 'contact';
    responded = (await hub.db.selectFrom('consultation_responses').select('id').where('consultation_id', '=', k.id).where('contact_id', '=', invitee.id).executeTakeFirst()) !== undefined;
  } else if (viewer.kind === 'user' && can(viewer, 'consultations.respond')) {
    respondAs = 'member';
    responded = (await hub.db.selectFrom('consultation_responses').select('id').where('consultation_id', '=', k.id).where('user_id', '=', viewer.userId).executeTakeFirst()) !== undefined;
  } else if (k.public_responses) respondAs = 'public';
  if (consultationStatus(k, now) !== 'open') respondAs = 'none';
  return {
    ...cardOf(k, viewer, now),
    body: k.body,
    bodyHtml: renderMarkdown(k.body),
    questions: Questionnaire.parse(k.questions),
    files: files.map((f) => ({ id: f.id, filename: f.filename, mediaType: f.media_type, size: f.size })),
    whatWeHeard: k.what_we_heard,
    whatWeHeardHtml: k.what_we_heard ? renderMarkdown(k.what_we_heard) : null,
    respondAs,
    responded,
    invitee: invitee?.name ?? null,
    can: { manage: can(viewer, 'consultations.manage') },
    version: k.version,
  };
}

function slugOf(title: string): string {
  return (
    title
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60)
      .replace(/-+$/, '') || 'consultation'
  );
}

export async function createConsultation(hub: Hub, viewer: Viewer, input: unknown, options: { isExample?: boolean } = {}): Promise<ConsultationView> {
  authorise(viewer, 'consultations.manage');
  const c = parse(ConsultationInput, input);
  const id = await hub.db.transaction().execute(async (tx) => {
    let slug = c.slug ?? slugOf(c.title);
    if (c.slug && (await tx.selectFrom('consultations').select('id').where('slug', '=', slug).executeTakeFirst())) throw invalid('slug', 'is taken by another consultation');
    for (let n = 2; await tx.selectFrom('consultations').select('id').where('slug', '=', slug).executeTakeFirst(); n++) slug = `${slugOf(c.title)}-${n}`;
    const row = await tx
      .insertInto('consultations')
      .values({ slug, kind: c.kind, title: c.title, summary: c.summary, body: c.body, questions: JSON.stringify(c.questions), closes_at: c.closesAt, public_responses: c.publicResponses, state: c.published ? 'published' : 'draft', published_at: c.published ? hub.now() : null, is_example: options.isExample ?? false, created_by: viewer.kind === 'user' ? viewer.userId : null })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(tx, viewer, { action: 'consultations.create', entityType: 'consultation', entityId: row.id, after: { slug, title: c.title, published: c.published } });
    return row.id;
  });
  return getConsultation(hub, viewer, id);
}

/** Edits a consultation; once it has responses its questions are fixed (answers must keep their meaning). */
export async function updateConsultation(hub: Hub, viewer: Viewer, idOrSlug: string, input: unknown): Promise<ConsultationView> {
  authorise(viewer, 'consultations.manage');
  const p = parse(ConsultationPatch, input);
  const named = new Set(Object.keys(input as object));
  const id = await hub.db.transaction().execute(async (tx) => {
    const k = await visible(tx, viewer, idOrSlug);
    if (k.version !== p.version) throw new HubError('conflict', `the consultation was changed by someone else since you opened it (version ${k.version}, yours ${p.version}): reload it`);
    if (named.has('questions') && k.responses > 0 && !isDeepStrictEqual(p.questions, Questionnaire.parse(k.questions))) throw invalid('questions', `cannot change once there are responses (${k.responses})`);
    if (named.has('published') && p.published === false && k.state === 'published' && k.responses > 0) throw invalid('published', 'the consultation has responses: close it instead (move its closing date)');
    if (named.has('slug') && p.slug && p.slug !== k.slug && (await tx.selectFrom('consultations').select('id').where('slug', '=', p.slug).executeTakeFirst())) throw invalid('slug', 'is taken by another consultation');
    const publish = named.has('published') ? p.published : undefined;
    await tx
      .updateTable('consultations')
      .set({
        ...(named.has('slug') && p.slug && { slug: p.slug }),
        ...(named.has('kind') && p.kind && { kind: p.kind }),
        ...(named.has('title') && p.title !== undefined && { title: p.title }),
        ...(named.has('summary') && p.summary !== undefined && { summary: p.summary }),
        ...(named.has('body') && p.body !== undefined && { body: p.body }),
        ...(named.has('questions') && p.questions && { questions: JSON.stringify(p.questions) }),
        ...(named.has('closesAt') && p.closesAt && { closes_at: p.closesAt }),
        ...(named.has('publicResponses') && p.publicResponses !== undefined && { public_responses: p.publicResponses }),
        ...(publish !== undefined && { state: publish ? 'published' : 'draft', ...(publish && !k.published_at && { published_at: hub.now() }) }),
        version: k.version + 1,
        updated_at: hub.now(),
      })
      .where('id', '=', k.id)
      .execute();
    await recordAudit(tx, viewer, { action: 'consultations.update', entityType: 'consultation', entityId: k.id, after: { fields: [...named].filter((f) => f !== 'version') } });
    return k.id;
  });
  return getConsultation(hub, viewer, id);
}

/**
 * Invites the contacts of a segment (or a filter) who consent to consultations: each gets a personal link, by email,
 * once (a contact invited before is not written to again). Returns how many were invited now.
 */
export async function inviteContacts(hub: Hub, viewer: Viewer, idOrSlug: string, raw: unknown): Promise<{ invited: number; alreadyInvited: number; withoutConsent: number }> {
  authorise(viewer, 'consultations.manage');
  const input = parse(InviteContacts, raw);
  let filter: ContactFilter = input.filter ?? {};
  if (input.segment) {
    const s = isId(input.segment) ? await hub.db.selectFrom('segments').select('filter').where('id', '=', input.segment).executeTakeFirst() : undefined;
    if (!s) throw invalid('segment', 'is not a saved segment');
    filter = ContactFilter.parse(s.filter);
  }
  checkFilter(await taxonomies(hub), filter, 'filter.');
  return hub.db.transaction().execute(async (tx) => {
    const k = await visible(tx, viewer, idOrSlug);
    if (consultationStatus(k, hub.now()) !== 'open') throw new HubError('conflict', 'invitations go out while the consultation is open (publish it, and check its closing date)');
    const everyone = await filterContacts(tx.selectFrom('contacts as c'), filter).select(['c.id', 'c.name', 'c.email', 'c.link_nonce']).execute();
    const held = new Set((await tx.selectFrom('consultation_invitations').select('contact_id').where('consultation_id', '=', k.id).execute()).map((r) => r.contact_id));
    const fresh = everyone.filter((c) => !held.has(c.id));
    const written = await mailForPurpose(
      hub,
      tx,
      'consultations',
      fresh.map((c) => ({
        contactId: c.id,
        message: {
          to: c.email,
          subject: `Your views: ${k.title}`,
          text: `Hello ${c.name},\n\nThe network is consulting on a ${CONSULTATION_KINDS[k.kind].toLowerCase()}: ${k.title}.\n\n${k.summary}\n\nGive your views by ${londonTime(k.closes_at).london.replace('T', ' ')} (London time), through your personal link:\n${hub.baseUrl}/consultations/${k.slug}?token=${signedToken(hub.linkKey, 'consultation', `${k.id}:${c.id}`, c.link_nonce)}\n\nYou receive this because you agreed to be consulted. To change that: ${hub.baseUrl}/preferences\n`,
        },
      })),
    );
    if (written.size) await tx.insertInto('consultation_invitations').values([...written].map((contact_id) => ({ consultation_id: k.id, contact_id }))).execute();
    await recordAudit(tx, viewer, { action: 'consultations.invite', entityType: 'consultation', entityId: k.id, after: { invited: written.size } });
    return { invited: written.size, alreadyInvited: everyone.length - fresh.length, withoutConsent: fresh.length - written.size };
  });
}

async function insertResponse(tx: Executor, k: NonNullable<Row>, who: { respondent: 'member' | 'contact' | 'public'; userId?: string; contactId?: string | null; email?: string }, answers: Record<string, unknown>, at: Date): Promise<void> {
  const facts = who.contactId ? await tx.selectFrom('contacts').select(['stakeholder_type', 'sector', 'region']).where('id', '=', who.contactId).executeTakeFirst() : undefined;
  try {
    await tx
      .insertInto('consultation_responses')
      .values({ consultation_id: k.id, respondent: who.respondent, user_id: who.userId ?? null, contact_id: who.contactId ?? null, email: who.email ?? null, stakeholder_type: facts?.stakeholder_type ?? null, sector: facts?.sector ?? null, region: facts?.region ?? null, answers: JSON.stringify(answers), submitted_at: at })
      .execute();
  } catch (err) {
    if ((err as { code?: string }).code === '23505') throw new HubError('conflict', 'you have already responded to this consultation: thank you');
    throw err;
  }
  if (who.contactId) await tx.updateTable('contacts').set({ last_active_at: at }).where('id', '=', who.contactId).execute();
}

/**
 * A response: a member's (once), an invited contact's by their link (once), or the public's when the consultation
 * allows it (an emailed link confirms the address, then the response is kept).
 */
export async function respond(hub: Hub, viewer: Viewer, idOrSlug: string, raw: unknown): Promise<{ status: 'received' | 'check_your_email' }> {
  authorise(viewer, 'consultations.read');
  const r = parse(ResponseInput, raw);
  const k = await visible(hub.db, viewer, idOrSlug);
  if (consultationStatus(k, hub.now()) !== 'open') throw new HubError('conflict', 'the consultation is closed');
  const issues = checkSurvey(Questionnaire.parse(k.questions), r.answers);
  if (issues.length) throw new HubError('validation', `${issues[0].field}: ${issues[0].message}`, { issues });
  if (r.token) {
    await hub.db.transaction().execute(async (tx) => {
      const invitee = await inviteeOf(hub, tx, k.id, r.token!);
      if (!invitee) throw invalid('token', 'this link is not valid for this consultation');
      await insertResponse(tx, k, { respondent: 'contact', contactId: invitee.id }, r.answers, hub.now());
      await recordAudit(tx, null, { action: 'consultations.respond', entityType: 'consultation', entityId: k.id, after: { respondent: 'contact' } });
    });
    return { status: 'received' };
  }
  if (viewer.kind === 'user') {
    authorise(viewer, 'consultations.respond');
    await hub.db.transaction().execute(async (tx) => {
      const contactId = await memberContact(tx, viewer, hub.now());
      await insertResponse(tx, k, { respondent: 'member', userId: viewer.userId, contactId }, r.answers, hub.now());
      await recordAudit(tx, viewer, { action: 'consultations.respond', entityType: 'consultation', entityId: k.id, after: { respondent: 'member' } });
    });
    return { status: 'received' };
  }
  if (!k.public_responses) throw new HubError('unauthenticated', 'sign in to respond, or use the link in your invitation');
  if (!r.email) throw invalid('email', 'is required: we send a link to it, to check it is yours');
  if (!r.name) throw invalid('name', 'is required');
  const secret = newSecret();
  await hub.db.transaction().execute(async (tx) => {
    await tx.insertInto('email_confirmations').values({ token_hash: secret.id, purpose: 'response', email: r.email!, payload: JSON.stringify({ consultationId: k.id, name: r.name, answers: r.answers }), expires_at: new Date(hub.now().getTime() + 48 * 3600_000) }).execute();
    await hub.mailer.enqueue(tx, { to: r.email!, subject: `Confirm your response: ${k.title}`, text: `Hello ${r.name},\n\nTo submit your response to "${k.title}", confirm your email address (the link works for 48 hours):\n${hub.baseUrl}/consultations/confirm?token=${secret.token}\n\nIf this was not you, ignore this email: nothing is kept.\n` });
  });
  return { status: 'check_your_email' };
}

/** A public response, kept once its address is confirmed by the emailed link. */
export async function confirmResponse(hub: Hub, raw: unknown): Promise<{ status: 'received'; consultation: string }> {
  const { token } = parse(ResponseInput.pick({ token: true }).required(), raw);
  return hub.db.transaction().execute(async (tx) => {
    const c = await tx.selectFrom('email_confirmations').selectAll().where('token_hash', '=', digest(token)).where('purpose', '=', 'response').forUpdate().executeTakeFirst();
    if (!c || c.expires_at <= hub.now()) throw invalid('token', 'this link is not valid or has expired: respond again');
    const p = c.payload as { consultationId: string; name: string; answers: Record<string, unknown> };
    const k = (await rowQuery(tx, p.consultationId))!;
    if (c.used_at) return { status: 'received' as const, consultation: k.slug };
    if (consultationStatus(k, hub.now()) !== 'open') throw new HubError('conflict', 'the consultation has closed');
    await tx.updateTable('email_confirmations').set({ used_at: hub.now() }).where('token_hash', '=', c.token_hash).execute();
    const contactId = await touchContact(tx, { name: p.name, email: c.email }, 'sign_up', hub.now());
    await insertResponse(tx, k, { respondent: 'public', contactId, email: c.email }, p.answers, hub.now());
    await recordAudit(tx, null, { action: 'consultations.respond', entityType: 'consultation', entityId: k.id, after: { respondent: 'public' } });
    return { status: 'received' as const, consultation: k.slug };
  });
}

const STOP_PHRASES = new Set(['thing', 'lot', 'way', 'people', 'time', 'yes', 'no']);

/** Results (programme managers): counts and distributions by stakeholder type, sector and region; free text with its key phrases. */
export async function consultationResults(hub: Hub, viewer: Viewer, idOrSlug: string): Promise<ConsultationResults> {
  authorise(viewer, 'consultations.manage');
  const k = await visible(hub.db, viewer, idOrSlug);
  const all = await taxonomies(hub);
  const [rows, invited] = await Promise.all([
    hub.db.selectFrom('consultation_responses').selectAll().where('consultation_id', '=', k.id).orderBy('submitted_at').execute(),
    hub.db.selectFrom('consultation_invitations').select(sql<number>`count(*)::int`.as('n')).where('consultation_id', '=', k.id).executeTakeFirstOrThrow(),
  ]);
  const tally = (key: (r: (typeof rows)[number]) => string | null, label: (c: string) => string) => {
    const m = new Map<string, number>();
    for (const r of rows) m.set(key(r) ?? '', (m.get(key(r) ?? '') ?? 0) + 1);
    return [...m].map(([code, count]) => ({ code: code || 'unknown', label: code ? label(code) : 'Not known', count })).sort((a, b) => b.count - a.count);
  };
  const typeLabel = (c: string) => STAKEHOLDER_TYPES[c as keyof typeof STAKEHOLDER_TYPES] ?? c;
  const { nounPhrases } = await import('../../networks/noun-phrases.js');
  const distribution = (q: ReturnType<typeof Questionnaire.parse>[number], values: unknown[]) => {
    const m = new Map<string, number>();
    for (const v of values) for (const x of Array.isArray(v) ? v : [v]) m.set(answerText(q, x), (m.get(answerText(q, x)) ?? 0) + 1);
    const out = [...m].map(([value, count]) => ({ value, count }));
    if (q.type === 'scale') for (let s = q.min; s <= q.max; s++) if (!m.has(String(s))) out.push({ value: String(s), count: 0 });
    return q.type === 'scale' ? out.sort((a, b) => Number(a.value) - Number(b.value)) : q.type === 'choice' || q.type === 'multiple_choice' ? q.options.map((o) => ({ value: o, count: m.get(o) ?? 0 })) : out.sort((a, b) => b.count - a.count);
  };
  const meanOf = (values: unknown[]) => {
    const n = values.filter((v): v is number => typeof v === 'number');
    return n.length ? n.reduce((a, b) => a + b, 0) / n.length : null;
  };
  const questions = Questionnaire.parse(k.questions).map((q) => {
    const answeredRows = rows.filter((r) => r.answers[q.id] !== undefined && r.answers[q.id] !== null && r.answers[q.id] !== '');
    const values = answeredRows.map((r) => r.answers[q.id]);
    const isText = q.type === 'text';
    const phrases = new Map<string, number>();
    if (isText) {
      for (const v of values) for (const p of new Set(nounPhrases(String(v)))) if (!STOP_PHRASES.has(p)) phrases.set(p, (phrases.get(p) ?? 0) + 1);
    }
    const types = [...new Set(answeredRows.map((r) => r.stakeholder_type ?? 'unknown'))];
    return {
      id: q.id,
      label: q.label,
      type: q.type,
      answered: values.length,
      mean: q.type === 'scale' || q.type === 'number' ? meanOf(values) : null,
      distribution: isText ? [] : distribution(q, values),
      byStakeholderType: isText
        ? []
        : types.map((t) => {
            const v = answeredRows.filter((r) => (r.stakeholder_type ?? 'unknown') === t).map((r) => r.answers[q.id]);
            return { type: t, label: t === 'unknown' ? 'Not known' : typeLabel(t), answered: v.length, mean: q.type === 'scale' || q.type === 'number' ? meanOf(v) : null, distribution: distribution(q, v) };
          }),
      keywords: [...phrases].map(([term, count]) => ({ term, count })).sort((a, b) => b.count - a.count || a.term.localeCompare(b.term)).slice(0, 30),
      texts: isText ? answeredRows.map((r) => ({ text: String(r.answers[q.id]), stakeholderType: r.stakeholder_type })) : [],
    };
  });
  const notices: string[] = [];
  if (rows.length === 0) notices.push('No responses yet.');
  else if (rows.length < 5) notices.push(`Only ${rows.length} response${rows.length === 1 ? '' : 's'}: too few for the distributions to say what stakeholders think.`);
  const unknown = rows.filter((r) => !r.stakeholder_type).length;
  if (rows.length && unknown / rows.length > 0.5) notices.push(`${unknown} of ${rows.length} respondents have no stakeholder type on record: the breakdown by type covers the others only.`);
  return {
    responses: rows.length,
    byRespondent: tally((r) => r.respondent, (c) => ({ member: 'Members', contact: 'Invited contacts', public: 'The public' })[c] ?? c),
    byStakeholderType: tally((r) => r.stakeholder_type, typeLabel),
    bySector: tally((r) => r.sector, (c) => `${c}: ${labelOf(all, 'sector', c)}`),
    byRegion: tally((r) => (r.region ? r.region.slice(0, 3) : null), (c) => labelOf(all, 'region', c)),
    questions,
    invited: invited.n,
    notices,
  };
}

/** The responses as CSV (programme managers): one row each, no names or addresses. */
export async function responsesCsv(hub: Hub, viewer: Viewer, idOrSlug: string): Promise<string> {
  authorise(viewer, 'consultations.manage');
  const k = await visible(hub.db, viewer, idOrSlug);
  const questions = Questionnaire.parse(k.questions);
  const rows = await hub.db.selectFrom('consultation_responses').selectAll().where('consultation_id', '=', k.id).orderBy('submitted_at').execute();
  return toCsv(
    ['submitted_at', 'respondent', 'stakeholder_type', 'sector', 'region', ...questions.map((q) => q.id)],
    rows.map((r) => ({ submitted_at: r.submitted_at.toISOString(), respondent: r.respondent, stakeholder_type: r.stakeholder_type ?? '', sector: r.sector ?? '', region: r.region ?? '', ...Object.fromEntries(questions.map((q) => [q.id, answerText(q, r.answers[q.id])])) })),
    { spreadsheetSafe: true },
  );
}

/** Publishes (or replaces) the summary of what was heard, linked from the consultation's page. */
export async function publishSummary(hub: Hub, viewer: Viewer, idOrSlug: string, raw: unknown): Promise<ConsultationView> {
  authorise(viewer, 'consultations.manage');
  const { whatWeHeard } = parse(SummaryInput, raw);
  await hub.db.transaction().execute(async (tx) => {
    const k = await visible(tx, viewer, idOrSlug);
    if (k.state !== 'published') throw new HubError('conflict', 'publish the consultation first');
    await tx.updateTable('consultations').set({ what_we_heard: whatWeHeard, what_we_heard_at: hub.now(), version: k.version + 1 }).where('id', '=', k.id).execute();
    await recordAudit(tx, viewer, { action: 'consultations.summary', entityType: 'consultation', entityId: k.id });
  });
  return getConsultation(hub, viewer, idOrSlug);
}

export async function uploadConsultationFile(hub: Hub, viewer: Viewer, idOrSlug: string, filename: string, bytes: Uint8Array) {
  authorise(viewer, 'consultations.manage');
  const { name, mediaType } = await checkUpload(hub, filename, bytes);
  const key = randomUUID();
  let stored = false;
  try {
    return await hub.db.transaction().execute(async (tx) => {
      const k = await visible(tx, viewer, idOrSlug);
      if (viewer.kind === 'user') await checkUploadAllowance(tx, hub, viewer.userId, bytes.length);
      await hub.files.put(key, bytes);
      stored = true;
      const r = await tx.insertInto('consultation_files').values({ consultation_id: k.id, filename: name, media_type: mediaType, size: bytes.length, storage_key: key, uploaded_by: viewer.kind === 'user' ? viewer.userId : null }).returning(['id', 'filename', 'media_type', 'size']).executeTakeFirstOrThrow();
      await recordAudit(tx, viewer, { action: 'consultations.file_upload', entityType: 'consultation', entityId: k.id, after: { file: r.id, filename: name, size: bytes.length } });
      return { id: r.id, filename: r.filename, mediaType: r.media_type, size: r.size };
    });
  } catch (err) {
    if (stored) await hub.files.remove(key);
    throw err;
  }
}

export async function readConsultationFile(hub: Hub, viewer: Viewer, fileId: string): Promise<{ bytes: Buffer; mediaType: string; filename: string }> {
  authorise(viewer, 'consultations.read');
  const f = isId(fileId) ? await hub.db.selectFrom('consultation_files').selectAll().where('id', '=', fileId).executeTakeFirst() : undefined;
  if (!f) throw notFound('file');
  await visible(hub.db, viewer, f.consultation_id);
  return { bytes: await hub.files.get(f.storage_key), mediaType: f.media_type, filename: f.filename };
}

export async function deleteConsultationFile(hub: Hub, viewer: Viewer, fileId: string): Promise<void> {
  authorise(viewer, 'consultations.manage');
  const key = await hub.db.transaction().execute(async (tx) => {
    const f = isId(fileId) ? await tx.deleteFrom('consultation_files').where('id', '=', fileId).returning(['storage_key', 'consultation_id']).executeTakeFirst() : undefined;
    if (!f) throw notFound('file');
    await recordAudit(tx, viewer, { action: 'consultations.file_delete', entityType: 'consultation', entityId: f.consultation_id });
    return f.storage_key;
  });
  await hub.files.remove(key);
}
