import { randomBytes } from 'node:crypto';
import { digest, newSecret } from '../platform/secrets.js';
import argon2 from 'argon2';
import { sql } from 'kysely';
import { authorise, GRANTED_ROLES, type GrantedRole, type Viewer } from '../platform/access.js';
import { recordAudit } from '../platform/audit.js';
import type { Hub } from '../platform/context.js';
import { HubError, invalid } from '../platform/errors.js';
import { parse } from '../platform/validate.js';
import { weakPassword } from './password-strength.js';
import { EmailChange, EmailOnly, PasswordChange, PasswordReset, SignIn, SignUp, TokenInput } from './contract.js';
import { refreshProfileIndex } from '../directory/profile-index.js';
import type { Executor } from '../../db/connection.js';
import { DEFAULT_VISIBILITY } from '../platform/model.js';

/**
 * Sign-in throttling: after THROTTLE_AFTER wrong passwords in a row, each further attempt on the account must wait,
 * 30 s, then 60 s, 120 s … up to 15 minutes (a rising delay rather than a hard lock that anyone could trigger), and is
 * answered exactly as a wrong password while it waits. A success or a password reset clears it; failures a day old
 * are forgotten.
 */
export const THROTTLE_AFTER = 5;
export const THROTTLE_BASE_SECONDS = 30;
export const THROTTLE_MAX_SECONDS = 15 * 60;
const FAILURES_KEPT_HOURS = 24;

/** How long sign-in waits after `failures` wrong passwords in a row (0 before THROTTLE_AFTER). */
export function throttleSeconds(failures: number): number {
  return failures < THROTTLE_AFTER ? 0 : Math.min(THROTTLE_MAX_SECONDS, THROTTLE_BASE_SECONDS * 2 ** (failures - THROTTLE_AFTER));
}
export const SESSION_DAYS = 14;
const TOKEN_HOURS = { verify_email: 48, reset_password: 2, change_email: 48, invitation: 14 * 24 } as const;

// OWASP's argon2id parameters (m = 19 MiB, t = 2, p = 1)
const HASH_OPTIONS = { type: argon2.argon2id, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(plain: string): Promise<string> {
  return argon2.hash(plain, HASH_OPTIONS);
}

/** Secrets travel to the user; only their SHA-256 is stored (platform/secrets). */
export { digest };

/** Refuses a new password that is too easy to guess, naming the field (personal: the account's email and name). */
async function requireStrong(field: string, plain: string, personal: readonly (string | null | undefined)[]): Promise<void> {
  const problem = await weakPassword(plain, personal.filter((p): p is string => !!p));
  if (problem) throw invalid(field, problem);
}

/**
 * Creates an unverified account (and its profile) and sends the verification link. An address that
 * is already registered gets a notice instead, and the answer is the same, so sign-up does not tell
 * who is a member.
 */
export async function signUp(hub: Hub, input: unknown): Promise<void> {
  const { email: address, password: plain, name } = parse(SignUp, input);
  if (plain.toLowerCase() === address) throw invalid('password', 'must not be your email address');
  await requireStrong('password', plain, [address, name]);
  const hash = await hashPassword(plain);
  await hub.db.transaction().execute(async (tx) => {
    const existing = await tx.selectFrom('users').select('id').where(sql`lower(email)`, '=', address).executeTakeFirst();
    if (existing) {
      await hub.mailer.enqueue(tx, {
        to: address,
        subject: 'Proximity: sign-up attempt',
        text: `Someone tried to create a Proximity account with this address, which already has one.\n\nIf it was you, sign in or reset your password at ${hub.baseUrl}/reset-password\n`,
      });
      return;
    }
    const user = await tx.insertInto('users').values({ email: address, password_hash: hash, email_verified_at: null, locked_until: null }).returning('id').executeTakeFirstOrThrow();
    const profile = await tx.insertInto('profiles').values({ user_id: user.id, name, visibility: JSON.stringify(DEFAULT_VISIBILITY), links: '[]' }).returning('id').executeTakeFirstOrThrow();
    await refreshProfileIndex(tx, profile.id);
    await recordAudit(tx, user.id, { action: 'account.sign_up', entityType: 'user', entityId: user.id, after: { name, profile: profile.id } });
    await sendVerification(hub, tx, user.id, address, name);
  });
  await hub.mailer.flush(hub.db);
}

/** A new email-verification link, by email. */
async function sendVerification(hub: Hub, tx: Executor, userId: string, address: string, name: string | null): Promise<void> {
  const link = await issueToken(hub, tx, userId, 'verify_email', null);
  await hub.mailer.enqueue(tx, {
    to: address,
    subject: 'Proximity: confirm your email address',
    text: `Welcome to Proximity${name ? `, ${name}` : ''}.\n\nConfirm your address to finish signing up:\n${hub.baseUrl}/verify-email?token=${link}\n\nThe link works for ${TOKEN_HOURS.verify_email} hours.\n`,
  });
}

/**
 * Sends a new verification link to an account that has not confirmed its address (the older links stop working).
 * The answer is the same whether the address is registered, unconfirmed or confirmed, so it tells nobody who is a
 * member; an address already confirmed is told so by email instead.
 */
export async function resendVerification(hub: Hub, input: unknown): Promise<void> {
  const { email: address } = parse(EmailOnly, input);
  await hub.db.transaction().execute(async (tx) => {
    const user = await tx.selectFrom('users as u').leftJoin('profiles as p', 'p.user_id', 'u.id').select(['u.id', 'u.email', 'u.email_verified_at', 'p.name']).where(sql`lower(u.email)`, '=', address).executeTakeFirst();
    if (!user) return;
    if (user.email_verified_at) {
      await hub.mailer.enqueue(tx, {
        to: user.email,
        subject: 'Proximity: your address is already confirmed',
        text: `A new confirmation link was asked for this address, which is already confirmed. Sign in at ${hub.baseUrl}/sign-in, or choose a new password at ${hub.baseUrl}/reset-password\n`,
      });
      return;
    }
    await tx.updateTable('tokens').set({ used_at: hub.now() }).where('user_id', '=', user.id).where('purpose', '=', 'verify_email').where('used_at', 'is', null).execute();
    await sendVerification(hub, tx, user.id, user.email, user.name);
    await recordAudit(tx, user.id, { action: 'account.verification_resent', entityType: 'user', entityId: user.id });
  });
  await hub.mailer.flush(hub.db);
}

async function issueToken(hub: Hub, tx: Executor, userId: string, purpose: keyof typeof TOKEN_HOURS, newEmail: string | null): Promise<string> {
  const { token, id } = newSecret();
  const expires = new Date(hub.now().getTime() + TOKEN_HOURS[purpose] * 3600_000);
  await tx.insertInto('tokens').values({ id, user_id: userId, purpose, new_email: newEmail, expires_at: expires, used_at: null }).execute();
  return token;
}

/** Marks a one-time token used and returns it, or refuses an unknown, used or expired one. */
async function consumeToken(hub: Hub, tx: Executor, token: string, purpose: keyof typeof TOKEN_HOURS | (keyof typeof TOKEN_HOURS)[]) {
  const row = await tx
    .updateTable('tokens')
    .set({ used_at: hub.now() })
    .where('id', '=', digest(String(token)))
    .where('purpose', 'in', [purpose].flat())
    .where('used_at', 'is', null)
    .where('expires_at', '>', hub.now())
    .returning(['user_id', 'new_email'])
    .executeTakeFirst();
  if (!row) throw invalid('token', 'this link is invalid, used or expired');
  return row;
}

export async function verifyEmail(hub: Hub, input: unknown): Promise<void> {
  const { token } = parse(TokenInput, input);
  await hub.db.transaction().execute(async (tx) => {
    const { user_id } = await consumeToken(hub, tx, token, 'verify_email');
    await tx.updateTable('users').set({ email_verified_at: hub.now(), updated_at: hub.now() }).where('id', '=', user_id).execute();
    await recordAudit(tx, user_id, { action: 'account.verify_email', entityType: 'user', entityId: user_id });
  });
}

export interface SessionGrant {
  /** Goes in the httpOnly cookie; the database keeps only its hash. */
  token: string;
  csrfToken: string;
  userId: string;
  expiresAt: Date;
}

let dummyHash: Promise<string> | undefined;
const WRONG = 'email or password is wrong';

/** The same argon2 work as a real check, for answers that must not be told apart by their time. */
async function dummyCheck(plain: string): Promise<void> {
  dummyHash ??= hashPassword(randomBytes(16).toString('hex'));
  await argon2.verify(await dummyHash, plain);
}

/**
 * Checks the password and opens a new session. An attempt is counted as a failure before the password is checked
 * (one statement, so parallel attempts cannot all slip through), and refused without a check while the account's
 * delay runs (see THROTTLE_AFTER): an unknown address, a wrong password and a waiting account all get the same
 * answer after the same work. When the delay first starts the owner is told by email. A session presented with the
 * request is revoked (the new one never reuses its identifier: no session fixation).
 */
export async function signIn(
  hub: Hub,
  input: unknown,
  meta: { ip?: string; userAgent?: string; previousSessionToken?: string } = {},
): Promise<SessionGrant> {
  const { email: address, password: plain } = parse(SignIn, input);
  const user = await hub.db.selectFrom('users').selectAll().where(sql`lower(email)`, '=', address).executeTakeFirst();
  const now = hub.now();
  if (!user) {
    await dummyCheck(plain);
    throw new HubError('unauthenticated', WRONG);
  }
  const forgotten = new Date(now.getTime() - FAILURES_KEPT_HOURS * 3600_000);
  const failures = sql<number>`case when users.last_failed_at is null or users.last_failed_at < ${forgotten} then 1 else users.failed_logins + 1 end`;
  const delay = sql<Date | null>`case when ${failures} >= ${THROTTLE_AFTER}
    then ${now}::timestamptz + make_interval(secs => least(${THROTTLE_MAX_SECONDS}, ${THROTTLE_BASE_SECONDS} * power(2, ${failures} - ${THROTTLE_AFTER})))
    else null end`;
  const attempt = await hub.db
    .updateTable('users')
    .set({ failed_logins: failures, last_failed_at: now, locked_until: delay })
    .where('id', '=', user.id)
    .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', now)]))
    .returning('failed_logins')
    .executeTakeFirst();
  if (!attempt) {
    await dummyCheck(plain); // waiting: not checked, answered as a wrong password
    throw new HubError('unauthenticated', WRONG);
  }
  if (!(await argon2.verify(user.password_hash, plain))) {
    if (attempt.failed_logins === THROTTLE_AFTER) {
      await hub.db.transaction().execute(async (tx) => {
        await recordAudit(tx, null, { action: 'account.sign_in_throttled', entityType: 'user', entityId: user.id, after: { failures: THROTTLE_AFTER } });
        await hub.mailer.enqueue(tx, {
          to: user.email,
          subject: 'Proximity: failed sign-ins to your account',
          text:
            `Someone has tried to sign in to your Proximity account ${THROTTLE_AFTER} times in a row with a wrong password. ` +
            `To protect it, each further attempt must now wait a little longer (at most ${THROTTLE_MAX_SECONDS / 60} minutes).\n\n` +
            `If it was you, wait a minute and try again, or choose a new password at ${hub.baseUrl}/reset-password\n` +
            `If it was not you, your password has not been revealed and you need do nothing; a new, long password makes guessing it hopeless.\n`,
        });
      });
      await hub.mailer.flush(hub.db);
    }
    throw new HubError('unauthenticated', WRONG);
  }
  // the right password: the attempt was not a failure (whether or not the account may sign in yet)
  await hub.db.updateTable('users').set({ failed_logins: 0, locked_until: null, last_failed_at: null }).where('id', '=', user.id).execute();
  if (user.status !== 'active') throw new HubError('forbidden', 'this account is disabled');
  if (!user.email_verified_at) throw new HubError('email_not_verified', 'confirm your email address first: follow the link we sent you');
  const session = newSecret();
  const csrf = randomBytes(24).toString('base64url');
  const expiresAt = new Date(now.getTime() + SESSION_DAYS * 86400_000);
  await hub.db.transaction().execute(async (tx) => {
    if (meta.previousSessionToken) {
      await tx.updateTable('sessions').set({ revoked_at: now }).where('id', '=', digest(meta.previousSessionToken)).execute();
    }
    await tx
      .insertInto('sessions')
      .values({ id: session.id, user_id: user.id, csrf_token: csrf, expires_at: expiresAt, revoked_at: null, ip: meta.ip ?? null, user_agent: meta.userAgent?.slice(0, 300) ?? null })
      .execute();
  });
  return { token: session.token, csrfToken: csrf, userId: user.id, expiresAt };
}

export interface SessionViewer {
  viewer: Viewer;
  csrfToken: string;
}

/** The viewer behind a session cookie, or null for an unknown, revoked or expired session. */
export async function viewerFromSession(hub: Hub, token: string): Promise<SessionViewer | null> {
  const now = hub.now();
  const row = await hub.db
    .selectFrom('sessions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .leftJoin('profiles as p', 'p.user_id', 'u.id')
    .select(['s.id', 's.csrf_token', 's.last_seen_at', 'u.id as user_id', 'u.email', 'u.status', 'p.id as profile_id'])
    .select(sql<string[]>`array(select role from user_roles r where r.user_id = u.id)`.as('roles'))
    .select(sql<boolean>`coalesce((select external from reviewers x where x.user_id = u.id), false)`.as('external'))
    .where('s.id', '=', digest(token))
    .where('s.revoked_at', 'is', null)
    .where('s.expires_at', '>', now)
    .executeTakeFirst();
  if (!row || row.status !== 'active') return null;
  if (now.getTime() - row.last_seen_at.getTime() > 60_000) {
    await hub.db.updateTable('sessions').set({ last_seen_at: now }).where('id', '=', row.id).execute();
  }
  const roles = new Set(row.roles.filter((r): r is GrantedRole => (GRANTED_ROLES as readonly string[]).includes(r)));
  return {
    viewer: { kind: 'user', userId: row.user_id, profileId: row.profile_id, email: row.email, roles, ...(row.external && { external: true }) },
    csrfToken: row.csrf_token,
  };
}

export async function signOut(hub: Hub, token: string): Promise<void> {
  await hub.db.updateTable('sessions').set({ revoked_at: hub.now() }).where('id', '=', digest(token)).where('revoked_at', 'is', null).execute();
}

/** Revokes every session of the viewer (sign out everywhere). */
export async function signOutEverywhere(hub: Hub, viewer: Viewer): Promise<number> {
  authorise(viewer, 'account.manage_own');
  if (viewer.kind !== 'user') return 0;
  const r = await hub.db.updateTable('sessions').set({ revoked_at: hub.now() }).where('user_id', '=', viewer.userId).where('revoked_at', 'is', null).executeTakeFirst();
  return Number(r.numUpdatedRows);
}

/** Sends a reset link if the address is registered; answers the same either way. */
export async function requestPasswordReset(hub: Hub, input: unknown): Promise<void> {
  const { email: address } = parse(EmailOnly, input);
  await hub.db.transaction().execute(async (tx) => {
    const user = await tx.selectFrom('users').select(['id', 'email']).where(sql`lower(email)`, '=', address).executeTakeFirst();
    if (!user) return;
    await recordAudit(tx, null, { action: 'account.password_reset_requested', entityType: 'user', entityId: user.id });
    const token = await issueToken(hub, tx, user.id, 'reset_password', null);
    await hub.mailer.enqueue(tx, {
      to: user.email,
      subject: 'Proximity: reset your password',
      text: `To choose a new password, open:\n${hub.baseUrl}/reset-password?token=${token}\n\nThe link works for ${TOKEN_HOURS.reset_password} hours. If you did not ask for it, ignore this message.\n`,
    });
  });
  await hub.mailer.flush(hub.db);
}

/** Sets the new password, confirms the address (the link proved it), unlocks, and revokes every session. */
export async function resetPassword(hub: Hub, input: unknown): Promise<void> {
  const { token, password: plain } = parse(PasswordReset, input);
  const owner = await hub.db.selectFrom('tokens as t').innerJoin('users as u', 'u.id', 't.user_id').leftJoin('profiles as p', 'p.user_id', 'u.id').select(['u.email', 'p.name']).where('t.id', '=', digest(token)).executeTakeFirst();
  await requireStrong('password', plain, [owner?.email, owner?.name]);
  const hash = await hashPassword(plain);
  await hub.db.transaction().execute(async (tx) => {
    // a reset link, or the link an invited account (an external reviewer) sets its first password with
    const { user_id } = await consumeToken(hub, tx, token, ['reset_password', 'invitation']);
    await tx
      .updateTable('users')
      .set({ password_hash: hash, failed_logins: 0, locked_until: null, last_failed_at: null, updated_at: hub.now(), email_verified_at: sql`coalesce(email_verified_at, now())` })
      .where('id', '=', user_id)
      .execute();
    await tx.updateTable('sessions').set({ revoked_at: hub.now() }).where('user_id', '=', user_id).where('revoked_at', 'is', null).execute();
    await recordAudit(tx, user_id, { action: 'account.password_reset', entityType: 'user', entityId: user_id });
  });
}

/** Sends a confirmation link to the new address; the address changes when it is followed. */
export async function requestEmailChange(hub: Hub, viewer: Viewer, input: unknown): Promise<void> {
  authorise(viewer, 'account.manage_own');
  if (viewer.kind !== 'user') return;
  const { newEmail, password: plain } = parse(EmailChange, input);
  const user = await hub.db.selectFrom('users').select(['id', 'email', 'password_hash']).where('id', '=', viewer.userId).executeTakeFirstOrThrow();
  if (!(await argon2.verify(user.password_hash, plain))) throw invalid('password', 'is wrong');
  if (newEmail === user.email.toLowerCase()) throw invalid('newEmail', 'is your current address');
  await hub.db.transaction().execute(async (tx) => {
    const taken = await tx.selectFrom('users').select('id').where(sql`lower(email)`, '=', newEmail).executeTakeFirst();
    if (taken) throw invalid('newEmail', 'is already used by another account');
    const token = await issueToken(hub, tx, user.id, 'change_email', newEmail);
    await hub.mailer.enqueue(tx, {
      to: newEmail,
      subject: 'Proximity: confirm your new email address',
      text: `Confirm that Proximity should use this address:\n${hub.baseUrl}/confirm-email?token=${token}\n`,
    });
    await hub.mailer.enqueue(tx, {
      to: user.email,
      subject: 'Proximity: your email address is changing',
      text: `A change of your Proximity address to ${newEmail} was requested. If this was not you, reset your password at ${hub.baseUrl}/reset-password\n`,
    });
  });
  await hub.mailer.flush(hub.db);
}

export async function confirmEmailChange(hub: Hub, input: unknown): Promise<void> {
  const { token } = parse(TokenInput, input);
  await hub.db.transaction().execute(async (tx) => {
    const { user_id, new_email } = await consumeToken(hub, tx, token, 'change_email');
    const taken = await tx.selectFrom('users').select('id').where(sql`lower(email)`, '=', new_email!).where('id', '!=', user_id).executeTakeFirst();
    if (taken) throw invalid('newEmail', 'is already used by another account');
    const before = await tx.selectFrom('users').select('email').where('id', '=', user_id).executeTakeFirstOrThrow();
    await tx.updateTable('users').set({ email: new_email!, email_verified_at: hub.now(), updated_at: hub.now() }).where('id', '=', user_id).execute();
    await recordAudit(tx, user_id, { action: 'account.email_change', entityType: 'user', entityId: user_id, before: { email: before.email }, after: { email: new_email } });
  });
}

/** Changes the password and revokes the viewer's other sessions. */
export async function changePassword(hub: Hub, viewer: Viewer, input: unknown, keepSessionToken?: string): Promise<void> {
  authorise(viewer, 'account.manage_own');
  if (viewer.kind !== 'user') return;
  const { currentPassword, newPassword } = parse(PasswordChange, input);
  const user = await hub.db.selectFrom('users as u').leftJoin('profiles as p', 'p.user_id', 'u.id').select(['u.password_hash', 'u.email', 'p.name']).where('u.id', '=', viewer.userId).executeTakeFirstOrThrow();
  if (!(await argon2.verify(user.password_hash, currentPassword))) throw invalid('currentPassword', 'is wrong');
  await requireStrong('newPassword', newPassword, [user.email, user.name]);
  const hash = await hashPassword(newPassword);
  const keep = keepSessionToken ? digest(keepSessionToken) : '';
  await hub.db.transaction().execute(async (tx) => {
    await tx.updateTable('users').set({ password_hash: hash, updated_at: hub.now() }).where('id', '=', viewer.userId).execute();
    await tx.updateTable('sessions').set({ revoked_at: hub.now() }).where('user_id', '=', viewer.userId).where('id', '!=', keep).where('revoked_at', 'is', null).execute();
    await recordAudit(tx, viewer, { action: 'account.password_change', entityType: 'user', entityId: viewer.userId });
  });
}

/**
 * Creates (or promotes) a verified administrator: for the CLI and the demo seed. `listed: false` keeps a new
 * account's profile out of the directory (the demo administrator is a key, not a member of the network).
 */
/**
 * An account for someone invited by email (an external reviewer): verified (the invitation goes to the address), with
 * no usable password until they follow the link, which sets one (the reset-password page), and an unlisted profile.
 * An address that already has an account is that account, and needs no link.
 */
export async function invitedAccount(hub: Hub, tx: Executor, input: { email: string; name: string }): Promise<{ userId: string; profileId: string | null; created: boolean; token: string | null }> {
  const existing = await tx.selectFrom('users as u').leftJoin('profiles as p', 'p.user_id', 'u.id').select(['u.id', 'p.id as profile_id']).where(sql`lower(u.email)`, '=', input.email.toLowerCase()).executeTakeFirst();
  if (existing) return { userId: existing.id, profileId: existing.profile_id, created: false, token: null };
  const user = await tx.insertInto('users').values({ email: input.email.toLowerCase(), password_hash: await hashPassword(randomBytes(32).toString('base64url')), email_verified_at: hub.now(), locked_until: null }).returning('id').executeTakeFirstOrThrow();
  const profile = await tx.insertInto('profiles').values({ user_id: user.id, name: input.name, visibility: JSON.stringify(DEFAULT_VISIBILITY), links: '[]', listed: false }).returning('id').executeTakeFirstOrThrow();
  await refreshProfileIndex(tx, profile.id);
  const token = await issueToken(hub, tx, user.id, 'invitation', null);
  return { userId: user.id, profileId: profile.id, created: true, token };
}

/** How long an invitation's link works, in days. */
export const INVITATION_DAYS = TOKEN_HOURS.invitation / 24;

export async function ensureAdministrator(hub: Hub, input: { email: string; password: string; name: string; listed?: boolean }): Promise<{ userId: string; created: boolean }> {
  const { email: address, password: plain, name } = parse(SignUp, input);
  await requireStrong('password', plain, [address, name]);
  const hash = await hashPassword(plain);
  return hub.db.transaction().execute(async (tx) => {
    let user = await tx.selectFrom('users').select('id').where(sql`lower(email)`, '=', address).executeTakeFirst();
    const created = !user;
    if (!user) {
      user = await tx.insertInto('users').values({ email: address, password_hash: hash, email_verified_at: hub.now(), locked_until: null }).returning('id').executeTakeFirstOrThrow();
      const profile = await tx.insertInto('profiles').values({ user_id: user.id, name, visibility: JSON.stringify(DEFAULT_VISIBILITY), links: '[]', listed: input.listed ?? true }).returning('id').executeTakeFirstOrThrow();
      await refreshProfileIndex(tx, profile.id);
    } else {
      await tx.updateTable('users').set({ password_hash: hash, email_verified_at: sql`coalesce(email_verified_at, now())`, status: 'active', locked_until: null, failed_logins: 0 }).where('id', '=', user.id).execute();
    }
    await tx.insertInto('user_roles').values({ user_id: user.id, role: 'administrator', granted_by: null }).onConflict((oc) => oc.doNothing()).execute();
    await tx.insertInto('audit_log').values({ actor_id: null, action: 'role.grant', entity_type: 'user', entity_id: user.id, before: null, after: JSON.stringify({ role: 'administrator', via: 'command line' }) }).execute();
    return { userId: user.id, created };
  });
}
