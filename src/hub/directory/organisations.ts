import { sql } from 'kysely';
import { z } from 'zod';
import { authorise, type Viewer } from '../platform/access.js';
import { recordAudit } from '../platform/audit.js';
import type { Hub } from '../platform/context.js';
import { notFound } from '../platform/errors.js';
import { facetCounts } from '../search/facet-index.js';
import { pageOf } from '../platform/paging.js';
import { refreshProfileIndex } from './profile-index.js';
import { OrganisationInput, OrganisationPatch, OrganisationQuery } from './contract.js';
import { facetDetail, labelOf, requireTerm, taxonomies } from '../taxonomy/taxonomy.js';
import { countryName, dayOf, parse } from '../platform/validate.js';
import type { Organisation as OrganisationRow } from '../../db/schema.js';
import { ORGANISATION_FACETS, ORGANISATION_TYPES, type OrganisationFacet, type OrganisationType } from '../platform/model.js';
import { type OrganisationPage, type OrganisationResult, type OrganisationView } from './contract.js';

async function checkRegion(hub: Hub, code: string | null | undefined): Promise<void> {
  if (code) requireTerm(await taxonomies(hub), 'region', code, 'regionCode');
}

export async function toOrganisationView(hub: Hub, o: OrganisationRow): Promise<OrganisationView> {
  const all = await taxonomies(hub);
  return {
    id: o.id,
    name: o.name,
    type: o.type as OrganisationType,
    typeLabel: ORGANISATION_TYPES[o.type as OrganisationType] ?? o.type,
    country: o.country,
    countryName: countryName(o.country),
    regionCode: o.region_code,
    regionLabel: o.region_code ? labelOf(all, 'region', o.region_code) : null,
    website: o.website,
    isExample: o.is_example,
  };
}

export async function createOrganisation(hub: Hub, viewer: Viewer, input: unknown): Promise<OrganisationView> {
  authorise(viewer, 'organisation.create');
  const o = parse(OrganisationInput, input);
  await checkRegion(hub, o.regionCode);
  const row = await hub.db.transaction().execute(async (tx) => {
    const created = await tx
      .insertInto('organisations')
      .values({ name: o.name, type: o.type, country: o.country, region_code: o.regionCode ?? null, website: o.website ?? null, created_by: viewer.kind === 'user' ? viewer.userId : null })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(tx, viewer, { action: 'organisation.create', entityType: 'organisation', entityId: created.id, after: o });
    return created;
  });
  return toOrganisationView(hub, row);
}

/** Programme managers and administrators edit organisations; the change is audited. */
export async function updateOrganisation(hub: Hub, viewer: Viewer, id: string, input: unknown): Promise<OrganisationView> {
  authorise(viewer, 'organisation.edit');
  const o = parse(OrganisationPatch, input);
  await checkRegion(hub, o.regionCode);
  const row = await hub.db.transaction().execute(async (tx) => {
    const before = await tx.selectFrom('organisations').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
    if (!before) throw notFound('organisation');
    const after = await tx
      .updateTable('organisations')
      .set({
        ...(o.name !== undefined && { name: o.name }),
        ...(o.type !== undefined && { type: o.type }),
        ...(o.country !== undefined && { country: o.country }),
        ...(o.regionCode !== undefined && { region_code: o.regionCode }),
        ...(o.website !== undefined && { website: o.website }),
        updated_at: hub.now(),
      })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    if ((o.type !== undefined && o.type !== before.type) || (o.name !== undefined && o.name !== before.name)) {
      // members' search vectors hold the organisation's name, and their facets its type
      const members = await tx.selectFrom('affiliations').select('profile_id').where('organisation_id', '=', id).execute();
      await refreshProfileIndex(tx, members.map((m) => m.profile_id));
    }
    await recordAudit(tx, viewer, { action: 'organisation.update', entityType: 'organisation', entityId: id, before: plain(before), after: plain(after) });
    return after;
  });
  return toOrganisationView(hub, row);
}

function plain(o: OrganisationRow) {
  return { name: o.name, type: o.type, country: o.country, regionCode: o.region_code, website: o.website };
}

/**
 * The visibility levels by which an organisation shows its members: a member's name and organisations must be open
 * to the viewer (public for visitors, members' too for members; administrators see an organisation as members do).
 */
const memberLevels = (viewer: Viewer) => (viewer.kind === 'visitor' ? ['public'] : ['public', 'members']);

/** What the viewer may count as members of an organisation: listed profiles whose name and organisations they may see, currently there. */
function visibleMembers(viewer: Viewer) {
  const levels = memberLevels(viewer);
  return sql<number>`(select count(*)::int from affiliations a join profiles p on p.id = a.profile_id
    where a.organisation_id = o.id and a.end_date is null and p.listed
      and p.visibility->>'name' = any(${levels}::text[]) and p.visibility->>'organisations' = any(${levels}::text[]))`;
}

/**
 * The organisations index: by name (case-insensitive words, each matching the start of a word or anywhere within
 * it), filtered by type, region (an ITL2 region also counts in its ITL1 region) and country, with each facet's counts
 * under every filter but its own (as the directory's). Sorted by name; each with its members' number.
 */
export async function listOrganisations(hub: Hub, viewer: Viewer, input: unknown): Promise<OrganisationResult> {
  authorise(viewer, 'organisation.read');
  const req = parse(OrganisationQuery, input);
  const all = await taxonomies(hub);
  const selected: Record<OrganisationFacet, string[]> = { type: req.type ?? [], region: req.region ?? [], country: (req.country ?? []).map((c) => c.toUpperCase()) };
  // each organisation's facet values, as `facet:code`
  const values = sql`array_remove(array['type:' || o.type, 'country:' || o.country,
    case when o.region_code is not null then 'region:' || o.region_code end,
    (select 'region:' || r.parent_code from taxonomy_terms r where r.taxonomy = 'region' and r.code = o.region_code and r.parent_code is not null)], null)`;
  const words = (req.q ?? '').toLowerCase().split(/\s+/).filter(Boolean).map((w) => `%${w.replace(/[\\%_]/g, (c) => '\\' + c)}%`);
  const where = (except: OrganisationFacet | null) =>
    sql.join(
      [
        sql`true`,
        ...words.map((w) => sql`lower(o.name) like ${w}`),
        ...ORGANISATION_FACETS.filter((f) => f !== except && selected[f].length > 0).map((f) => sql`${values} && ${selected[f].map((c) => `${f}:${c}`)}::text[]`),
      ],
      sql` and `,
    );
  const { limit, offset } = pageOf(req);
  const [rows, total, ...counted] = await Promise.all([
    sql<OrganisationRow & { members: number }>`select o.*, ${visibleMembers(viewer)} as members from organisations o where ${where(null)} order by lower(o.name), o.id limit ${limit} offset ${offset}`.execute(hub.db),
    sql<{ n: number }>`select count(*)::int as n from organisations o where ${where(null)}`.execute(hub.db),
    ...ORGANISATION_FACETS.map((f) =>
      sql<{ value: string; n: number }>`select v as value, count(*)::int as n from organisations o, unnest(${values}) v where ${where(f)} and v like ${f + ':%'} group by v`.execute(hub.db),
    ),
  ]);
  const counts = new Map(counted.flatMap((r) => r.rows.map((x) => [x.value, x.n] as const)));
  const label = (facet: OrganisationFacet, code: string) =>
    facet === 'type' ? (ORGANISATION_TYPES[code as OrganisationType] ?? code) : facet === 'country' ? countryName(code) : labelOf(all, 'region', code);
  return {
    total: total.rows[0].n,
    page: req.page ?? 1,
    pageSize: limit,
    items: await Promise.all(rows.rows.map(async (r) => ({ ...(await toOrganisationView(hub, r)), members: r.members }))),
    facets: facetCounts(ORGANISATION_FACETS, counts, selected, label, undefined, Infinity, (f, code) => facetDetail(all, f, code)),
  };
}

/** An organisation with the members linked to it whose affiliation the viewer may see. */
export async function getOrganisation(hub: Hub, viewer: Viewer, id: string): Promise<OrganisationPage> {
  authorise(viewer, 'organisation.read');
  if (!z.uuid().safeParse(id).success) throw notFound('organisation');
  const o = await hub.db.selectFrom('organisations').selectAll().where('id', '=', id).executeTakeFirst();
  if (!o) throw notFound('organisation');
  const levels = memberLevels(viewer);
  const members = await hub.db
    .selectFrom('affiliations as a')
    .innerJoin('profiles as p', 'p.id', 'a.profile_id')
    .select(['p.id', 'p.name', 'p.is_example', 'a.role', 'a.start_date', 'a.end_date'])
    .where('a.organisation_id', '=', id)
    .where('p.listed', '=', true)
    .where(sql<boolean>`p.visibility->>'name' = any(${levels}::text[]) and p.visibility->>'organisations' = any(${levels}::text[])`)
    .orderBy(sql`a.end_date is not null`)
    .orderBy(sql`lower(p.name)`)
    .limit(500)
    .execute();
  return {
    ...(await toOrganisationView(hub, o)),
    members: members.map((m) => ({ profileId: m.id, name: m.name, role: m.role, startDate: dayOf(m.start_date), endDate: dayOf(m.end_date), isExample: m.is_example })),
  };
}
