import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { GRANTED_ROLES, rolesOf } from '../hub/platform/access.js';
import * as accounts from '../hub/accounts/accounts.js';
import { networkSummary } from '../hub/directory/activity.js';
import { listAudit } from '../hub/platform/audit.js';
import { curatesCollections } from '../hub/library/collections.js';
import type { Hub } from '../hub/platform/context.js';
import { searchDirectory } from '../hub/directory/directory.js';
import { createOrganisation, getOrganisation, listOrganisations, updateOrganisation } from '../hub/directory/organisations.js';
import { getProfile, myProfile, updateProfile } from '../hub/directory/profiles.js';
import { taxonomies } from '../hub/taxonomy/taxonomy.js';
import { grantRole, listOutbox, listUsers, revokeRole } from '../hub/accounts/users.js';
import { SESSION_COOKIE } from './app.js';
import { registerLibraryRoutes } from './library-routes.js';
import { registerAnalysesRoutes } from './analyses-routes.js';
import { registerProgrammeRoutes } from './programme-routes.js';
import { registerEngagementRoutes } from './engagement-routes.js';
import { AuditRecord, CAREER_STAGES, DEFAULT_VISIBILITY, FACETS, ORGANISATION_TYPES, Paged } from '../hub/platform/model.js';
import { EmailChange, EmailOnly, OutboxMessage, PasswordChange, PasswordReset, RoleInput, RoleList, SessionView, SignIn, SignUp, StepDone, TokenInput, UserSummary } from '../hub/accounts/contract.js';
import { DirectoryQuery, DirectoryResult, NetworkSummary, OrganisationInput, OrganisationPage, OrganisationPatch, OrganisationQuery, OrganisationResult, OrganisationView, ProfilePatch, ProfileView } from '../hub/directory/contract.js';
import { TaxonomiesView } from '../hub/taxonomy/contract.js';
import { serviceChecked } from './service-checked.js';

type Api = FastifyInstance<any, any, any, any, ZodTypeProvider>;

export interface RouteOptions {
  hub: Hub;
  secureCookies: boolean;
  authRateLimit: number;
  ready: () => Promise<boolean>;
}

const Id = z.object({ id: z.string().max(100) });
const Paging = { page: z.coerce.number().int().min(1).max(100_000).optional(), pageSize: z.coerce.number().int().min(1).max(100).optional() };

/**
 * The HTTP routes: each one parses its input, calls one hub function with the viewer, and answers.
 * Permission checks and validation rules live in the hub functions.
 */
export async function registerRoutes(api: Api, o: RouteOptions): Promise<void> {
  const { hub } = o;
  const authLimit = { rateLimit: { max: o.authRateLimit, timeWindow: '1 minute' } };
  const setSession = (reply: FastifyReply, grant: accounts.SessionGrant) =>
    reply.setCookie(SESSION_COOKIE, grant.token, { httpOnly: true, sameSite: 'lax', secure: o.secureCookies, path: '/', signed: true, expires: grant.expiresAt });
  const meta = (request: FastifyRequest) => ({ ip: request.ip, userAgent: request.headers['user-agent'] });

  api.get('/health', { schema: { tags: ['system'], summary: 'The process is up', response: { 200: z.object({ status: z.literal('ok') }) } } }, async () => ({ status: 'ok' as const }));
  api.get('/ready', { schema: { tags: ['system'], summary: 'The database answers (503 when it does not)', response: { 200: z.object({ status: z.literal('ready') }), 503: z.object({ error: z.object({ code: z.literal('not_ready'), message: z.string() }) }) } } }, async (_req, reply) =>
    (await o.ready()) ? { status: 'ready' as const } : reply.status(503).send({ error: { code: 'not_ready', message: 'the database does not answer' } }),
  );
  api.get('/openapi.json', { schema: { hide: true } }, async () => api.swagger());

  // accounts
  api.get('/auth/session', { schema: { tags: ['accounts'], summary: 'Who is signed in, the CSRF token for writes, and whether they curate a community', response: { 200: SessionView } } }, async (request) => {
    const v = request.viewer;
    return v.kind === 'visitor'
      ? { user: null, roles: [...rolesOf(v)], csrfToken: null, curatesCollections: false }
      : { user: { id: v.userId, email: v.email, profileId: v.profileId }, roles: [...rolesOf(v)], csrfToken: request.session?.csrfToken ?? null, curatesCollections: await curatesCollections(hub, v) };
  });
  api.post('/auth/sign-up', { config: authLimit, schema: { tags: ['accounts'], summary: 'Create an account; a verification link is emailed', body: serviceChecked(SignUp), response: { 202: StepDone } } }, async (request, reply) => {
    await accounts.signUp(hub, request.body);
    return reply.status(202).send({ status: 'check_your_email' });
  });
  api.post('/auth/verify-email', { config: authLimit, schema: { tags: ['accounts'], summary: 'Confirm an address with the emailed token', body: serviceChecked(TokenInput), response: { 200: StepDone } } }, async (request) => {
    await accounts.verifyEmail(hub, request.body);
    return { status: 'verified' };
  });
  api.post('/auth/verify-email/resend', { config: authLimit, schema: { tags: ['accounts'], summary: 'Email a new verification link (same answer for any address)', body: serviceChecked(EmailOnly), response: { 202: StepDone } } }, async (request, reply) => {
    await accounts.resendVerification(hub, request.body);
    return reply.status(202).send({ status: 'check_your_email' });
  });
  api.post('/auth/sign-in', { config: authLimit, schema: { tags: ['accounts'], summary: 'Open a session (sets an httpOnly cookie)', body: serviceChecked(SignIn), response: { 200: SessionView } } }, async (request, reply) => {
    const grant = await accounts.signIn(hub, request.body, { ...meta(request), previousSessionToken: request.session?.token });
    setSession(reply, grant);
    const found = await accounts.viewerFromSession(hub, grant.token);
    const v = found!.viewer;
    return { user: v.kind === 'user' ? { id: v.userId, email: v.email, profileId: v.profileId } : null, roles: [...rolesOf(v)], csrfToken: grant.csrfToken, curatesCollections: await curatesCollections(hub, v) };
  });
  api.post('/auth/sign-out', { schema: { tags: ['accounts'], summary: 'Close this session', response: { 200: StepDone } } }, async (request, reply) => {
    if (request.session) await accounts.signOut(hub, request.session.token);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return { status: 'signed_out' };
  });
  api.post('/auth/sign-out-everywhere', { schema: { tags: ['accounts'], summary: 'Close every session of this account', response: { 200: StepDone } } }, async (request, reply) => {
    const n = await accounts.signOutEverywhere(hub, request.viewer);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return { status: 'signed_out', sessions: n };
  });
  api.post('/auth/password-reset/request', { config: authLimit, schema: { tags: ['accounts'], summary: 'Email a reset link (same answer for unknown addresses)', body: serviceChecked(EmailOnly), response: { 202: StepDone } } }, async (request, reply) => {
    await accounts.requestPasswordReset(hub, request.body);
    return reply.status(202).send({ status: 'check_your_email' });
  });
  api.post('/auth/password-reset/confirm', { config: authLimit, schema: { tags: ['accounts'], summary: 'Set a new password with the emailed token', body: serviceChecked(PasswordReset), response: { 200: StepDone } } }, async (request) => {
    await accounts.resetPassword(hub, request.body);
    return { status: 'password_changed' };
  });
  api.post('/auth/email-change/request', { config: authLimit, schema: { tags: ['accounts'], summary: 'Email a confirmation link to a new address', body: serviceChecked(EmailChange), response: { 202: StepDone } } }, async (request, reply) => {
    await accounts.requestEmailChange(hub, request.viewer, request.body);
    return reply.status(202).send({ status: 'check_your_email' });
  });
  api.post('/auth/email-change/confirm', { config: authLimit, schema: { tags: ['accounts'], summary: 'Switch to the new address with the emailed token', body: serviceChecked(TokenInput), response: { 200: StepDone } } }, async (request) => {
    await accounts.confirmEmailChange(hub, request.body);
    return { status: 'email_changed' };
  });
  api.post('/auth/password', { config: authLimit, schema: { tags: ['accounts'], summary: 'Change the password (other sessions are closed)', body: serviceChecked(PasswordChange), response: { 200: StepDone } } }, async (request) => {
    await accounts.changePassword(hub, request.viewer, request.body, request.session?.token);
    return { status: 'password_changed' };
  });

  // reference data and the home page
  api.get('/taxonomies', { schema: { tags: ['reference'], summary: 'Disciplines, sectors, regions, themes, organisation types, career stages', response: { 200: TaxonomiesView } } }, async () => {
    const all = await taxonomies(hub);
    return {
      discipline: all.discipline,
      sector: all.sector,
      region: all.region,
      theme: all.theme,
      technology: all.technology,
      audience: all.audience,
      organisationType: Object.entries(ORGANISATION_TYPES).map(([code, label]) => ({ code, label })),
      careerStage: Object.entries(CAREER_STAGES).map(([code, label]) => ({ code, label })),
      facets: [...FACETS],
      profileFields: Object.keys(DEFAULT_VISIBILITY),
      roles: [...GRANTED_ROLES],
    };
  });
  api.get('/summary', { schema: { tags: ['directory'], summary: 'Network size and latest activity', response: { 200: NetworkSummary } } }, async (request) => networkSummary(hub, request.viewer));

  // directory and profiles
  api.get('/directory', { schema: { tags: ['directory'], summary: 'Search members (full text + facets, with counts)', querystring: DirectoryQuery, response: { 200: DirectoryResult } } }, async (request) =>
    searchDirectory(hub, request.viewer, request.query),
  );
  api.get('/me/profile', { schema: { tags: ['directory'], summary: 'My own profile, with its settings', response: { 200: ProfileView } } }, async (request) => myProfile(hub, request.viewer));
  api.get('/profiles/:id', { schema: { tags: ['directory'], summary: 'A member, as the viewer may see them', params: Id, response: { 200: ProfileView } } }, async (request) => getProfile(hub, request.viewer, request.params.id));
  api.patch('/profiles/:id', { schema: { tags: ['directory'], summary: 'Edit a profile (own, or any for administrators)', params: Id, body: ProfilePatch, response: { 200: ProfileView } } }, async (request) =>
    updateProfile(hub, request.viewer, request.params.id, request.body),
  );

  // organisations
  api.get('/organisations', { schema: { tags: ['organisations'], summary: 'Search organisations by name, with type, region and country facets and counts', querystring: OrganisationQuery, response: { 200: OrganisationResult } } }, async (request) =>
    listOrganisations(hub, request.viewer, request.query),
  );
  api.post('/organisations', { schema: { tags: ['organisations'], summary: 'Add an organisation', body: serviceChecked(OrganisationInput), response: { 201: OrganisationView } } }, async (request, reply) =>
    reply.status(201).send(await createOrganisation(hub, request.viewer, request.body)),
  );
  api.get('/organisations/:id', { schema: { tags: ['organisations'], summary: 'An organisation and its members', params: Id, response: { 200: OrganisationPage } } }, async (request) => getOrganisation(hub, request.viewer, request.params.id));
  api.patch('/organisations/:id', { schema: { tags: ['organisations'], summary: 'Edit an organisation (programme managers, administrators)', params: Id, body: serviceChecked(OrganisationPatch), response: { 200: OrganisationView } } }, async (request) =>
    updateOrganisation(hub, request.viewer, request.params.id, request.body),
  );

  // administration
  api.get('/admin/users', { schema: { tags: ['admin'], summary: 'Accounts and their roles', querystring: z.object({ q: z.string().max(200).optional(), role: z.string().max(40).optional(), ...Paging }), response: { 200: Paged(UserSummary) } } }, async (request) =>
    listUsers(hub, request.viewer, request.query),
  );
  api.post('/admin/users/:id/roles', { schema: { tags: ['admin'], summary: 'Grant a role', params: Id, body: serviceChecked(RoleInput), response: { 200: RoleList } } }, async (request) => ({
    roles: await grantRole(hub, request.viewer, request.params.id, request.body),
  }));
  api.delete('/admin/users/:id/roles/:role', { schema: { tags: ['admin'], summary: 'Revoke a role', params: z.object({ id: z.string().max(100), role: z.string().max(40) }), response: { 200: RoleList } } }, async (request) => ({
    roles: await revokeRole(hub, request.viewer, request.params.id, { role: request.params.role }),
  }));
  api.get('/admin/audit', { schema: { tags: ['admin'], summary: 'The audit log, newest first', querystring: z.object({ action: z.string().max(100).optional(), ...Paging }), response: { 200: Paged(AuditRecord) } } }, async (request) =>
    listAudit(hub, request.viewer, request.query),
  );
  api.get('/admin/outbox', { schema: { tags: ['admin'], summary: 'Email written to the outbox', querystring: z.object({ to: z.string().max(254).optional(), ...Paging }), response: { 200: Paged(OutboxMessage) } } }, async (request) =>
    listOutbox(hub, request.viewer, request.query),
  );

  await registerLibraryRoutes(api, hub);
  await registerAnalysesRoutes(api, hub);
  await registerProgrammeRoutes(api, hub);
  await registerEngagementRoutes(api, hub);
}
