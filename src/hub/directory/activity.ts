import { sql } from 'kysely';
import { authorise, type Viewer } from '../platform/access.js';
import type { Hub } from '../platform/context.js';
import { type ActivityItem, type NetworkSummary } from './contract.js';


/**
 * The home page: how big the network is and what happened lately (only what the viewer may see). The number of
 * members counts every listed profile, whoever may see its name (a count reveals no one); the disciplines and
 * regions counted are those the viewer may see.
 */
export async function networkSummary(hub: Hub, viewer: Viewer): Promise<NetworkSummary> {
  authorise(viewer, 'activity.read');
  const visibleName = viewer.kind === 'visitor' ? sql`p.visibility->>'name' = 'public'` : sql`true`;
  const facets = sql.ref(viewer.kind === 'visitor' ? 'p.facets_public' : 'p.facets_members');
  const [counts, latest] = await Promise.all([
    sql<{ members: number; organisations: number; disciplines: number; regions: number }>`
      select
        (select count(*)::int from profiles p where p.listed) as members,
        (select count(*)::int from organisations) as organisations,
        (select count(distinct f)::int from profiles p, unnest(${facets}) f where p.listed and ${visibleName} and f like 'discipline:%') as disciplines,
        (select count(distinct f)::int from profiles p, unnest(${facets}) f where p.listed and ${visibleName} and f like 'region:TL_') as regions`.execute(hub.db),
    sql<{ kind: ActivityItem['kind']; at: Date; id: string; title: string; is_example: boolean }>`
      (select 'member_joined' as kind, p.created_at as at, p.id::text as id, p.name as title, p.is_example
         from profiles p where p.listed and ${visibleName} order by p.created_at desc limit 8)
      union all
      (select 'organisation_added', o.created_at, o.id::text, o.name, o.is_example from organisations o order by o.created_at desc limit 8)
      order by at desc limit 10`.execute(hub.db),
  ]);
  return {
    ...counts.rows[0],
    latest: latest.rows.map((r) => ({ kind: r.kind, at: r.at.toISOString(), id: r.id, title: r.title, isExample: r.is_example })),
  };
}
