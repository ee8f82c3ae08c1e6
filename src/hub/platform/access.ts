import { HubError } from './errors.js';

/** Roles an administrator grants. Every signed-in user with a verified address is a member. */
export const GRANTED_ROLES = ['curator', 'reviewer', 'programme_manager', 'analyst', 'administrator'] as const;
export type GrantedRole = (typeof GRANTED_ROLES)[number];
export type Role = 'visitor' | 'member' | GrantedRole;
export const ROLES: readonly Role[] = ['visitor', 'member', ...GRANTED_ROLES];

/** Who is asking. */
export type Viewer =
  | { kind: 'visitor' }
  | {
      kind: 'user';
      userId: string;
      profileId: string | null;
      email: string;
      roles: ReadonlySet<GrantedRole>;
      /** An external reviewer invited by email: not a member of the network, so they hold only what their roles give. */
      external?: boolean;
    };

export const VISITOR: Viewer = { kind: 'visitor' };

/**
 * The permission table: which roles may do what. The domain functions check it; the HTTP routes
 * only pass the viewer along. "self" permissions (own profile) are checked with the owner too.
 */
export const PERMISSIONS = {
  'directory.search': ['visitor', 'member'],
  'profile.read': ['visitor', 'member'],
  'profile.edit_own': ['member'],
  'profile.edit_any': ['administrator'],
  'organisation.read': ['visitor', 'member'],
  'organisation.create': ['member'],
  'organisation.edit': ['programme_manager', 'administrator'],
  'account.manage_own': ['member'],
  'users.list': ['administrator'],
  'roles.manage': ['administrator'],
  'audit.read': ['administrator'],
  'outbox.read': ['administrator'],
  'activity.read': ['visitor', 'member'],
  'library.read': ['visitor', 'member'],
  'library.submit': ['member'],
  'library.curate': ['curator', 'administrator'],
  'collections.manage': ['curator', 'administrator'],
  'taxonomy.edit': ['curator', 'administrator'],
  'searches.save': ['member'],
  'datasets.read': ['visitor', 'member'],
  'datasets.upload': ['analyst', 'programme_manager', 'administrator'],
  /** See and edit every data set, private ones included. */
  'datasets.manage_any': ['programme_manager', 'administrator'],
  'analyses.run': ['visitor', 'member'],
  /** Published calls, their forms, feeds and deadlines. */
  'calls.read': ['visitor', 'member'],
  /** Apply to a call, as a lead applicant (members; external reviewers are not members). */
  'applications.submit': ['member'],
  /** Run the programme: calls, forms, screening, conflicts, reviewers, assignment, panels, decisions, awards, portfolio. */
  'programme.manage': ['programme_manager', 'administrator'],
  /** Review the applications assigned to one (members with the reviewer role, and invited external reviewers). */
  'reviews.write': ['reviewer'],
  /** Published events, their timetables, feeds and outputs. */
  'events.read': ['visitor', 'member'],
  /** Register for an event: members, and visitors as guests with a verified email. */
  'events.register': ['visitor', 'member'],
  /** Create events (the creator organises them); manage any event. Organisers named on an event manage that event. */
  'events.manage_any': ['programme_manager', 'administrator'],
  /** Add and edit event types. */
  'event_types.edit': ['curator', 'administrator'],
  /** A personal calendar feed, digests and interests. */
  'engagement.own': ['member'],
  /** The stakeholder database: contacts, consent records, imports, segments, digests' previews, data protection. */
  'contacts.manage': ['programme_manager', 'administrator'],
  /** Published consultations and their published summaries. */
  'consultations.read': ['visitor', 'member'],
  /** Respond to a consultation as a member (once). */
  'consultations.respond': ['member'],
  /** Publish consultations, invite contacts, read responses and results. */
  'consultations.manage': ['programme_manager', 'administrator'],
} as const satisfies Record<string, readonly Role[]>;
export type Permission = keyof typeof PERMISSIONS;

/**
 * The roles a viewer holds: visitors hold 'visitor'; users hold 'visitor', 'member' and what they were granted; an
 * external reviewer holds 'visitor' and their granted roles, not 'member' (their account reaches their assignments).
 */
export function rolesOf(viewer: Viewer): Set<Role> {
  if (viewer.kind === 'visitor') return new Set(['visitor']);
  return new Set<Role>(viewer.external ? ['visitor', ...viewer.roles] : ['visitor', 'member', ...viewer.roles]);
}

export function can(viewer: Viewer, permission: Permission): boolean {
  const held = rolesOf(viewer);
  return (PERMISSIONS[permission] as readonly Role[]).some((r) => held.has(r));
}

/** Throws `unauthenticated` for a visitor and `forbidden` for a user without the permission. */
export function authorise(viewer: Viewer, permission: Permission): void {
  if (can(viewer, permission)) return;
  if (viewer.kind === 'visitor') throw new HubError('unauthenticated', 'sign in to do this');
  throw new HubError('forbidden', `you do not have permission to do this (${permission})`);
}

export function isAdmin(viewer: Viewer): boolean {
  return viewer.kind === 'user' && viewer.roles.has('administrator');
}

/** Field visibility levels, from most to least open; a viewer at a level sees the levels up to it. */
export const VISIBILITY_LEVELS = ['public', 'members', 'private'] as const;
export type Visibility = (typeof VISIBILITY_LEVELS)[number];

/** The visibility levels a viewer may see on a profile: the owner and administrators see all. */
export function visibleLevels(viewer: Viewer, ownerUserId: string | null): Visibility[] {
  if (viewer.kind === 'visitor') return ['public'];
  if (isAdmin(viewer) || (ownerUserId !== null && viewer.userId === ownerUserId)) return ['public', 'members', 'private'];
  return ['public', 'members'];
}
