/**
 * The accounts' contract: what sign-up, sign-in, the emailed-token steps and the administrators' pages take and answer,
 * as zod schemas shared by the services, the routes (and so the OpenAPI document) and the web app's types.
 */
import { z } from 'zod';
import { GRANTED_ROLES, ROLES, type Role } from '../platform/access.js';
import { TEXT_LIMITS } from '../platform/model.js';
import { displayName, email, password } from '../platform/validate.js';

// requests

/** A password as typed to prove who one is (its strength is not checked again). */
const currentPassword = z.string().min(1, 'is required').max(TEXT_LIMITS.password);
const token = z.string().min(1, 'is required').max(200);

export const SignUp = z.object({ email, password, name: displayName(TEXT_LIMITS.personName) });
export const SignIn = z.object({ email, password: currentPassword });
/** An emailed token: verifying an address, or confirming a new one. */
export const TokenInput = z.object({ token });
/** An address to send a link to (a new verification link, a password reset). */
export const EmailOnly = z.object({ email });
export const PasswordReset = z.object({ token, password });
export const EmailChange = z.object({ newEmail: email, password: currentPassword });
export const PasswordChange = z.object({ currentPassword, newPassword: password });

const pageNumber = z.coerce.number().int().min(1).optional();
const pageSize = z.coerce.number().int().min(1).max(100).optional();
export const ListUsers = z.object({ q: z.string().trim().max(200).optional(), role: z.enum(GRANTED_ROLES).optional(), page: pageNumber, pageSize });
export const ListOutbox = z.object({ to: z.string().trim().max(254).optional(), page: pageNumber, pageSize });
export const RoleInput = z.object({ role: z.enum(GRANTED_ROLES, { message: `must be one of ${GRANTED_ROLES.join(', ')}` }) });

// answers

/** Who is signed in, their roles, the CSRF token their writes carry, and whether they curate a collection or community. */
export const SessionView = z.object({
  user: z.object({ id: z.string(), email: z.string(), profileId: z.string().nullable() }).nullable(),
  roles: z.array(z.enum(ROLES as [Role, ...Role[]])),
  csrfToken: z.string().nullable(),
  /** Curates a collection or community (so has a review queue without the curator role). */
  curatesCollections: z.boolean(),
});
export type SessionView = z.infer<typeof SessionView>;

/** What a step did: `check_your_email`, `verified`, `signed_out` (with how many sessions), `password_changed`… */
export const StepDone = z.object({ status: z.string(), sessions: z.number().int().optional() });

export const UserSummary = z.object({
  id: z.string(),
  email: z.string(),
  emailVerified: z.boolean(),
  status: z.enum(['active', 'disabled']),
  roles: z.array(z.enum(GRANTED_ROLES)),
  profileId: z.string().nullable(),
  name: z.string().nullable(),
  createdAt: z.string(),
  lockedUntil: z.string().nullable(),
});
export type UserSummary = z.infer<typeof UserSummary>;

export const RoleList = z.object({ roles: z.array(z.enum(GRANTED_ROLES)) });

export const OutboxMessage = z.object({
  id: z.string(),
  to: z.string(),
  subject: z.string(),
  body: z.string().nullable(),
  transport: z.enum(['outbox', 'smtp']),
  status: z.string(),
  error: z.string().nullable(),
  createdAt: z.string(),
});
export type OutboxMessage = z.infer<typeof OutboxMessage>;
