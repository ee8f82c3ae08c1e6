import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import * as accounts from '../../src/hub/accounts/accounts.js';
import { HubError } from '../../src/hub/platform/errors.js';
import { updateProfile } from '../../src/hub/directory/profiles.js';
import { orcidChecksumValid } from '../../src/hub/platform/validate.js';
import { BACKENDS, freshHub, linkToken, newMember, PASSWORD } from '../helpers/db.js';
import { refusedWith } from '../helpers/hub.js';


for (const backend of BACKENDS) {
  describe(`accounts (${backend})`, () => {
    let ctx: Awaited<ReturnType<typeof freshHub>>;
    before(async () => (ctx = await freshHub(backend)));
    after(() => ctx.database.close());

    test('sign-up sends a verification link; the account signs in only once verified', async () => {
      const { hub } = ctx;
      await accounts.signUp(hub, { email: 'Ada@Example.org', password: PASSWORD, name: 'Ada' });
      await refusedWith(accounts.signIn(hub, { email: 'ada@example.org', password: PASSWORD }), 'email_not_verified');
      const token = await linkToken(hub, 'ada@example.org', '/verify-email');
      await accounts.verifyEmail(hub, { token });
      await refusedWith(accounts.verifyEmail(hub, { token }), 'validation', 'token'); // one use only
      const grant = await accounts.signIn(hub, { email: 'ADA@example.org', password: PASSWORD });
      const found = await accounts.viewerFromSession(hub, grant.token);
      assert.equal(found?.viewer.kind, 'user');
      assert.equal(found?.csrfToken, grant.csrfToken);
      // the database holds only the token's hash
      const stored = await hub.db.selectFrom('sessions').select('id').execute();
      assert.ok(stored.every((s) => s.id !== grant.token));
    });

    test('signing up with a registered address answers the same and warns the owner', async () => {
      const { hub } = ctx;
      await accounts.signUp(hub, { email: 'ada@example.org', password: 'another password 1', name: 'Impostor' });
      const users = await hub.db.selectFrom('users').select('id').where('email', '=', 'ada@example.org').execute();
      assert.equal(users.length, 1);
      const mail = await hub.db.selectFrom('outbox').select('subject').where('to_address', '=', 'ada@example.org').orderBy('created_at', 'desc').executeTakeFirstOrThrow();
      assert.match(mail.subject, /sign-up attempt/);
    });

    test('bad input names the field', async () => {
      const { hub } = ctx;
      await accounts.signUp(hub, { email: 'bidi@example.org', password: PASSWORD, name: '\u202EeciloM\u202C Mallory' });
      const p = await hub.db.selectFrom('profiles as p').innerJoin('users as u', 'u.id', 'p.user_id').select('p.name').where('u.email', '=', 'bidi@example.org').executeTakeFirstOrThrow();
      assert.equal(p.name, 'eciloM Mallory', 'display names lose bidi controls');
      await refusedWith(accounts.signUp(hub, { email: 'not-an-address', password: PASSWORD, name: 'X' }), 'validation', 'email');
      await refusedWith(accounts.signUp(hub, { email: 'x@example.org', password: 'short', name: 'X' }), 'validation', 'password');
      await refusedWith(accounts.signUp(hub, { email: 'x@example.org', password: 'elevenchars', name: 'X' }), 'validation', 'password'); // ASVS L2: 12 at least
      // common and breached-style passwords, and ones built from the account's own name or address
      for (const weak of ['password1234', 'qwertyuiop12', 'Password2024!', 'Xavier Xavier 1', 'xavierxavier12']) {
        const e = await accounts.signUp(hub, { email: 'xavier@example.org', password: weak, name: 'Xavier Xavier' }).catch((err) => err);
        assert.equal(e.details?.issues?.[0]?.field, 'password', weak);
        assert.match(e.message, /is too easy to guess/, weak);
      }
      await refusedWith(accounts.signUp(hub, { email: 'x@example.org', password: PASSWORD }), 'validation', 'name');
    });

    test('after five wrong passwords sign-in waits, answered as a wrong password even with the right one; the owner is told once', async () => {
      const { hub, clock } = ctx;
      await newMember(hub, 'locky@example.org');
      for (let i = 0; i < accounts.THROTTLE_AFTER; i++) {
        await refusedWith(accounts.signIn(hub, { email: 'locky@example.org', password: 'wrong password' }), 'unauthenticated');
      }
      const waiting = await accounts.signIn(hub, { email: 'locky@example.org', password: PASSWORD }).catch((e) => e);
      const unknown = await accounts.signIn(hub, { email: 'nobody-at-all@example.org', password: PASSWORD }).catch((e) => e);
      assert.equal(waiting.code, 'unauthenticated');
      assert.equal(waiting.message, unknown.message, 'a waiting account is answered as an unknown one');
      assert.equal(waiting.details, undefined, 'no retry time that would reveal the account');
      const mail = await hub.db.selectFrom('outbox').select('subject').where('to_address', '=', 'locky@example.org').where('subject', 'like', '%failed sign-ins%').execute();
      assert.equal(mail.length, 1);
      clock.advance((accounts.THROTTLE_BASE_SECONDS + 1) * 1000);
      await accounts.signIn(hub, { email: 'locky@example.org', password: PASSWORD });
      const row = await hub.db.selectFrom('users').select(['failed_logins', 'locked_until']).where('email', '=', 'locky@example.org').executeTakeFirstOrThrow();
      assert.deepEqual(row, { failed_logins: 0, locked_until: null });
    });

    test('the delay rises with each further failure: 30 s, 60 s, 120 s … at most 15 minutes', async () => {
      const { hub, clock } = ctx;
      assert.deepEqual([4, 5, 6, 7, 30].map(accounts.throttleSeconds), [0, 30, 60, 120, 900]);
      await newMember(hub, 'slow@example.org');
      const wrong = () => refusedWith(accounts.signIn(hub, { email: 'slow@example.org', password: 'wrong password' }), 'unauthenticated');
      const waitSeconds = async () => {
        const r = await hub.db.selectFrom('users').select('locked_until').where('email', '=', 'slow@example.org').executeTakeFirstOrThrow();
        return Math.round((r.locked_until!.getTime() - hub.now().getTime()) / 1000);
      };
      for (let i = 0; i < accounts.THROTTLE_AFTER; i++) await wrong();
      assert.equal(await waitSeconds(), 30);
      await wrong(); // while waiting: not counted
      assert.equal(await waitSeconds(), 30);
      clock.advance(31_000);
      await wrong();
      assert.equal(await waitSeconds(), 60);
      clock.advance(61_000);
      await wrong();
      assert.equal(await waitSeconds(), 120);
      // a day later the failures are forgotten
      clock.advance(25 * 3600_000);
      await wrong();
      const r = await hub.db.selectFrom('users').select(['failed_logins', 'locked_until']).where('email', '=', 'slow@example.org').executeTakeFirstOrThrow();
      assert.deepEqual(r, { failed_logins: 1, locked_until: null });
    });

    test('the right password is not a failure, even before the address is confirmed', async () => {
      const { hub } = ctx;
      await accounts.signUp(hub, { email: 'eager@example.org', password: PASSWORD, name: 'Eager' });
      for (let i = 0; i < accounts.THROTTLE_AFTER + 2; i++) await refusedWith(accounts.signIn(hub, { email: 'eager@example.org', password: PASSWORD }), 'email_not_verified');
      const row = await hub.db.selectFrom('users').select(['failed_logins', 'locked_until']).where('email', '=', 'eager@example.org').executeTakeFirstOrThrow();
      assert.deepEqual(row, { failed_logins: 0, locked_until: null });
    });

    test('parallel wrong passwords are counted one by one: 16 at once check at most five', async () => {
      const { hub } = ctx;
      await newMember(hub, 'racer@example.org');
      const results = await Promise.allSettled(Array.from({ length: 16 }, () => accounts.signIn(hub, { email: 'racer@example.org', password: 'wrong password' })));
      assert.ok(results.every((r) => r.status === 'rejected' && (r.reason as HubError).code === 'unauthenticated'));
      const row = await hub.db.selectFrom('users').select(['failed_logins', 'locked_until']).where('email', '=', 'racer@example.org').executeTakeFirstOrThrow();
      assert.equal(row.failed_logins, accounts.THROTTLE_AFTER, 'attempts past the fifth were refused before any check');
      assert.ok(row.locked_until && row.locked_until > hub.now());
      await refusedWith(accounts.signIn(hub, { email: 'racer@example.org', password: PASSWORD }), 'unauthenticated');
    });

    test('a password reset clears the delay', async () => {
      const { hub } = ctx;
      await accounts.requestPasswordReset(hub, { email: 'racer@example.org' });
      await accounts.resetPassword(hub, { token: await linkToken(hub, 'racer@example.org', '/reset-password'), password: 'a fresh passphrase 2026' });
      await accounts.signIn(hub, { email: 'racer@example.org', password: 'a fresh passphrase 2026' });
    });

    test('an unknown address and a wrong password get the same answer', async () => {
      const { hub } = ctx;
      const a = await accounts.signIn(hub, { email: 'nobody@example.org', password: PASSWORD }).catch((e) => e);
      const b = await accounts.signIn(hub, { email: 'ada@example.org', password: 'wrong password' }).catch((e) => e);
      assert.equal(a.message, b.message);
      assert.equal(a.code, b.code);
    });

    test('signing in again revokes the session presented with it (no fixation)', async () => {
      const { hub } = ctx;
      const first = await accounts.signIn(hub, { email: 'ada@example.org', password: PASSWORD });
      const second = await accounts.signIn(hub, { email: 'ada@example.org', password: PASSWORD }, { previousSessionToken: first.token });
      assert.notEqual(first.token, second.token);
      assert.equal(await accounts.viewerFromSession(hub, first.token), null);
      assert.ok(await accounts.viewerFromSession(hub, second.token));
      await accounts.signOut(hub, second.token);
      assert.equal(await accounts.viewerFromSession(hub, second.token), null);
    });

    test('password reset: same answer for unknown addresses; the new password works and old sessions end', async () => {
      const { hub } = ctx;
      const before = await hub.db.selectFrom('outbox').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      await accounts.requestPasswordReset(hub, { email: 'nobody@example.org' });
      const afterUnknown = await hub.db.selectFrom('outbox').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      assert.equal(afterUnknown.n, before.n);
      const session = await accounts.signIn(hub, { email: 'ada@example.org', password: PASSWORD });
      await accounts.requestPasswordReset(hub, { email: 'ada@example.org' });
      const token = await linkToken(hub, 'ada@example.org', '/reset-password');
      await refusedWith(accounts.resetPassword(hub, { token, password: 'short' }), 'validation', 'password');
      await refusedWith(accounts.resetPassword(hub, { token, password: 'password1234' }), 'validation', 'password');
      await accounts.resetPassword(hub, { token, password: 'a brand new password' });
      assert.equal(await accounts.viewerFromSession(hub, session.token), null);
      await refusedWith(accounts.signIn(hub, { email: 'ada@example.org', password: PASSWORD }), 'unauthenticated');
      await accounts.signIn(hub, { email: 'ada@example.org', password: 'a brand new password' });
    });

    test('a reset link expires after two hours', async () => {
      const { hub, clock } = ctx;
      await accounts.requestPasswordReset(hub, { email: 'ada@example.org' });
      const token = await linkToken(hub, 'ada@example.org', '/reset-password');
      clock.advance(2 * 3600_000 + 1000);
      await refusedWith(accounts.resetPassword(hub, { token, password: 'too late password' }), 'validation', 'token');
    });

    test('changing the email address goes through a link sent to the new address', async () => {
      const { hub } = ctx;
      const { viewer } = await newMember(hub, 'mover@example.org');
      await refusedWith(accounts.requestEmailChange(hub, viewer, { newEmail: 'moved@example.org', password: 'wrong one' }), 'validation', 'password');
      await refusedWith(accounts.requestEmailChange(hub, viewer, { newEmail: 'ada@example.org', password: PASSWORD }), 'validation', 'newEmail');
      await accounts.requestEmailChange(hub, viewer, { newEmail: 'moved@example.org', password: PASSWORD });
      await accounts.confirmEmailChange(hub, { token: await linkToken(hub, 'moved@example.org', '/confirm-email') });
      await accounts.signIn(hub, { email: 'moved@example.org', password: PASSWORD });
      await refusedWith(accounts.signIn(hub, { email: 'mover@example.org', password: PASSWORD }), 'unauthenticated');
    });

    test('changing the password: the current one is checked, the new one must be hard to guess', async () => {
      const { hub } = ctx;
      const { viewer, token } = await newMember(hub, 'changer@example.org', 'Chang Er');
      await refusedWith(accounts.changePassword(hub, viewer, { currentPassword: 'not it', newPassword: 'a strong new phrase here' }), 'validation', 'currentPassword');
      await refusedWith(accounts.changePassword(hub, viewer, { currentPassword: PASSWORD, newPassword: 'password123456' }), 'validation', 'newPassword');
      await accounts.changePassword(hub, viewer, { currentPassword: PASSWORD, newPassword: 'a strong new phrase here' }, token);
      await accounts.signIn(hub, { email: 'changer@example.org', password: 'a strong new phrase here' });
    });

    test('a new verification link can be asked for: the old one stops working; the answer reveals nothing', async () => {
      const { hub } = ctx;
      await accounts.signUp(hub, { email: 'late@example.org', password: PASSWORD, name: 'Late Comer' });
      const first = await linkToken(hub, 'late@example.org', '/verify-email');
      const mails = async (to: string) => (await hub.db.selectFrom('outbox').select('subject').where('to_address', '=', to).execute()).map((m) => m.subject);
      await accounts.resendVerification(hub, { email: 'LATE@example.org' });
      const second = await linkToken(hub, 'late@example.org', '/verify-email');
      assert.notEqual(second, first);
      await refusedWith(accounts.verifyEmail(hub, { token: first }), 'validation', 'token');
      await accounts.verifyEmail(hub, { token: second });
      await accounts.resendVerification(hub, { email: 'nobody-here@example.org' }); // same answer, nothing sent
      assert.deepEqual(await mails('nobody-here@example.org'), []);
      await accounts.resendVerification(hub, { email: 'late@example.org' });
      assert.ok((await mails('late@example.org')).includes('Proximity: your address is already confirmed'));
    });

    test('the audit log records sign-up, verification, password reset and change, email change and profile edits', async () => {
      const { hub } = ctx;
      const { viewer, token } = await newMember(hub, 'audited@example.org', 'Audited Person');
      await accounts.requestPasswordReset(hub, { email: 'audited@example.org' });
      await accounts.resetPassword(hub, { token: await linkToken(hub, 'audited@example.org', '/reset-password'), password: 'reset to something long' });
      const signedIn = await accounts.signIn(hub, { email: 'audited@example.org', password: 'reset to something long' });
      await accounts.changePassword(hub, viewer, { currentPassword: 'reset to something long', newPassword: 'changed to something new' }, signedIn.token);
      await accounts.requestEmailChange(hub, viewer, { newEmail: 'audited2@example.org', password: 'changed to something new' });
      await accounts.confirmEmailChange(hub, { token: await linkToken(hub, 'audited2@example.org', '/confirm-email') });
      await updateProfile(hub, viewer, viewer.profileId!, { jobTitle: 'Analyst' });
      void token;
      const rows = await hub.db.selectFrom('audit_log').select(['action', 'actor_id', 'before', 'after']).where((eb) => eb.or([eb('entity_id', '=', viewer.userId), eb('entity_id', '=', viewer.profileId!)])).orderBy('id').execute();
      assert.deepEqual(rows.map((r) => r.action), ['account.sign_up', 'account.verify_email', 'account.password_reset_requested', 'account.password_reset', 'account.password_change', 'account.email_change', 'profile.update']);
      assert.ok(rows.filter((r) => r.action !== 'account.password_reset_requested').every((r) => r.actor_id === viewer.userId), 'the member is the actor');
      assert.deepEqual([rows[5].before, rows[5].after], [{ email: 'audited@example.org' }, { email: 'audited2@example.org' }]);
      assert.equal((rows[6].after as { job_title: string }).job_title, 'Analyst');
    });

    test('visitors cannot manage an account', async () => {
      await refusedWith(accounts.requestEmailChange(ctx.hub, { kind: 'visitor' }, { newEmail: 'a@b.org', password: 'x' }), 'unauthenticated');
    });
  });
}

test('ORCID check digits (ISO 7064 MOD 11-2)', () => {
  // the examples of ORCID's own documentation
  assert.ok(orcidChecksumValid('0000-0002-1825-0097'));
  assert.ok(orcidChecksumValid('0000-0001-5109-3700'));
  assert.ok(orcidChecksumValid('0000-0002-1694-233X'));
  assert.ok(!orcidChecksumValid('0000-0002-1825-0098'));
  assert.ok(!orcidChecksumValid('0000-0002-1694-2330'));
  assert.ok(!orcidChecksumValid('0000-0002-1825-009'));
});
