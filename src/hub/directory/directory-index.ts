import { sql } from 'kysely';
import type { Hub } from '../platform/context.js';
import { heldIndex, snapshotOf, textHitOf, type Held, type Snapshot, type TextHit } from '../search/facet-index.js';
import type { CardData } from './profiles.js';

/**
 * The directory as faceted bitset snapshots (facet-index.ts), one per audience: which profiles the
 * audience may find (listed, with a name it may see), and which carry each facet value visibly. Rows are
 * numbered in (lower(name), id) order. `directory_state.version` is moved by triggers on profiles, their
 * terms, affiliations and organisations.
 */
export type Audience = 'public' | 'members';
export type DirectoryIndex = Held<Record<Audience, Snapshot>, CardData>;

const index = heldIndex<Record<Audience, Snapshot>, CardData>(build);

/** The snapshots this process holds (built at the current version when it holds none). */
export const snapshots = (hub: Hub) => index.get(hub);

/** Drops these snapshots (a newer version was seen): the next search builds new ones. */
export const forgetSnapshots = (hub: Hub, held: DirectoryIndex) => index.forget(hub, held);

async function build(hub: Hub): Promise<Record<Audience, Snapshot>> {
  // one statement: the rows are exactly those at the version read with them
  const result = await sql<{ version: number; id: string | null; listed: boolean; name_visibility: string; facets_public: string[]; facets_members: string[] }>`
    select s.version, p.id, p.listed, p.visibility->>'name' as name_visibility, p.facets_public, p.facets_members
    from directory_state s left join profiles p on true order by lower(p.name), p.id`.execute(hub.db);
  const version = Number(result.rows[0].version);
  const rows = result.rows.filter((r): r is typeof r & { id: string } => r.id !== null);
  return {
    public: snapshotOf(version, rows.map((r) => ({ id: r.id, findable: r.listed && r.name_visibility === 'public', facets: r.facets_public }))),
    members: snapshotOf(version, rows.map((r) => ({ id: r.id, findable: r.listed, facets: r.facets_members }))),
  };
}

/** Profiles whose audience vector matches the tsquery, with their ranks (a few thousand profiles: all read at once), kept for this version. */
export function textMatches(hub: Hub, held: DirectoryIndex, snap: Snapshot, audience: Audience, tsquery: string): Promise<TextHit> {
  return index.text(held, `${audience}\u0000${tsquery}`, async () => {
    const vector = sql.ref(`search_${audience}`);
    const r = await sql<{ id: string; rank: number }>`
      select id, ts_rank_cd(${vector}, q) as rank from profiles, to_tsquery('english', ${tsquery}) q where ${vector} @@ q`.execute(hub.db);
    return textHitOf(snap, r.rows);
  });
}
