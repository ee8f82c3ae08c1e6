import { ENGAGEMENT_ROUTE } from '../helpers/events.js';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { ROLES, VISITOR, type GrantedRole, type Role, type Viewer } from '../../src/hub/platform/access.js';
import { uploadAttachment } from '../../src/hub/library/attachments.js';
import { createCollection } from '../../src/hub/library/collections.js';
import { archiveItem, createItem, reviewItem, submitItem } from '../../src/hub/library/library.js';
import { saveSearch } from '../../src/hub/library/library-search.js';
import { updateProfile } from '../../src/hub/directory/profiles.js';
import type { Hub } from '../../src/hub/platform/context.js';
import { seedExamples } from '../../src/hub/seed.js';
import { ensureBundledDatasets, loadDataset, uploadDataset } from '../../src/hub/datasets/datasets.js';
import { NETWORK_ANALYSES, REGION_ANALYSES } from '../../src/hub/analyses/contract.js';
import { submitAnalysisJob } from '../../src/hub/analyses/analyses.js';
import { buildApp, LOG_SERIALIZERS, SESSION_COOKIE } from '../../src/server/app.js';
import { BACKENDS, freshHub, linkToken, newMember, PASSWORD, type Backend } from '../helpers/db.js';
import { assertRouteAsEveryRole, sessionFor, type MatrixEntry } from '../helpers/matrix.js';

const SECRET = 'test-session-secret-test-session-secret';

async function appFor(hub: Hub, authRateLimit = 100_000, log?: Writable): Promise<FastifyInstance> {
  return buildApp({
    hub,
    sessionSecret: SECRET,
    authRateLimit,
    logger: log ? { level: 'info', serializers: LOG_SERIALIZERS, stream: log, redact: { paths: ['req.headers.cookie', '*.password', '*.token'], censor: '[redacted]' } } : false,
  });
}


type PerRole = Partial<Record<Role, string>>;
type Ctx = {
  users: Record<Role, { userId: string; profileId: string; email: string }>;
  otherProfile: string;
  otherUser: string;
  org: string;
  /** Library fixtures: a published item with a file, a collection, and per-role items in the states each route needs. */
  item: string;
  file: string;
  drafts: PerRole;
  editable: PerRole;
  files: PerRole;
  submitted: PerRole;
  published: PerRole;
  archived: PerRole;
  doomed: PerRole;
  saved: PerRole;
  /** Data sets: one each role may edit (its own, or any for managers; another's members-only one otherwise), one to delete. */
  datasetEditable: PerRole;
  datasetDoomed: PerRole;
  /** Two co-authors of the bundled Web of Science records, by actor id. */
  coauthors: [string, string];
  /** An analysis job of a public data set. */
  job: string;
};
type Entry = MatrixEntry<Ctx>;
const CURATORS: readonly Role[] = ['curator', 'administrator'];

const EVERYONE = ROLES;
const UPLOADERS: readonly Role[] = ['analyst', 'programme_manager', 'administrator'];
/** A region × activity table small enough to read in an instant. */
const TINY_TABLE = 'region,activity,value\nA,x,10\nA,y,1\nB,x,2\nB,y,8\nC,x,5\nC,y,5\n';
/** Each analysis's required options on the bundled data sets. */
const REGION_QUERY: Record<string, string> = {
  specialisation: 'region=West%20Midlands',
  opportunities: 'region=West%20Midlands&top=5',
  pswot: 'region=TLG3',
  target: 'region=West%20Midlands&activities=30',
  partners: 'region=West%20Midlands&target=30',
  similar: 'region=West%20Midlands',
  comparison: 'regions=West%20Midlands,Greater%20Manchester',
};
const NETWORK_QUERY: Record<string, string> = {
  graph: 'level=country',
  metrics: 'level=country',
  communities: 'level=organisation',
  brokerage: 'level=person&attribute=country&report=network',
  themes: 'keywords=all',
};
const MEMBERS = ROLES.filter((r) => r !== 'visitor');

/**
 * Every API route × every role. Allowed: a 2xx (or `expect`); refused: 401 for a visitor, 403 for
 * a signed-in user. The list must name every registered route.
 */
const MATRIX: Record<string, Entry> = {
  'GET /api/health': { allowed: EVERYONE },
  'GET /api/ready': { allowed: EVERYONE },
  'GET /api/openapi.json': { allowed: EVERYONE },
  'GET /api/auth/session': { allowed: EVERYONE },
  'POST /api/auth/sign-up': { allowed: EVERYONE, body: () => ({ email: `new-${randomBytes(4).toString('hex')}@example.org`, password: PASSWORD, name: 'New' }) },
  'POST /api/auth/verify-email': { allowed: EVERYONE, body: () => ({ token: 'bogus' }), expect: 400 },
  'POST /api/auth/verify-email/resend': { allowed: EVERYONE, body: () => ({ email: 'someone@example.org' }) },
  'POST /api/auth/sign-in': { allowed: EVERYONE, body: (c, r) => ({ email: c.users[r].email, password: PASSWORD }) },
  'POST /api/auth/sign-out': { allowed: EVERYONE },
  'POST /api/auth/sign-out-everywhere': { allowed: MEMBERS },
  'POST /api/auth/password-reset/request': { allowed: EVERYONE, body: () => ({ email: 'someone@example.org' }) },
  'POST /api/auth/password-reset/confirm': { allowed: EVERYONE, body: () => ({ token: 'bogus', password: PASSWORD }), expect: 400 },
  'POST /api/auth/email-change/request': { allowed: MEMBERS, body: (_c, r) => ({ newEmail: `${r}-${randomBytes(3).toString('hex')}@example.net`, password: PASSWORD }) },
  'POST /api/auth/email-change/confirm': { allowed: EVERYONE, body: () => ({ token: 'bogus' }), expect: 400 },
  'POST /api/auth/password': { allowed: MEMBERS, body: () => ({ currentPassword: PASSWORD, newPassword: PASSWORD }) },
  'GET /api/taxonomies': { allowed: EVERYONE },
  'GET /api/summary': { allowed: EVERYONE },
  'GET /api/directory': { allowed: EVERYONE, url: () => '/api/directory?q=robot&region=TLG' },
  'GET /api/me/profile': { allowed: MEMBERS },
  'GET /api/profiles/:id': { allowed: EVERYONE, url: (c) => `/api/profiles/${c.otherProfile}` },
  'PATCH /api/profiles/:id': { allowed: ['administrator'], url: (c) => `/api/profiles/${c.otherProfile}`, body: () => ({ jobTitle: 'Edited' }) },
  'GET /api/organisations': { allowed: EVERYONE },
  'POST /api/organisations': { allowed: MEMBERS, body: (_c, r) => ({ name: `Org of ${r}`, type: 'business', country: 'GB' }) },
  'GET /api/organisations/:id': { allowed: EVERYONE, url: (c) => `/api/organisations/${c.org}` },
  'PATCH /api/organisations/:id': { allowed: ['programme_manager', 'administrator'], url: (c) => `/api/organisations/${c.org}`, body: () => ({ website: 'https://example.org' }) },
  'GET /api/admin/users': { allowed: ['administrator'] },
  'POST /api/admin/users/:id/roles': { allowed: ['administrator'], url: (c) => `/api/admin/users/${c.otherUser}/roles`, body: () => ({ role: 'reviewer' }) },
  'DELETE /api/admin/users/:id/roles/:role': { allowed: ['administrator'], url: (c) => `/api/admin/users/${c.otherUser}/roles/reviewer` },
  'GET /api/admin/audit': { allowed: ['administrator'] },
  'GET /api/admin/outbox': { allowed: ['administrator'] },
  'GET /api/library/vocabulary': { allowed: EVERYONE },
  'GET /api/library': { allowed: EVERYONE, url: () => '/api/library?q=robot&theme=skills&type=report' },
  'GET /api/library/export': { allowed: EVERYONE, url: () => '/api/library/export?format=json&theme=skills' },
  'GET /api/library/featured': { allowed: EVERYONE },
  'PUT /api/library/featured/:id': { allowed: CURATORS, url: (c) => `/api/library/featured/${c.item}` },
  'DELETE /api/library/featured/:id': { allowed: CURATORS, url: (c) => `/api/library/featured/${c.item}` },
  'GET /api/library/queue': { allowed: CURATORS },
  'GET /api/library/mine': { allowed: MEMBERS },
  'POST /api/library/items': { allowed: MEMBERS, body: (_c, r) => ({ type: 'story', title: `A story by ${r}`, summary: 'Told.' }) },
  'GET /api/library/items/:id': { allowed: EVERYONE, url: (c) => `/api/library/items/${c.item}` },
  'PATCH /api/library/items/:id': { allowed: CURATORS, url: (c) => `/api/library/items/${c.item}`, body: (_c, r) => ({ keywords: [`edited by ${r}`] }) },
  'DELETE /api/library/items/:id': { allowed: ['administrator'], url: (c, r) => `/api/library/items/${c.doomed[r] ?? c.item}` },
  'POST /api/library/items/:id/submit': { allowed: MEMBERS, url: (c, r) => `/api/library/items/${c.drafts[r] ?? c.item}/submit` },
  'POST /api/library/items/:id/review': { allowed: CURATORS, denied: 404, url: (c, r) => `/api/library/items/${c.submitted[r] ?? c.item}/review`, body: () => ({ decision: 'request_changes', reason: 'More.' }) },
  'POST /api/library/items/:id/archive': { allowed: CURATORS, url: (c, r) => `/api/library/items/${c.published[r] ?? c.item}/archive` },
  'POST /api/library/items/:id/restore': { allowed: CURATORS, denied: 404, url: (c, r) => `/api/library/items/${c.archived[r] ?? c.item}/restore` },
  'GET /api/library/items/:id/versions': { allowed: EVERYONE, url: (c) => `/api/library/items/${c.item}/versions` },
  'GET /api/library/items/:id/compare': { allowed: EVERYONE, url: (c) => `/api/library/items/${c.item}/compare?from=1&to=1` },
  'GET /api/library/items/:id/similar': { allowed: EVERYONE, url: (c) => `/api/library/items/${c.item}/similar` },
  'GET /api/library/items/:id/citation': { allowed: EVERYONE, url: (c) => `/api/library/items/${c.item}/citation?format=ris` },
  'POST /api/library/items/:id/attachments': {
    allowed: MEMBERS,
    url: (c, r) => `/api/library/items/${c.editable[r] ?? c.item}/attachments?filename=notes.txt`,
    body: () => Buffer.from('plain notes\n'),
    headers: { 'content-type': 'application/octet-stream' },
  },
  'GET /api/library/attachments/:id': { allowed: EVERYONE, url: (c) => `/api/library/attachments/${c.file}` },
  'DELETE /api/library/attachments/:id': { allowed: MEMBERS, url: (c, r) => `/api/library/attachments/${c.files[r] ?? c.file}` },
  'GET /api/library/collections': { allowed: EVERYONE },
  'POST /api/library/collections': { allowed: CURATORS, body: (_c, r) => ({ slug: `of-${r.replace(/_/g, '-')}`, title: `Collection of ${r}` }) },
  'GET /api/library/collections/:slug': { allowed: EVERYONE, url: () => '/api/library/collections/story-bank' },
  'PATCH /api/library/collections/:slug': { allowed: CURATORS, url: () => '/api/library/collections/story-bank', body: () => ({ description: 'Stories.' }) },
  'GET /api/library/feeds/library.:format': { allowed: EVERYONE, url: () => '/api/library/feeds/library.atom' },
  'GET /api/library/feeds/collections/:slug.:format': { allowed: EVERYONE, url: () => '/api/library/feeds/collections/story-bank.rss' },
  'GET /api/library/feeds/themes/:code.:format': { allowed: EVERYONE, url: () => '/api/library/feeds/themes/skills.atom' },
  'GET /api/me/saved-searches': { allowed: MEMBERS },
  'POST /api/me/saved-searches': { allowed: MEMBERS, body: () => ({ name: 'Robots', query: { q: 'robot' } }) },
  'DELETE /api/me/saved-searches/:id': { allowed: MEMBERS, url: (c, r) => `/api/me/saved-searches/${c.saved[r] ?? '00000000-0000-4000-8000-000000000000'}` },
  'GET /api/taxonomies/:taxonomy/terms': { allowed: CURATORS, url: () => '/api/taxonomies/theme/terms' },
  'PUT /api/taxonomies/:taxonomy/terms': { allowed: CURATORS, url: () => '/api/taxonomies/technology/terms', body: (_c, r) => ({ code: `tech-${r.replace(/_/g, '-')}`, label: `Tech of ${r}` }) },
  'GET /api/datasets': { allowed: EVERYONE },
  'POST /api/datasets': { allowed: UPLOADERS, body: (_c, r) => ({ title: `Table of ${r}`, kind: 'regions', files: [{ role: 'data', filename: 'table.csv', content: Buffer.from(TINY_TABLE).toString('base64') }] }) },
  'GET /api/datasets/:dataset': { allowed: EVERYONE, url: () => '/api/datasets/uk-bres-itl2-sic2' },
  'PATCH /api/datasets/:dataset': { allowed: UPLOADERS, url: (c, r) => `/api/datasets/${c.datasetEditable[r] ?? c.datasetEditable.member}`, body: (_c, r) => ({ description: `Described by ${r}` }) },
  'DELETE /api/datasets/:dataset': { allowed: UPLOADERS, url: (c, r) => `/api/datasets/${c.datasetDoomed[r] ?? c.datasetEditable.member}` },
  'POST /api/datasets/:dataset/versions': {
    allowed: UPLOADERS,
    url: (c, r) => `/api/datasets/${c.datasetEditable[r] ?? c.datasetEditable.member}/versions`,
    body: () => ({ files: [{ role: 'data', filename: 'table.csv', content: Buffer.from(TINY_TABLE).toString('base64') }] }),
  },
  'GET /api/jobs/:id': { allowed: EVERYONE, url: (c) => `/api/jobs/${c.job}` },
  'DELETE /api/jobs/:id': { allowed: EVERYONE, url: (c) => `/api/jobs/${c.job}` },
  'GET /api/datasets/:dataset/graph.:format': { allowed: EVERYONE, url: () => '/api/datasets/wos-bibliometrix-300/graph.gexf?level=country' },
  ...Object.fromEntries(
    Object.keys(REGION_ANALYSES).flatMap((name) => {
      const url = () => `/api/analyses/uk-bres-itl2-sic2/${name}?${REGION_QUERY[name] ?? ''}`;
      return [
        [`GET /api/analyses/:dataset/${name}`, { allowed: EVERYONE, url }],
        [`GET /api/analyses/:dataset/${name}.csv`, { allowed: EVERYONE, url: () => url().replace(`/${name}?`, `/${name}.csv?`) }],
        [`POST /api/analyses/:dataset/${name}/jobs`, { allowed: EVERYONE, url: () => url().replace(`/${name}?`, `/${name}/jobs?`) }],
      ];
    }),
  ),
  ...Object.fromEntries(
    Object.keys(NETWORK_ANALYSES).flatMap((name) => {
      const url = (c: Ctx) => `/api/analyses/wos-bibliometrix-300/${name}?${name === 'proximities' ? `a=${encodeURIComponent(c.coauthors[0])}&b=${encodeURIComponent(c.coauthors[1])}` : (NETWORK_QUERY[name] ?? '')}`;
      return [
        [`GET /api/analyses/:dataset/${name}`, { allowed: EVERYONE, url }],
        [`GET /api/analyses/:dataset/${name}.csv`, { allowed: EVERYONE, url: (c: Ctx) => url(c).replace(`/${name}?`, `/${name}.csv?`) }],
        [`POST /api/analyses/:dataset/${name}/jobs`, { allowed: EVERYONE, url: (c: Ctx) => url(c).replace(`/${name}?`, `/${name}/jobs?`) }],
      ];
    }),
  ),
};
/**
 * Routes the matrix leaves out on purpose: the static files of the API docs page (public, read-only), and the
 * programme's routes, which test/server/programmes-api.test.ts holds in a matrix of their own (with the conflicts), and
 * the knowledge exchange programme's, in test/server/engagement-api.test.ts.
 */
const NOT_API = (url: string) => url === '/api/docs' || url.startsWith('/api/docs/') || url.startsWith('/api/programmes/') || ENGAGEMENT_ROUTE(url);

/** The library items, files, collection and saved searches the matrix's library routes act on. */
async function libraryFixtures(hub: Hub, users: Ctx['users']) {
  const viewerOf = (r: Role): Viewer =>
    r === 'visitor' ? VISITOR : { kind: 'user', userId: users[r].userId, profileId: users[r].profileId, email: users[r].email, roles: new Set(r === 'member' ? [] : [r as GrantedRole]) };
  const curator = viewerOf('curator');
  const author = (await newMember(hub, 'author@example.org', 'An Author')).viewer; // curators do not decide on items they wrote
  const publish = async (title: string) => {
    const it = await createItem(hub, author, { type: 'report', title, summary: `${title}: a summary.`, themes: ['skills'] });
    await submitItem(hub, author, it.id);
    await reviewItem(hub, curator, it.id, { decision: 'accept' });
    return it.id;
  };
  const item = await publish('Robot skills report');
  const file = (await uploadAttachment(hub, curator, item, 'data.csv', Buffer.from('a,b\n1,2\n'))).id;
  const out = { item, file, drafts: {} as PerRole, editable: {} as PerRole, files: {} as PerRole, submitted: {} as PerRole, published: {} as PerRole, archived: {} as PerRole, doomed: {} as PerRole, saved: {} as PerRole };
  for (const r of ROLES) {
    out.published[r] = await publish(`Published for ${r}`);
    out.doomed[r] = await publish(`To delete for ${r}`);
    const archived = await publish(`Archived for ${r}`);
    await archiveItem(hub, curator, archived, true);
    out.archived[r] = archived;
    out.submitted[r] = (await createItem(hub, author, { type: 'story', title: `Submitted for ${r}`, summary: 'S.' })).id;
    await submitItem(hub, author, out.submitted[r]!);
    if (r === 'visitor') continue;
    const v = viewerOf(r);
    out.drafts[r] = (await createItem(hub, v, { type: 'story', title: `Draft of ${r}`, summary: 'D.' })).id;
    out.editable[r] = (await createItem(hub, v, { type: 'story', title: `Editable of ${r}`, summary: 'E.' })).id;
    out.files[r] = (await uploadAttachment(hub, v, out.editable[r]!, 'own.txt', Buffer.from('mine\n'))).id;
    out.saved[r] = (await saveSearch(hub, v, { name: 'Mine', query: { q: 'mine' } })).id;
  }
  await createCollection(hub, curator, { slug: 'story-bank', title: 'Story bank', itemIds: [item] });
  // data sets: the analyst's members-only table (others see it and may not edit it) and one per uploader
  await ensureBundledDatasets(hub.db);
  const upload = async (r: Role, title: string, visibility = 'private') =>
    (await uploadDataset(hub, viewerOf(r), { title, kind: 'regions', visibility, files: [{ role: 'data', filename: 'table.csv', content: Buffer.from(TINY_TABLE).toString('base64') }] })).id;
  const datasetEditable: PerRole = {};
  const datasetDoomed: PerRole = {};
  const shared = await upload('analyst', 'Shared table', 'members');
  for (const r of ROLES) {
    if (UPLOADERS.includes(r)) {
      datasetEditable[r] = r === 'programme_manager' ? shared : await upload(r, `Editable of ${r}`);
      datasetDoomed[r] = await upload(r, `Doomed of ${r}`);
    } else datasetEditable[r] = shared;
  }
  const wos = (await loadDataset(hub, VISITOR, 'wos-bibliometrix-300')).dataset;
  assert.equal(wos.kind, 'records');
  const first = wos.kind === 'records' ? wos.records.participations.filter((p) => p.activity === wos.records.participations[0].activity) : [];
  const coauthors: [string, string] = [first[0].actor, first[1].actor];
  const job = (await submitAnalysisJob(hub, VISITOR, 'uk-bres-itl2-sic2', 'specialisation', { region: 'TLG3' })).id;
  return { ...out, datasetEditable, datasetDoomed, coauthors, job };
}

for (const backend of BACKENDS) describe(`HTTP API (${backend})`, () => httpApi(backend));

/** The API's tests, the permission matrix first, on one database backend. */
function httpApi(backend: Backend): void {
  let ctx: Awaited<ReturnType<typeof freshHub>>;
  let app: FastifyInstance;
  let c: Ctx;

  before(async () => {
    ctx = await freshHub(backend);
    const { hub } = ctx;
    await hub.db.transaction().execute((tx) => seedExamples(tx, 7, 20));
    app = await appFor(hub);
    const users = {} as Ctx['users'];
    for (const role of ROLES) {
      const email = `${role}@example.org`;
      const { viewer } = await newMember(hub, email, `The ${role}`);
      if (role !== 'visitor' && role !== 'member') await hub.db.insertInto('user_roles').values({ user_id: viewer.userId, role, granted_by: null }).execute();
      users[role] = { userId: viewer.userId, profileId: viewer.profileId!, email };
    }
    const other = await newMember(hub, 'other@example.org', 'Other Person');
    const org = await hub.db.selectFrom('organisations').select('id').executeTakeFirstOrThrow();
    c = { users, otherProfile: other.viewer.profileId!, otherUser: other.viewer.userId, org: org.id, ...(await libraryFixtures(hub, users)) };
  });
  after(async () => {
    await app.close();
    await ctx.database.close();
  });

  test('the permission matrix names every API route', () => {
    const registered = app.routeList.filter((r) => r.url.startsWith('/api/') && !NOT_API(r.url)).map((r) => `${r.method} ${r.url}`);
    assert.deepEqual([...new Set(registered)].sort(), Object.keys(MATRIX).sort());
  });

  for (const [route, entry] of Object.entries(MATRIX)) {
    test(`permissions: ${route}`, () => assertRouteAsEveryRole(ctx.hub, app, route, entry, c, (role) => c.users[role].userId));
  }

  test("every role against another member's private, members-only and public fields", async () => {
    // a biography only its owner (and administrators) may read, an ORCID for members, a job title for all
    const owner = await newMember(ctx.hub, `private-${backend}@example.org`, 'Private Person');
    await updateProfile(ctx.hub, owner.viewer, owner.viewer.profileId!, { bio: 'Private biography.', orcid: '0000-0002-1825-0097', jobTitle: 'Engineer', visibility: { bio: 'private', orcid: 'members', jobTitle: 'public' } });
    for (const role of ROLES) {
      const headers: Record<string, string> = {};
      if (role !== 'visitor') headers.cookie = (await sessionFor(ctx.hub, app, c.users[role].userId)).cookie;
      const res = await app.inject({ method: 'GET', url: `/api/profiles/${owner.viewer.profileId}`, headers });
      assert.equal(res.statusCode, 200, `${role}: ${res.body}`);
      const view = res.json();
      const admin = role === 'administrator';
      assert.equal(view.jobTitle, 'Engineer', role);
      assert.equal(view.orcid, role === 'visitor' ? undefined : '0000-0002-1825-0097', role);
      assert.equal(view.bio, admin ? 'Private biography.' : undefined, role);
      assert.equal(view.settings !== undefined, admin, `${role}: settings`);
      assert.equal(view.canEdit, admin, `${role}: canEdit`);
    }
  });

  test("deleting or editing another member's resources: refused to all but those whose role allows it", async () => {
    // a member's own file on their draft, saved search and profile, tried by every other signed-in role
    const { viewer } = await newMember(ctx.hub, `owner-${backend}@example.org`, 'Owner Person');
    const draft = await createItem(ctx.hub, viewer, { type: 'story', title: 'A draft with a file', summary: 'D.' });
    const mine = {
      file: (await uploadAttachment(ctx.hub, viewer, draft.id, 'notes.txt', Buffer.from('notes\n'))).id,
      saved: (await saveSearch(ctx.hub, viewer, { name: 'Mine', query: { q: 'mine' } })).id,
      profile: viewer.profileId!,
    };
    for (const role of ['reviewer', 'programme_manager', 'curator', 'administrator'] as const) {
      const s = await sessionFor(ctx.hub, app, c.users[role].userId);
      const headers = { cookie: s.cookie, 'x-csrf-token': s.csrf };
      const file = await app.inject({ method: 'DELETE', url: `/api/library/attachments/${mine.file}`, headers });
      const saved = await app.inject({ method: 'DELETE', url: `/api/me/saved-searches/${mine.saved}`, headers });
      const profile = await app.inject({ method: 'PATCH', url: `/api/profiles/${mine.profile}`, headers, payload: { jobTitle: `Set by ${role}` } });
      // a saved search is its owner's alone: another's is not found, whatever the role
      assert.equal(saved.statusCode, 404, `${role} saved search: ${saved.body}`);
      // a profile: its owner and administrators edit it
      assert.equal(profile.statusCode, role === 'administrator' ? 200 : 403, `${role} profile: ${profile.body}`);
      // a file on a draft: its author and curators remove it. The reviewer and the programme manager do not see the
      // draft (404); the curator's 204 then shows the file was still there; the administrator finds it gone
      const want = role === 'curator' ? [204] : [404];
      assert.ok(want.includes(file.statusCode), `${role} attachment: ${file.statusCode} ${file.body}`);
    }
    // the saved search is still there for its owner
    const own = await sessionFor(ctx.hub, app, viewer.userId);
    const list = await app.inject({ method: 'GET', url: '/api/me/saved-searches', headers: { cookie: own.cookie } });
    assert.ok(list.json().some((x: { id: string }) => x.id === mine.saved));
  });

  test('uploads over HTTP: the size limit, the sniffed type, and downloads that cannot run in the app', async () => {
    const small = await appFor({ ...ctx.hub, uploadLimit: 64 });
    try {
      const s = await sessionFor(ctx.hub, small, c.users.member.userId);
      const headers = { cookie: s.cookie, 'x-csrf-token': s.csrf, 'content-type': 'application/pdf' };
      const url = `/api/library/items/${c.editable.member}/attachments?filename=big.txt`;
      let res = await small.inject({ method: 'POST', url, headers, payload: Buffer.alloc(65, 'a') });
      assert.equal(res.statusCode, 413);
      res = await small.inject({ method: 'POST', url: url.replace('big.txt', 'claims.pdf'), headers, payload: Buffer.from('just text\n') });
      assert.equal(res.statusCode, 400, res.body); // says PDF, is text: the bytes decide
      assert.equal(res.json().error.details.issues[0].field, 'filename');
      res = await small.inject({ method: 'POST', url: url.replace('big.txt', '..%2F..%2Fetc%2Fpasswd.txt'), headers, payload: Buffer.from('root\n') });
      assert.equal(res.statusCode, 201, res.body);
      assert.equal(res.json().filename, 'passwd.txt');
      const get = await small.inject({ method: 'GET', url: `/api/library/attachments/${c.file}` });
      assert.equal(get.statusCode, 200);
      assert.equal(get.headers['content-type'], 'text/csv');
      assert.match(String(get.headers['content-disposition']), /^attachment; filename="data\.csv"/);
      assert.equal(get.headers['content-security-policy'], "default-src 'none'; sandbox");
      assert.equal(get.headers['x-content-type-options'], 'nosniff');
    } finally {
      await small.close();
    }
  });

  test('bad input: 400 naming the field, never a 500', async () => {
    const s = await sessionFor(ctx.hub, app, c.users.member.userId);
    const headers = { cookie: s.cookie, 'x-csrf-token': s.csrf };
    const patch = (payload: string | object) => app.inject({ method: 'PATCH', url: `/api/profiles/${c.users.member.profileId}`, headers: { ...headers, 'content-type': 'application/json' }, payload });
    let res = await patch({ orcid: '0000-0002-1825-0098' });
    assert.equal(res.statusCode, 400);
    assert.equal(res.json().error.details.issues[0].field, 'orcid');
    res = await patch({ links: [{ label: 'x', url: 'ftp://x' }] });
    assert.equal(res.json().error.details.issues[0].field, 'links.0.url'.replace('.0', '[0]'));
    res = await patch({ favouriteColour: 'blue' });
    assert.equal(res.statusCode, 400);
    res = await patch('{"name": ');
    assert.equal(res.statusCode, 400);
    assert.equal(res.json().error.code, 'bad_request');
    res = await app.inject({ method: 'GET', url: '/api/directory?pageSize=100000' });
    assert.equal(res.statusCode, 400);
    assert.equal(res.json().error.details.issues[0].field, 'pageSize');
    res = await app.inject({ method: 'GET', url: '/api/profiles/not-a-uuid' });
    assert.equal(res.statusCode, 404);
    res = await app.inject({ method: 'GET', url: '/api/nowhere' });
    assert.deepEqual(Object.keys(res.json().error).sort(), ['code', 'message']);
  });

  test('NUL and unpaired surrogates: 400 naming the field on every route that takes a string (query, path, body)', async () => {
    const s = await sessionFor(ctx.hub, app, c.users.administrator.userId);
    const headers = { cookie: s.cookie, 'x-csrf-token': s.csrf };
    const check = async (route: string, how: string, res: { statusCode: number; body: string }, field: string) => {
      assert.equal(res.statusCode, 400, `${route} (${how}): ${res.statusCode} ${res.body.slice(0, 200)}`);
      const issue = JSON.parse(res.body).error.details.issues[0];
      assert.equal(issue.field, field, `${route} (${how})`);
      assert.match(issue.message, /NUL character|unpaired surrogate/);
    };
    let requests = 0;
    for (const [route, entry] of Object.entries(MATRIX)) {
      const [method, pattern] = route.split(' ') as ['GET', string];
      const url = entry.url?.(c, 'administrator') ?? pattern;
      // every route reads a query string: a NUL there (a URL cannot carry an unpaired surrogate: it is UTF-8)
      await check(route, 'query', await app.inject({ method, url: `${url}${url.includes('?') ? '&' : '?'}text=a%00b`, headers: { ...headers, ...entry.headers }, ...(entry.body && { payload: entry.body(c, 'administrator') as object }) }), 'text');
      requests++;
      // a path parameter
      if (pattern.includes('/:')) {
        const bad = pattern.replace(/:(\w+)(\.:format)?/, (_m, _p, format) => `x%00y${format ? '.atom' : ''}`);
        const res = await app.inject({ method, url: bad, headers: { ...headers, ...entry.headers }, ...(entry.body && { payload: entry.body(c, 'administrator') as object }) });
        await check(route, 'path', res, /:(\w+)/.exec(pattern)![1]);
        requests++;
      }
      // each string field of a JSON body, with each bad string
      const body = entry.body?.(c, 'administrator');
      if (body && typeof body === 'object' && !Buffer.isBuffer(body)) {
        for (const [key, value] of Object.entries(body as Record<string, unknown>)) {
          if (typeof value !== 'string') continue;
          for (const bad of ['a\u0000b', 'a\ud800b', '\udc00']) {
            const res = await app.inject({ method, url, headers: { ...headers, 'content-type': 'application/json' }, payload: JSON.stringify({ ...(body as object), [key]: bad }) });
            await check(route, `body ${key} ${JSON.stringify(bad)}`, res, key);
            requests++;
          }
        }
        // nested: a string inside an array or an object
        const res = await app.inject({ method, url, headers: { ...headers, 'content-type': 'application/json' }, payload: JSON.stringify({ ...(body as object), extra: [{ deep: 'x\ud83dy' }] }) });
        await check(route, 'nested', res, 'extra[0].deep');
        requests++;
      }
    }
    assert.ok(requests > 100, `${requests} requests`);
    // the database's own refusal of such a value is a 400 too, not a 500
    const { errorHandler } = await import('../../src/server/errors.js');
    let sent: { status?: number; body?: { error: { code: string } } } = {};
    const reply = { status(n: number) { sent.status = n; return reply; }, type() { return reply; }, send(b: { error: { code: string } }) { sent.body = b; return reply; }, header() { return reply; } };
    errorHandler(Object.assign(new Error('invalid byte sequence for encoding "UTF8": 0x00'), { code: '22021' }), { log: { warn() {}, error() {} } } as never, reply as never);
    assert.equal(sent.status, 400);
    assert.equal(sent.body!.error.code, 'validation');
    sent = {};
  });

  test('CSRF: a cookie-authenticated write needs the session token header and our origin', async () => {
    const s = await sessionFor(ctx.hub, app, c.users.member.userId);
    const url = `/api/profiles/${c.users.member.profileId}`;
    let res = await app.inject({ method: 'PATCH', url, headers: { cookie: s.cookie }, payload: { jobTitle: 'x' } });
    assert.equal(res.statusCode, 403);
    assert.equal(res.json().error.code, 'csrf');
    res = await app.inject({ method: 'PATCH', url, headers: { cookie: s.cookie, 'x-csrf-token': 'guess' }, payload: { jobTitle: 'x' } });
    assert.equal(res.statusCode, 403);
    res = await app.inject({ method: 'PATCH', url, headers: { cookie: s.cookie, 'x-csrf-token': s.csrf, origin: 'https://evil.example' }, payload: { jobTitle: 'x' } });
    assert.equal(res.statusCode, 403);
    res = await app.inject({ method: 'PATCH', url, headers: { cookie: s.cookie, 'x-csrf-token': s.csrf, origin: 'http://localhost:80' }, payload: { jobTitle: 'x' } });
    assert.equal(res.statusCode, 200);
    // a cookie with a forged signature is ignored: the request is a visitor's
    res = await app.inject({ method: 'GET', url: '/api/me/profile', headers: { cookie: `${SESSION_COOKIE}=${s.cookie.split('=')[1].slice(0, -3)}abc` } });
    assert.equal(res.statusCode, 401);
  });

  test('sign-in over HTTP: httpOnly SameSite cookie, a new session each time (no fixation)', async () => {
    const first = await app.inject({ method: 'POST', url: '/api/auth/sign-in', payload: { email: 'member@example.org', password: PASSWORD } });
    const cookie = first.headers['set-cookie'] as string;
    assert.match(cookie, /HttpOnly/);
    assert.match(cookie, /SameSite=Lax/);
    const jar = cookie.split(';')[0];
    const second = await app.inject({ method: 'POST', url: '/api/auth/sign-in', headers: { cookie: jar, 'x-csrf-token': first.json().csrfToken }, payload: { email: 'member@example.org', password: PASSWORD } });
    assert.notEqual((second.headers['set-cookie'] as string).split(';')[0], jar);
    const old = await app.inject({ method: 'GET', url: '/api/me/profile', headers: { cookie: jar } });
    assert.equal(old.statusCode, 401);
  });

  test('security headers', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/health' });
    assert.match(String(res.headers['content-security-policy']), /frame-ancestors 'none'/);
    assert.match(String(res.headers['content-security-policy']), /script-src 'self'/);
    assert.equal(res.headers['x-content-type-options'], 'nosniff');
  });

  test('the OpenAPI document describes the routes', async () => {
    const doc = (await app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    assert.match(doc.openapi, /^3\./);
    assert.ok(doc.paths['/api/directory'].get.parameters.some((p: { name: string }) => p.name === 'discipline'));
    assert.ok(doc.paths['/api/profiles/{id}'].patch);
    // the library is described, with the rest
    assert.match(doc.info.description, /knowledge library/);
    assert.ok(doc.tags.some((t: { name: string }) => t.name === 'library'));
    assert.ok(doc.paths['/api/library'].get.parameters.some((p: { name: string }) => p.name === 'theme'));
    assert.ok(doc.paths['/api/library/items/{id}/review'].post);
    assert.ok(doc.paths['/api/organisations'].get.parameters.some((p: { name: string }) => p.name === 'region'));
    // request and response bodies from the features' contracts, not a bag of any fields
    const body = (path: string, method: string) => doc.paths[path][method].requestBody.content['application/json'].schema;
    const answer = (path: string, method: string, code: string) => doc.paths[path][method].responses[code].content['application/json'].schema;
    assert.deepEqual(Object.keys(body('/api/auth/sign-up', 'post').properties).sort(), ['email', 'name', 'password']);
    assert.deepEqual(Object.keys(body('/api/organisations', 'post').properties).sort(), ['country', 'name', 'regionCode', 'type', 'website']);
    assert.ok(answer('/api/auth/session', 'get', '200').properties.csrfToken);
    assert.ok(answer('/api/directory', 'get', '200').properties.facets.properties.discipline);
    assert.ok(answer('/api/profiles/{id}', 'get', '200').properties.canEdit);
    assert.ok(answer('/api/admin/users', 'get', '200').properties.items);
    assert.ok(body('/api/library/items', 'post').properties.summary);
    assert.deepEqual(Object.keys(body('/api/library/items/{id}/review', 'post').properties).sort(), ['decision', 'reason']);
    assert.ok(answer('/api/library', 'get', '200').properties.facetSizes.properties.theme);
    assert.ok(answer('/api/library/items/{id}', 'get', '200').properties.can.properties.review);
    assert.ok(answer('/api/library/items', 'post', '201').properties.bodyHtml);
    assert.ok(answer('/api/library/items/{id}/compare', 'get', '200').properties.changes);
    assert.equal(answer('/api/library/queue', 'get', '200').type, 'array');
    assert.ok(answer('/api/library/collections/{slug}', 'get', '200').properties.curators);
    assert.ok(answer('/api/library/vocabulary', 'get', '200').properties.evidenceRubric);
    // every JSON answer is documented
    const undocumented: string[] = [];
    for (const [path, ops] of Object.entries(doc.paths as Record<string, Record<string, { tags?: string[]; responses?: Record<string, unknown> }>>)) {
      for (const [method, op] of Object.entries(ops)) {
        if (path === '/api/openapi.json') continue;
        if (method === 'get' && /\/(export|citation|feeds\/.*|attachments\/\{id\}|files\/\{id\}|consultation-files\/\{id\}|[a-z-]+\.(csv|atom|ics|gif|\{format\}))$/.test(path)) continue; // files, images and feeds, not JSON
        const codes = Object.keys(op.responses ?? {});
        if (!codes.some((c) => c === '204' || (op.responses![c] as { content?: unknown }).content)) undocumented.push(`${method.toUpperCase()} ${path}`);
      }
    }
    assert.deepEqual(undocumented, []);
  });

  test('no answer\'s schema holds a one-way transform (it cannot be encoded: that answer would be a 500)', () => {
    const found: string[] = [];
    const walk = (s: unknown, path: string, seen: Set<unknown>): void => {
      const def = (s as { _zod?: { def?: Record<string, unknown> } } | null)?._zod?.def;
      if (!def || seen.has(s)) return;
      seen.add(s);
      if (def.type === 'transform') found.push(path);
      for (const k of ['innerType', 'element', 'valueType', 'keyType', 'in', 'out', 'left', 'right']) if (def[k]) walk(def[k], `${path}.${k}`, seen);
      for (const [k, v] of Object.entries((def.shape as Record<string, unknown>) ?? {})) walk(v, `${path}.${k}`, seen);
      for (const [i, v] of ((def.options ?? def.items ?? []) as unknown[]).entries()) walk(v, `${path}[${i}]`, seen);
    };
    let schemas = 0;
    for (const r of app.routeList) {
      for (const [code, s] of Object.entries((r.response as Record<string, unknown>) ?? {})) {
        schemas++;
        walk(s, `${r.method} ${r.url} ${code}`, new Set());
      }
    }
    assert.ok(schemas > 200, `${schemas} answers' schemas read`);
    assert.deepEqual(found, []);
  });
}

test('sign-in is rate limited per address', async () => {
  const ctx = await freshHub('pglite');
  const app = await appFor(ctx.hub, 3);
  try {
    const codes: number[] = [];
    for (let i = 0; i < 5; i++) codes.push((await app.inject({ method: 'POST', url: '/api/auth/sign-in', payload: { email: 'x@example.org', password: 'whatever1234' } })).statusCode);
    assert.deepEqual(codes, [401, 401, 401, 429, 429]);
    const res = await app.inject({ method: 'POST', url: '/api/auth/sign-in', payload: { email: 'x@example.org', password: 'whatever1234' } });
    assert.equal(res.json().error.code, 'rate_limited');
  } finally {
    await app.close();
    await ctx.database.close();
  }
});

test('no password or token reaches the logs', async () => {
  const ctx = await freshHub('pglite');
  let logs = '';
  const sink = new Writable({ write: (chunk, _e, done) => ((logs += chunk.toString()), done()) });
  const app = await appFor(ctx.hub, 1000, sink);
  try {
    const secret = 'a very secret passphrase';
    await app.inject({ method: 'POST', url: '/api/auth/sign-up', payload: { email: 'log@example.org', password: secret, name: 'Log' } });
    const verify = await linkToken(ctx.hub, 'log@example.org', '/verify-email');
    await app.inject({ method: 'GET', url: `/verify-email?token=${verify}` });
    await app.inject({ method: 'POST', url: '/api/auth/verify-email', payload: { token: verify } });
    const signIn = await app.inject({ method: 'POST', url: '/api/auth/sign-in', payload: { email: 'log@example.org', password: secret } });
    const cookie = (signIn.headers['set-cookie'] as string).split(';')[0];
    await app.inject({ method: 'GET', url: '/api/me/profile', headers: { cookie } });
    await app.inject({ method: 'POST', url: '/api/auth/password-reset/request', payload: { email: 'log@example.org' } });
    const reset = await linkToken(ctx.hub, 'log@example.org', '/reset-password');
    await app.inject({ method: 'POST', url: '/api/auth/password-reset/confirm', payload: { token: reset, password: 'another long secret' } });
    assert.ok(logs.includes('/api/auth/sign-in'), 'requests are logged');
    for (const s of [secret, 'another long secret', verify, reset, cookie.split('=')[1], signIn.json().csrfToken]) {
      assert.ok(!logs.includes(s), `a secret reached the logs: ${s.slice(0, 6)}…`);
    }
  } finally {
    await app.close();
    await ctx.database.close();
  }
});
