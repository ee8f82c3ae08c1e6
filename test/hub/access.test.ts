import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { authorise, can, GRANTED_ROLES, isAdmin, PERMISSIONS, ROLES, rolesOf, VISITOR, visibleLevels, type GrantedRole, type Role, type Viewer } from '../../src/hub/platform/access.js';
import { HubError } from '../../src/hub/platform/errors.js';

const user = (id: string, roles: GrantedRole[] = []): Viewer => ({ kind: 'user', userId: id, profileId: `p-${id}`, email: `${id}@example.org`, roles: new Set(roles) });
const viewerOf = (role: Role): Viewer => (role === 'visitor' ? VISITOR : user(role, role === 'member' ? [] : [role as GrantedRole]));

describe('access: who sees which profile fields (every role against the private level)', () => {
  it('private fields: the owner and administrators only; members-level fields: every signed-in user (M2: "any role is an administrator")', () => {
    for (const role of ROLES) {
      const levels = visibleLevels(viewerOf(role), 'someone-else');
      const want = role === 'visitor' ? ['public'] : role === 'administrator' ? ['public', 'members', 'private'] : ['public', 'members'];
      assert.deepEqual(levels, want, role);
    }
    // every granted role but administrator, alone or together, stays out of private fields
    assert.deepEqual(visibleLevels(user('x', ['curator', 'reviewer', 'programme_manager']), 'someone-else'), ['public', 'members']);
    assert.deepEqual(visibleLevels(user('owner'), 'owner'), ['public', 'members', 'private']);
    assert.deepEqual(visibleLevels(user('x', ['curator']), null), ['public', 'members']);
    for (const r of GRANTED_ROLES) assert.equal(isAdmin(user('x', [r])), r === 'administrator', r);
    assert.equal(isAdmin(VISITOR), false);
  });
  it('the permission table: each role holds exactly the permissions that name it (or member, for every signed-in user)', () => {
    for (const role of ROLES) {
      const v = viewerOf(role);
      for (const [permission, roles] of Object.entries(PERMISSIONS) as [keyof typeof PERMISSIONS, readonly Role[]][]) {
        const want = roles.includes(role) || roles.includes('visitor') || (role !== 'visitor' && roles.includes('member'));
        assert.equal(can(v, permission), want, `${role} ${permission}`);
      }
    }
  });
  it('the roles, and the roles a viewer holds: a visitor only "visitor"; a user also "member" and what was granted', () => {
    assert.deepEqual(ROLES, ['visitor', 'member', 'curator', 'reviewer', 'programme_manager', 'analyst', 'administrator']);
    assert.deepEqual([...rolesOf(VISITOR)], ['visitor']);
    assert.deepEqual([...rolesOf(user('x', ['reviewer', 'curator']))], ['visitor', 'member', 'reviewer', 'curator']);
  });
  it('a refusal says whether to sign in (visitor) or that the permission is missing (user)', () => {
    assert.throws(() => authorise(VISITOR, 'profile.edit_own'), (e: unknown) => e instanceof HubError && e.code === 'unauthenticated' && e.message === 'sign in to do this');
    assert.throws(() => authorise(user('c', ['curator']), 'roles.manage'), (e: unknown) => e instanceof HubError && e.code === 'forbidden' && /roles\.manage/.test(e.message));
    assert.doesNotThrow(() => authorise(user('a', ['administrator']), 'roles.manage'));
  });
});
