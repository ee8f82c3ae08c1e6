import { sql } from 'kysely';
import type { Executor } from '../../db/connection.js';
import { authorise, type Viewer } from '../platform/access.js';
import { recordAudit } from '../platform/audit.js';
import type { Hub } from '../platform/context.js';
import { invalid } from '../platform/errors.js';
import { digest, newSecret, signedToken, verifySignedToken } from '../platform/secrets.js';
import { isId, parse } from '../platform/validate.js';
import { taxonomies } from '../taxonomy/taxonomy.js';
import { currentPurposes, giveConsent, withdrawConsent } from './consent.js';
import { checkContactFacts, memberContact, newNonce, writeInterests } from './contacts.js';
import { CONSENT_PURPOSES, PreferencesSave, SignUpInput, type ConsentPurpose } from './contract.js';

/** A contact's own link (preferences, one-click unsubscribe): signed with their nonce, which a new link revokes. */
export const contactToken = (hub: Hub, contact: { id: string; link_nonce: string }) => signedToken(hub.linkKey, 'contact', contact.id, contact.link_nonce);
export const preferencesUrl = (hub: Hub, contact: { id: string; link_nonce: string }) => `${hub.baseUrl}/preferences?token=${contactToken(hub, contact)}`;
export const unsubscribeUrl = (hub: Hub, contact: { id: string; link_nonce: string }) => `${hub.baseUrl}/api/engagement/unsubscribe?token=${contactToken(hub, contact)}`;

/** The contact a link names, if the link is still good. */
export async function contactOfToken(hub: Hub, db: Executor, token: string): Promise<string> {
  const id = await verifySignedToken(hub.linkKey, 'contact', token, async (cid) => {
    if (!isId(cid)) return null;
    return (await db.selectFrom('contacts').select('link_nonce').where('id', '=', cid).executeTakeFirst())?.link_nonce ?? null;
  });
  if (!id) throw invalid('token', 'this link is not valid (it may be old, or the contact was removed)');
  return id;
}

/** Whose preferences: the link's contact, or a signed-in member's own. */
async function whose(hub: Hub, tx: Executor, viewer: Viewer, token: string | undefined): Promise<string> {
  if (token) return contactOfToken(hub, tx, token);
  authorise(viewer, 'engagement.own');
  return memberContact(tx, viewer as Viewer & { kind: 'user' }, hub.now());
}

export async function getPreferences(hub: Hub, viewer: Viewer, token?: string) {
  const contactId = await hub.db.transaction().execute((tx) => whose(hub, tx, viewer, token));
  const [c, interests, purposes] = await Promise.all([
    hub.db.selectFrom('contacts').selectAll().where('id', '=', contactId).executeTakeFirstOrThrow(),
    hub.db.selectFrom('contact_interests').selectAll().where('contact_id', '=', contactId).execute(),
    currentPurposes(hub.db, contactId),
  ]);
  return {
    name: c.name,
    email: c.email,
    frequency: c.digest_frequency,
    themes: interests.filter((i) => i.taxonomy === 'theme').map((i) => i.code),
    technologies: interests.filter((i) => i.taxonomy === 'technology').map((i) => i.code),
    consents: (Object.keys(CONSENT_PURPOSES) as ConsentPurpose[]).map((p) => ({ purpose: p, label: CONSENT_PURPOSES[p].label, wording: CONSENT_PURPOSES[p].wording, given: purposes.includes(p) })),
    tracking: c.tracking,
  };
}

/**
 * Saves a person's preferences: digest frequency, interests, consents (each change a consent record, with the
 * wording shown) and open tracking. Choosing a digest is consenting to digests; "no digest" withdraws it.
 */
export async function savePreferences(hub: Hub, viewer: Viewer, raw: unknown) {
  const p = parse(PreferencesSave, raw);
  checkContactFacts(await taxonomies(hub), { themes: p.themes, technologies: p.technologies });
  const source = p.token ? 'preferences page (by the emailed link)' : 'preferences page (signed in)';
  await hub.db.transaction().execute(async (tx) => {
    const contactId = await whose(hub, tx, viewer, p.token);
    const now = hub.now();
    const consents = { ...p.consents };
    if (p.frequency !== undefined) consents.digests = p.frequency !== 'none' ? (consents.digests ?? true) : false;
    if (consents.digests === false && p.frequency === undefined) p.frequency = 'none';
    for (const [purpose, give] of Object.entries(consents) as [ConsentPurpose, boolean][]) {
      if (give) await giveConsent(tx, contactId, purpose, source, now);
      else await withdrawConsent(tx, contactId, purpose, source, now);
    }
    await tx
      .updateTable('contacts')
      .set({ ...(p.frequency !== undefined && { digest_frequency: consents.digests === false ? 'none' : p.frequency }), ...(p.tracking !== undefined && { tracking: p.tracking }), last_active_at: now, updated_at: now })
      .where('id', '=', contactId)
      .execute();
    await writeInterests(tx, contactId, p.themes, p.technologies);
    await syncProfileFlag(tx, contactId);
    await recordAudit(tx, viewer.kind === 'user' ? viewer : null, { action: 'engagement.preferences', entityType: 'contact', entityId: contactId, after: { frequency: p.frequency, consents } });
  });
  return getPreferences(hub, viewer, p.token);
}

/** One-click unsubscribe (RFC 8058): the digests' consent is withdrawn and no digest is sent. Repeating it changes nothing. */
export async function unsubscribe(hub: Hub, token: string): Promise<{ email: string }> {
  return hub.db.transaction().execute(async (tx) => {
    const contactId = await contactOfToken(hub, tx, token);
    await withdrawConsent(tx, contactId, 'digests', 'one-click unsubscribe', hub.now());
    const c = await tx.updateTable('contacts').set({ digest_frequency: 'none', updated_at: hub.now() }).where('id', '=', contactId).returning('email').executeTakeFirstOrThrow();
    await syncProfileFlag(tx, contactId);
    await recordAudit(tx, null, { action: 'engagement.unsubscribe', entityType: 'contact', entityId: contactId });
    return { email: c.email };
  });
}

/** How long the sign-up form's confirmation link works. */
export const SIGN_UP_HOURS = 72;

/** The public sign-up form: nothing is kept until the address is confirmed by the emailed link (double opt-in). */
export async function stakeholderSignUp(hub: Hub, raw: unknown): Promise<{ status: 'check_your_email' }> {
  const s = parse(SignUpInput, raw);
  checkContactFacts(await taxonomies(hub), s);
  const secret = newSecret();
  await hub.db.transaction().execute(async (tx) => {
    await tx.insertInto('email_confirmations').values({ token_hash: secret.id, purpose: 'sign_up', email: s.email, payload: JSON.stringify(s), expires_at: new Date(hub.now().getTime() + SIGN_UP_HOURS * 3600_000) }).execute();
    await hub.mailer.enqueue(tx, {
      to: s.email,
      subject: 'Confirm your subscription to the network',
      text: `Hello ${s.name},\n\nYou asked to hear from the network about: ${s.purposes.map((p) => CONSENT_PURPOSES[p].label.toLowerCase()).join(', ')}.\nTo confirm, follow this link (it works for ${SIGN_UP_HOURS} hours):\n${hub.baseUrl}/stakeholders/confirm?token=${secret.token}\n\nIf this was not you, ignore this email: nothing is kept.\n`,
    });
  });
  return { status: 'check_your_email' };
}

/** The emailed link of the sign-up form: the contact is made (or updated) with the consents asked for. */
export async function confirmStakeholderSignUp(hub: Hub, raw: unknown): Promise<{ status: 'confirmed'; preferencesUrl: string }> {
  const { token } = parse(PreferencesSave.pick({ token: true }).required(), raw);
  return hub.db.transaction().execute(async (tx) => {
    const c = await tx.selectFrom('email_confirmations').selectAll().where('token_hash', '=', digest(token)).where('purpose', '=', 'sign_up').forUpdate().executeTakeFirst();
    if (!c || c.expires_at <= hub.now()) throw invalid('token', 'this link is not valid or has expired: sign up again');
    const s = SignUpInput.parse(c.payload);
    const now = hub.now();
    const row = await sql<{ id: string; link_nonce: string }>`
      insert into contacts (name, email, organisation, sector, region, stakeholder_type, source, digest_frequency, link_nonce, last_active_at)
      values (${s.name}, ${s.email}, ${s.organisation}, ${s.sector ?? null}, ${s.region ?? null}, ${s.stakeholderType ?? null}, 'sign_up', ${s.purposes.includes('digests') ? s.frequency : 'none'}, ${newNonce()}, ${now})
      on conflict (lower(email)) do update set name = excluded.name,
        organisation = case when excluded.organisation = '' then contacts.organisation else excluded.organisation end,
        sector = coalesce(excluded.sector, contacts.sector), region = coalesce(excluded.region, contacts.region),
        stakeholder_type = coalesce(excluded.stakeholder_type, contacts.stakeholder_type),
        digest_frequency = case when excluded.digest_frequency = 'none' then contacts.digest_frequency else excluded.digest_frequency end,
        last_active_at = excluded.last_active_at, updated_at = excluded.last_active_at
      returning id, link_nonce`.execute(tx);
    const contact = row.rows[0];
    if (!c.used_at) {
      await writeInterests(tx, contact.id, s.themes, s.technologies);
      for (const p of s.purposes) await giveConsent(tx, contact.id, p, `sign-up form, confirmed by email (double opt-in) on ${now.toISOString().slice(0, 10)}`, now);
      await tx.updateTable('email_confirmations').set({ used_at: now }).where('token_hash', '=', c.token_hash).execute();
      await recordAudit(tx, null, { action: 'engagement.sign_up', entityType: 'contact', entityId: contact.id, after: { purposes: s.purposes } });
    }
    return { status: 'confirmed' as const, preferencesUrl: preferencesUrl(hub, contact) };
  });
}


/**
 * A member's "send me the network digest" (their profile's setting) as a consent record: given, it consents to digests
 * and chooses the monthly digest if none was chosen; taken back, it withdraws. Kept in step with the profile's flag.
 */
export async function setMemberDigest(tx: Executor, userId: string, give: boolean, source: string, at: Date): Promise<void> {
  const u = await tx.selectFrom('users').select('email').where('id', '=', userId).executeTakeFirstOrThrow();
  const contactId = await memberContact(tx, { kind: 'user', userId, email: u.email, profileId: null, roles: new Set() }, at);
  if (give) {
    await giveConsent(tx, contactId, 'digests', source, at);
    await tx.updateTable('contacts').set({ digest_frequency: 'monthly' }).where('id', '=', contactId).where('digest_frequency', '=', 'none').execute();
  } else {
    await withdrawConsent(tx, contactId, 'digests', source, at);
    await tx.updateTable('contacts').set({ digest_frequency: 'none' }).where('id', '=', contactId).execute();
  }
}

/** The profile's digest flag follows a member's contact's consent (after a change on the preferences page or by a link). */
async function syncProfileFlag(tx: Executor, contactId: string): Promise<void> {
  const c = await tx.selectFrom('contacts').select('user_id').where('id', '=', contactId).executeTakeFirst();
  if (!c?.user_id) return;
  const current = (await currentPurposes(tx, contactId)).includes('digests');
  await tx.updateTable('profiles').set({ consent_digest: current }).where('user_id', '=', c.user_id).execute();
}
