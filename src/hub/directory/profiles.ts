import { setMemberDigest } from '../stakeholders/preferences.js';
import { sql } from 'kysely';
import { z } from 'zod';
import type { Executor } from '../../db/connection.js';
import type { ProfileRow } from '../../db/schema.js';
import { authorise, VISIBILITY_LEVELS, visibleLevels, type Viewer, type Visibility } from '../platform/access.js';
import { recordAudit } from '../platform/audit.js';
import type { Hub } from '../platform/context.js';
import { invalid, notFound } from '../platform/errors.js';
import { refreshProfileIndex } from './profile-index.js';
import { renderMarkdown } from '../platform/markdown.js';
import { ProfilePatch } from './contract.js';
import { labelOf, requireTerm, taxonomies, type Taxonomies, type Taxonomy } from '../taxonomy/taxonomy.js';
import { countryName, dayOf, parse } from '../platform/validate.js';
import { DEFAULT_VISIBILITY, CAREER_STAGES, type CareerStage, ORGANISATION_TYPES, type OrganisationType, PROFILE_FIELDS, type ProfileField } from '../platform/model.js';
import { type AffiliationView, type MemberCard, type ProfileView } from './contract.js';

export function normaliseVisibility(v: unknown): Record<ProfileField, Visibility> {
  const given = (v && typeof v === 'object' ? v : {}) as Record<string, string>;
  const out = { ...DEFAULT_VISIBILITY } as Record<ProfileField, Visibility>;
  for (const f of PROFILE_FIELDS) {
    if ((VISIBILITY_LEVELS as readonly string[]).includes(given[f])) out[f] = given[f] as Visibility;
  }
  if (out.name === 'private') out.name = 'members';
  return out;
}

/** The stored profile without its derived search columns. */
type ProfileCore = Omit<ProfileRow, 'search_public' | 'search_members' | 'facets_public' | 'facets_members'>;
/** The columns a directory card needs. */
type CardCore = Pick<ProfileCore, 'id' | 'user_id' | 'name' | 'job_title' | 'region_code' | 'country' | 'career_stage' | 'expertise' | 'visibility' | 'listed' | 'is_example'>;

interface Loaded<Row> {
  row: Row;
  terms: { taxonomy: string; code: string }[];
  affiliations: AffiliationView[];
}

interface AffiliationJson {
  id: string;
  organisation_id: string;
  name: string;
  type: string;
  role: string | null;
  start_date: string | null;
  end_date: string | null;
}

type Joined<Row> = Row & { terms: { taxonomy: string; code: string }[]; affs: AffiliationJson[] };

function loaded<Row>({ terms, affs, ...row }: Joined<Row>): Loaded<Row> {
  return {
    row: row as Row,
    terms,
    affiliations: affs.map((a) => ({
      id: a.id,
      organisationId: a.organisation_id,
      organisationName: a.name,
      organisationType: a.type as OrganisationType,
      organisationTypeLabel: ORGANISATION_TYPES[a.type as OrganisationType] ?? a.type,
      role: a.role,
      startDate: dayOf(a.start_date),
      endDate: dayOf(a.end_date),
    })),
  };
}

/** Whole profiles with their terms and affiliations, in one call (the SQL function profile_cards, migration 0003). */
async function load(db: Executor, ids: string[]): Promise<Map<string, Loaded<ProfileCore>>> {
  if (ids.length === 0) return new Map();
  const rows = await sql<Joined<ProfileCore>>`select * from profile_cards(${ids}::uuid[])`.execute(db);
  return new Map(rows.rows.map((r) => [r.id, loaded(r)]));
}

interface Seen {
  card: MemberCard;
  visibility: Record<ProfileField, Visibility>;
  sees: (f: ProfileField) => boolean;
  owner: boolean;
  terms: (t: Taxonomy) => { code: string; label: string }[];
}

/** What of a profile's card the viewer may see (null: not at all). */
function seen(l: Loaded<CardCore>, viewer: Viewer, all: Taxonomies): Seen | null {
  const p = l.row;
  const levels = visibleLevels(viewer, p.user_id);
  const vis = normaliseVisibility(p.visibility);
  const sees = (f: ProfileField) => levels.includes(vis[f]);
  const owner = levels.includes('private');
  if (!owner && (!p.listed || !sees('name'))) return null;
  const terms = (t: Taxonomy) => l.terms.filter((x) => x.taxonomy === t).map((x) => ({ code: x.code, label: labelOf(all, t, x.code) }));
  const card: MemberCard = { id: p.id, isExample: p.is_example, name: p.name };
  if (sees('jobTitle')) card.jobTitle = p.job_title;
  if (sees('organisations')) card.organisations = l.affiliations;
  if (sees('disciplines')) card.disciplines = terms('discipline');
  if (sees('region'))
    card.region = {
      code: p.region_code,
      label: p.region_code ? labelOf(all, 'region', p.region_code) : null,
      country: p.country,
      countryName: p.country ? countryName(p.country) : null,
    };
  if (sees('careerStage')) card.careerStage = p.career_stage ? { code: p.career_stage as CareerStage, label: CAREER_STAGES[p.career_stage as CareerStage] } : null;
  if (sees('expertise')) card.expertise = p.expertise;
  return { card, visibility: vis, sees, owner, terms };
}

function toView(l: Loaded<ProfileCore>, viewer: Viewer, all: Taxonomies): ProfileView | null {
  const s = seen(l, viewer, all);
  if (!s) return null;
  const { sees, owner, terms } = s;
  const p = l.row;
  const view: ProfileView = { ...s.card, canEdit: owner };
  if (sees('sectors')) view.sectors = terms('sector');
  if (sees('themes')) view.themes = terms('theme');
  if (sees('orcid')) view.orcid = p.orcid;
  if (sees('bio')) {
    view.bio = p.bio;
    view.bioHtml = p.bio ? renderMarkdown(p.bio) : null;
  }
  if (sees('links')) view.links = p.links;
  if (owner)
    view.settings = {
      visibility: s.visibility,
      listed: p.listed,
      consentContact: p.consent_contact,
      consentDigest: p.consent_digest,
      consentAnalytics: p.consent_analytics,
    };
  return view;
}

/** Profiles as the viewer may see them, in the order of `ids`; hidden ones are left out. */
export async function profileViews(hub: Hub, viewer: Viewer, ids: string[]): Promise<ProfileView[]> {
  const [rows, all] = await Promise.all([load(hub.db, ids), taxonomies(hub)]);
  return ids.flatMap((id) => {
    const l = rows.get(id);
    const v = l && toView(l, viewer, all);
    return v ? [v] : [];
  });
}

/** What a directory card is made from, before the viewer's visibility applies. */
export type CardData = Loaded<CardCore>;

/**
 * Directory cards as the viewer may see them, in the order of `ids` (hidden ones left out), and the
 * directory version, read in one statement (the SQL function directory_cards, migration 0004). Cards
 * in `held` (read earlier at the version the caller expects) are not read again; those read now
 * are returned in `read`, for the caller to keep if the version is the one it expects.
 */
export async function memberCards(hub: Hub, viewer: Viewer, ids: string[], held?: ReadonlyMap<string, CardData>): Promise<{ version: number; cards: MemberCard[]; read: Map<string, CardData> }> {
  const missing = held ? ids.filter((id) => !held.has(id)) : ids;
  const [result, all] = await Promise.all([sql<Joined<CardCore> & { version: number }>`select * from directory_cards(${missing}::uuid[])`.execute(hub.db), taxonomies(hub)]);
  const read = new Map<string, CardData>();
  for (const { version: _, ...r } of result.rows) if (r.id !== null) read.set(r.id, loaded<CardCore>(r));
  return {
    version: Number(result.rows[0].version),
    cards: ids.flatMap((id) => {
      const l = read.get(id) ?? held?.get(id);
      const s = l && seen(l, viewer, all);
      return s ? [s.card] : [];
    }),
    read,
  };
}

export async function getProfile(hub: Hub, viewer: Viewer, id: string): Promise<ProfileView> {
  authorise(viewer, 'profile.read');
  if (!z.uuid().safeParse(id).success) throw notFound('profile');
  const [view] = await profileViews(hub, viewer, [id]);
  if (!view) throw notFound('profile');
  return view;
}

export async function myProfile(hub: Hub, viewer: Viewer): Promise<ProfileView> {
  authorise(viewer, 'profile.edit_own');
  if (viewer.kind !== 'user' || !viewer.profileId) throw notFound('profile');
  return getProfile(hub, viewer, viewer.profileId);
}

/**
 * Edits a profile: the owner edits their own, an administrator any (audited with before and after).
 * Taxonomy codes, organisations and the region must exist; the whole edit is one transaction.
 */
export async function updateProfile(hub: Hub, viewer: Viewer, id: string, input: unknown): Promise<ProfileView> {
  if (!z.uuid().safeParse(id).success) throw notFound('profile');
  const patch = parse(ProfilePatch, input);
  const target = await hub.db.selectFrom('profiles').select(['id', 'user_id']).where('id', '=', id).executeTakeFirst();
  if (!target) throw notFound('profile');
  const own = viewer.kind === 'user' && target.user_id === viewer.userId;
  authorise(viewer, own ? 'profile.edit_own' : 'profile.edit_any');
  const all = await taxonomies(hub);
  for (const [field, taxonomy] of [['disciplines', 'discipline'], ['sectors', 'sector'], ['themes', 'theme']] as const) {
    patch[field]?.forEach((code, i) => requireTerm(all, taxonomy, code, `${field}[${i}]`));
  }
  if (patch.regionCode) requireTerm(all, 'region', patch.regionCode, 'regionCode');

  await hub.db.transaction().execute(async (tx) => {
    const before = (await load(tx, [id])).get(id);
    const current = await tx.selectFrom('profiles').select('visibility').where('id', '=', id).forUpdate().executeTakeFirstOrThrow();
    if (patch.affiliations?.length) {
      const orgIds = [...new Set(patch.affiliations.map((a) => a.organisationId))];
      const found = new Set((await tx.selectFrom('organisations').select('id').where('id', 'in', orgIds).execute()).map((o) => o.id));
      patch.affiliations.forEach((a, i) => {
        if (!found.has(a.organisationId)) throw invalid(`affiliations[${i}].organisationId`, 'no such organisation');
      });
    }
    await tx
      .updateTable('profiles')
      .set({
        ...(patch.name !== undefined && { name: patch.name }),
        ...(patch.jobTitle !== undefined && { job_title: patch.jobTitle }),
        ...(patch.bio !== undefined && { bio: patch.bio }),
        ...(patch.regionCode !== undefined && { region_code: patch.regionCode }),
        ...(patch.country !== undefined && { country: patch.country }),
        ...(patch.careerStage !== undefined && { career_stage: patch.careerStage }),
        ...(patch.orcid !== undefined && { orcid: patch.orcid }),
        ...(patch.expertise !== undefined && { expertise: [...new Set(patch.expertise)] }),
        ...(patch.links !== undefined && { links: JSON.stringify(patch.links) }),
        ...(patch.visibility !== undefined && { visibility: JSON.stringify(normaliseVisibility({ ...normaliseVisibility(current.visibility), ...patch.visibility })) }),
        ...(patch.listed !== undefined && { listed: patch.listed }),
        ...(patch.consentContact !== undefined && { consent_contact: patch.consentContact }),
        ...(patch.consentDigest !== undefined && { consent_digest: patch.consentDigest }),
        ...(patch.consentAnalytics !== undefined && { consent_analytics: patch.consentAnalytics }),
        updated_at: hub.now(),
      })
      .where('id', '=', id)
      .execute();
    if (patch.consentDigest !== undefined && target.user_id) await setMemberDigest(tx, target.user_id, patch.consentDigest, own ? 'profile settings' : 'profile settings (changed by an administrator)', hub.now());
    for (const [field, taxonomy] of [['disciplines', 'discipline'], ['sectors', 'sector'], ['themes', 'theme']] as const) {
      const list = patch[field];
      if (list === undefined) continue;
      await tx.deleteFrom('profile_terms').where('profile_id', '=', id).where('taxonomy', '=', taxonomy).execute();
      const unique = [...new Set(list)];
      if (unique.length) await tx.insertInto('profile_terms').values(unique.map((code) => ({ profile_id: id, taxonomy, code }))).execute();
    }
    if (patch.affiliations !== undefined) {
      await tx.deleteFrom('affiliations').where('profile_id', '=', id).execute();
      if (patch.affiliations.length)
        await tx
          .insertInto('affiliations')
          .values(patch.affiliations.map((a) => ({ profile_id: id, organisation_id: a.organisationId, role: a.role ?? null, start_date: a.startDate ?? null, end_date: a.endDate ?? null })))
          .execute();
    }
    await refreshProfileIndex(tx, id);
    if (before) {
      const after = (await load(tx, [id])).get(id)!;
      await recordAudit(tx, viewer, { action: 'profile.update', entityType: 'profile', entityId: id, before: auditable(before), after: auditable(after) });
    }
  });
  return getProfile(hub, viewer, id);
}

function auditable(l: Loaded<ProfileCore>) {
  return { ...l.row, terms: l.terms.map((t) => `${t.taxonomy}:${t.code}`), affiliations: l.affiliations.map((a) => ({ organisationId: a.organisationId, role: a.role, startDate: a.startDate, endDate: a.endDate })) };
}
