import { sql } from 'kysely';
import type { Executor } from '../../db/connection.js';
import type { Visibility } from '../platform/access.js';


/** The version of what `refreshProfileIndex` writes: when it changes, every profile is indexed again at the next start. */
export const PROFILE_INDEX_VERSION = '2';

/**
 * Rebuilds a profile's search vectors and facet arrays, one pair per audience: `*_public` holds only
 * what visitors may see, `*_members` adds what members may see. Private fields are never indexed, so
 * a search can never reveal them. Weights: name A, expertise B, job title and current organisations' names C, bio D.
 * Runs after every write to the profile, its terms or its affiliations (and to an organisation's type).
 */
export async function refreshProfileIndex(tx: Executor, profileId: string | readonly string[]): Promise<void> {
  const ids = typeof profileId === 'string' ? [profileId] : [...profileId];
  if (ids.length === 0) return;
  const vector = (levels: Visibility[]) => sql`
    setweight(to_tsvector('english', case when p.visibility->>'name' = any(${levels}::text[]) then p.name else '' end), 'A') ||
    setweight(to_tsvector('english', case when p.visibility->>'expertise' = any(${levels}::text[]) then array_to_string(p.expertise, ' ; ') else '' end), 'B') ||
    setweight(to_tsvector('english', case when p.visibility->>'jobTitle' = any(${levels}::text[]) then coalesce(p.job_title, '') else '' end), 'C') ||
    setweight(to_tsvector('english', case when p.visibility->>'organisations' = any(${levels}::text[]) then coalesce((select string_agg(o.name, ' ; ') from affiliations a join organisations o on o.id = a.organisation_id where a.profile_id = p.id and a.end_date is null), '') else '' end), 'C') ||
    setweight(to_tsvector('english', case when p.visibility->>'bio' = any(${levels}::text[]) then coalesce(p.bio, '') else '' end), 'D')`;
  const facets = (levels: Visibility[]) => sql`array(
    select 'discipline:' || t.code from profile_terms t
      where t.profile_id = p.id and t.taxonomy = 'discipline' and p.visibility->>'disciplines' = any(${levels}::text[])
    union select 'sector:' || t.code from profile_terms t
      where t.profile_id = p.id and t.taxonomy = 'sector' and p.visibility->>'sectors' = any(${levels}::text[])
    union select 'theme:' || t.code from profile_terms t
      where t.profile_id = p.id and t.taxonomy = 'theme' and p.visibility->>'themes' = any(${levels}::text[])
    union select 'region:' || r.code from taxonomy_terms r
      where r.taxonomy = 'region' and p.visibility->>'region' = any(${levels}::text[])
        and (r.code = p.region_code or r.code = (select parent_code from taxonomy_terms x where x.taxonomy = 'region' and x.code = p.region_code))
    union select 'careerStage:' || p.career_stage
      where p.career_stage is not null and p.visibility->>'careerStage' = any(${levels}::text[])
    union select 'organisationType:' || o.type from affiliations a join organisations o on o.id = a.organisation_id
      where a.profile_id = p.id and a.end_date is null and p.visibility->>'organisations' = any(${levels}::text[])
  )`;
  const pub: Visibility[] = ['public'];
  const mem: Visibility[] = ['public', 'members'];
  await sql`
    update profiles p set
      search_public = ${vector(pub)}, search_members = ${vector(mem)},
      facets_public = ${facets(pub)}, facets_members = ${facets(mem)}
    where p.id = any(${ids}::uuid[])`.execute(tx);
}

/** Indexes every profile again when the index's version has changed since it was built (a start after an upgrade). */
export async function upgradeProfileIndex(db: Executor): Promise<boolean> {
  const built = await db.selectFrom('hub_settings').select('value').where('key', '=', 'profile_index').executeTakeFirst();
  if (built?.value === PROFILE_INDEX_VERSION) return false;
  await db.transaction().execute(async (tx) => {
    const ids = (await tx.selectFrom('profiles').select('id').execute()).map((r) => r.id);
    for (let i = 0; i < ids.length; i += 2000) await refreshProfileIndex(tx, ids.slice(i, i + 2000));
    await tx.insertInto('hub_settings').values({ key: 'profile_index', value: PROFILE_INDEX_VERSION }).onConflict((oc) => oc.column('key').doUpdateSet({ value: PROFILE_INDEX_VERSION })).execute();
  });
  return true;
}
