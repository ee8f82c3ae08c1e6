import { sql } from 'kysely';
import { z } from 'zod';
import { authorise, type Viewer } from './access.js';
import { recordAudit } from './audit.js';
import type { Hub } from './context.js';
import { notFound } from './errors.js';
import { paged } from './paging.js';
import { refreshProfileIndex } from './profile-index.js';
import { labelOf, requireTerm, taxonomies } from './taxonomy.js';
import { countryCode, countryName, displayName, httpUrl, parse, regionCode } from './validate.js';
import type { Organisation as OrganisationRow } from '../db/schema.js';
import { ORGANISATION_TYPES, TEXT_LIMITS, type OrganisationPage, type OrganisationType, type OrganisationView, type Page } from './model.js';

const typeKeys = Object.keys(ORGANISATION_TYPES) as [OrganisationType, ...OrganisationType[]];


const OrganisationInput = z.object({
  name: displayName(TEXT_LIMITS.organisationName),
  type: z.enum(typeKeys, { message: `must be one of ${typeKeys.join(', ')}` }),
  country: countryCode,
  regionCode: regionCode.nullable().optional(),
  website: httpUrl.nullable().optional(),
});

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
  const o = parse(OrganisationInput.partial(), input);
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
    if (o.type !== undefined && o.type !== before.type) {
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

const ListInput = z.object({
  q: z.string().trim().max(TEXT_LIMITS.query).optional(),
  type: z.enum(typeKeys).optional(),
  page: z.coerce.number().int().min(1).optional(),
  pageSize: z.coerce.number().int().min(1).max(100).optional(),
});

/** Organisations by name (case-insensitive substring), for pickers and the organisations list. */
export async function listOrganisations(hub: Hub, viewer: Viewer, input: unknown): Promise<Page<OrganisationView>> {
  authorise(viewer, 'organisation.read');
  const req = parse(ListInput, input);
  let q = hub.db.selectFrom('organisations');
  if (req.q) q = q.where(sql`lower(name)`, 'like', `%${req.q.toLowerCase().replace(/[\\%_]/g, (c) => '\\' + c)}%`);
  if (req.type) q = q.where('type', '=', req.type);
  return paged(
    req,
    (limit, offset) => q.selectAll().orderBy(sql`lower(name)`).orderBy('id').limit(limit).offset(offset).execute(),
    () => q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    (r) => toOrganisationView(hub, r),
  );
}


/** An organisation with the members linked to it whose affiliation the viewer may see. */
export async function getOrganisation(hub: Hub, viewer: Viewer, id: string): Promise<OrganisationPage> {
  authorise(viewer, 'organisation.read');
  if (!z.uuid().safeParse(id).success) throw notFound('organisation');
  const o = await hub.db.selectFrom('organisations').selectAll().where('id', '=', id).executeTakeFirst();
  if (!o) throw notFound('organisation');
  const levels = viewer.kind === 'visitor' ? ['public'] : ['public', 'members'];
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
    members: members.map((m) => ({ profileId: m.id, name: m.name, role: m.role, startDate: m.start_date, endDate: m.end_date, isExample: m.is_example })),
  };
}
