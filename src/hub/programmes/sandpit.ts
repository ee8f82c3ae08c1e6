import { sql } from 'kysely';
import { z } from 'zod';
import { cosineDistances, diversity } from '../../networks/diversity.js';
import { authorise, type Viewer } from '../platform/access.js';
import { recordAudit } from '../platform/audit.js';
import type { Hub } from '../platform/context.js';
import { HubError, invalid } from '../platform/errors.js';
import { parse } from '../platform/validate.js';
import { labelOf, taxonomies, type Taxonomies } from '../taxonomy/taxonomy.js';
import { visibleCall } from './calls.js';
import type { SandpitView } from './contract.js';
import { mailLetter } from './letters-mail.js';
import { visibleApplications } from './programme-access.js';

export interface Participant {
  applicationId: string;
  name: string;
  disciplines: string[];
  /** The ITL1 region of their organisation. */
  region: string | null;
}

export type SandpitSuggestion = SandpitView;

/**
 * Rao–Stirling diversity of a group's categories (each person's share spread over their categories), with the
 * distances given (disciplines: cosine distances of their co-occurrence in the pool; regions: 1 between any two).
 */
function groupDiversity(members: readonly string[][], index: Map<string, number>, distance: (c: number, e: number) => number): number {
  const counts = new Float64Array(index.size);
  for (const cats of members) for (const c of cats) counts[index.get(c)!] += 1 / cats.length;
  return diversity(counts, distance).raoStirling;
}

/**
 * A suggested group of `size` sandpit participants, from the submitted expressions of interest, that maximises the sum
 * of the group's disciplinary and regional Rao–Stirling diversity: chosen greedily, then improved by swapping one in
 * for one out while any swap raises it (a local optimum: a suggestion the manager adjusts). The balance is shown.
 */
export function suggestGroup(pool: readonly Participant[], size: number): { chosen: number[]; disciplines: number; regions: number } {
  const dIndex = new Map<string, number>();
  for (const p of pool) for (const d of p.disciplines) if (!dIndex.has(d)) dIndex.set(d, dIndex.size);
  const rIndex = new Map<string, number>();
  for (const p of pool) if (p.region && !rIndex.has(p.region)) rIndex.set(p.region, rIndex.size);
  const x = new Float64Array(pool.length * dIndex.size);
  pool.forEach((p, u) => p.disciplines.forEach((d) => (x[u * dIndex.size + dIndex.get(d)!] = 1)));
  const dd = cosineDistances(x, pool.length, dIndex.size);
  const dDist = (c: number, e: number) => dd[c * dIndex.size + e];
  const rDist = (c: number, e: number) => (c === e ? 0 : 1);
  const score = (group: readonly number[]) => {
    const d = groupDiversity(group.map((i) => pool[i].disciplines).filter((c) => c.length), dIndex, dDist);
    const r = groupDiversity(group.map((i) => (pool[i].region ? [pool[i].region!] : [])).filter((c) => c.length), rIndex, rDist);
    return { d, r, total: d + r };
  };
  const n = Math.min(size, pool.length);
  const chosen: number[] = [];
  const inGroup = new Uint8Array(pool.length);
  while (chosen.length < n) {
    let best = -1;
    let bestScore = -Infinity;
    for (let i = 0; i < pool.length; i++) {
      if (inGroup[i]) continue;
      const s = score([...chosen, i]).total;
      if (s > bestScore + 1e-12) (best = i), (bestScore = s);
    }
    chosen.push(best);
    inGroup[best] = 1;
  }
  for (let improved = true, rounds = 0; improved && rounds < 50; rounds++) {
    improved = false;
    let current = score(chosen).total;
    for (let k = 0; k < chosen.length; k++) {
      for (let j = 0; j < pool.length; j++) {
        if (inGroup[j]) continue;
        const trial = chosen.slice();
        trial[k] = j;
        const s = score(trial).total;
        if (s > current + 1e-9) {
          inGroup[chosen[k]] = 0;
          inGroup[j] = 1;
          chosen[k] = j;
          current = s;
          improved = true;
        }
      }
    }
  }
  const s = score(chosen);
  return { chosen: chosen.sort((a, b) => a - b), disciplines: s.d, regions: s.r };
}

async function participants(hub: Hub, viewer: Viewer, callId: string, all: Taxonomies): Promise<Participant[]> {
  const rows = await sql<{ id: string; name: string; disciplines: string[]; region_code: string | null }>`
    select a.id, coalesce(p.name, '') as name,
      coalesce(array(select pt.code from profile_terms pt where pt.profile_id = p.id and pt.taxonomy = 'discipline' order by pt.code), '{}') as disciplines,
      (select o.region_code from affiliations f join organisations o on o.id = f.organisation_id where f.profile_id = p.id and f.end_date is null order by f.start_date desc nulls last limit 1) as region_code
    from applications a left join profiles p on p.user_id = a.applicant_id
    where a.call_id = ${callId} and a.stage = 'eoi' and a.status = 'submitted' and (a.screening is null or a.screening = 'eligible') and ${visibleApplications(viewer)}
    order by a.reference`.execute(hub.db);
  return rows.rows.map((r) => ({ applicationId: r.id, name: r.name, disciplines: r.disciplines, region: r.region_code ? (all.region.find((t) => t.code === r.region_code)?.parentCode ?? r.region_code) : null }));
}

export async function sandpitSuggestion(hub: Hub, viewer: Viewer, callIdOrSlug: string, query: unknown): Promise<SandpitSuggestion> {
  authorise(viewer, 'programme.manage');
  const { size } = parse(z.object({ size: z.coerce.number().int().min(2).max(200) }).strict(), query);
  const call = await visibleCall(hub.db, viewer, callIdOrSlug);
  if (call.mechanism !== 'sandpit' || call.stages !== 'eoi_full') throw invalid('call', 'is not a sandpit with expressions of interest');
  const all = await taxonomies(hub);
  const pool = await participants(hub, viewer, call.id, all);
  const notices: string[] = [];
  if (pool.length < size) notices.push(`Only ${pool.length} expressions of interest for ${size} places: all are suggested.`);
  const unknown = pool.filter((p) => p.disciplines.length === 0).length;
  if (unknown) notices.push(`${unknown} participant${unknown === 1 ? '' : 's'} give no discipline in their profile: they add no disciplinary diversity.`);
  const { chosen, disciplines, regions } = suggestGroup(pool, size);
  const everyone = suggestGroup(pool, pool.length);
  const set = new Set(chosen);
  const count = (pick: (p: Participant) => string[], label: (c: string) => string) => {
    const m = new Map<string, { label: string; group: number; pool: number }>();
    pool.forEach((p, i) => {
      for (const c of pick(p)) {
        let e = m.get(c);
        if (!e) m.set(c, (e = { label: label(c), group: 0, pool: 0 }));
        e.pool++;
        if (set.has(i)) e.group++;
      }
    });
    return [...m.values()].sort((a, b) => b.pool - a.pool || a.label.localeCompare(b.label));
  };
  return {
    size,
    participants: pool.map((p, i) => ({ ...p, disciplineLabels: p.disciplines.map((d) => labelOf(all, 'discipline', d)), regionLabel: p.region ? labelOf(all, 'region', p.region) : null, suggested: set.has(i) })),
    diversity: { disciplines, regions, poolDisciplines: everyone.disciplines, poolRegions: everyone.regions },
    balance: { disciplines: count((p) => p.disciplines, (c) => labelOf(all, 'discipline', c)), regions: count((p) => (p.region ? [p.region] : ['unknown']), (c) => (c === 'unknown' ? 'Region not known' : labelOf(all, 'region', c))) },
    notices,
  };
}

/** The manager's choice of participants: those chosen are invited to the sandpit, the others told; the call's letters go out. */
export async function selectSandpit(hub: Hub, viewer: Viewer, callIdOrSlug: string, input: unknown): Promise<{ invited: number; notInvited: number }> {
  authorise(viewer, 'programme.manage');
  const { applicationIds } = parse(z.object({ applicationIds: z.array(z.uuid()).min(1).max(500) }).strict(), input);
  const call = await visibleCall(hub.db, viewer, callIdOrSlug);
  const result = await hub.db.transaction().execute(async (tx) => {
    const eois = await tx.selectFrom('applications as a').select(['a.id', 'a.eoi_outcome']).where('a.call_id', '=', call.id).where('a.stage', '=', 'eoi').where('a.status', '=', 'submitted').where(visibleApplications(viewer)).forUpdate().execute();
    const known = new Set(eois.map((e) => e.id));
    const unknown = applicationIds.find((id) => !known.has(id));
    if (unknown) throw invalid('applicationIds', `${unknown} is not a submitted expression of interest to this call`);
    const chosen = new Set(applicationIds);
    let invited = 0;
    let notInvited = 0;
    for (const e of eois) {
      if (e.eoi_outcome) continue; // already told
      const outcome = chosen.has(e.id) ? ('invite' as const) : ('not_invited' as const);
      await tx.updateTable('applications').set({ eoi_outcome: outcome, decided_by: viewer.kind === 'user' ? viewer.userId : null, decided_at: hub.now(), letter_sent_at: hub.now() }).where('id', '=', e.id).execute();
      await mailLetter(tx, hub, e.id, outcome, { link: `${hub.baseUrl}/calls/${call.slug}` });
      if (outcome === 'invite') invited++;
      else notInvited++;
    }
    await recordAudit(tx, viewer, { action: 'programme.sandpit_select', entityType: 'call', entityId: call.id, after: { invited, notInvited } });
    return { invited, notInvited };
  });
  await hub.mailer.flush(hub.db);
  return result;
}

/** A team formed at the sandpit: invited participants, one of whom leads its proposal (a full application naming them all). */
export async function createSandpitTeam(hub: Hub, viewer: Viewer, callIdOrSlug: string, input: unknown): Promise<{ id: string; name: string; members: number }> {
  authorise(viewer, 'programme.manage');
  const t = parse(z.object({ name: z.string().trim().min(1).max(120), applicationIds: z.array(z.uuid()).min(2).max(12) }).strict(), input);
  const call = await visibleCall(hub.db, viewer, callIdOrSlug);
  return hub.db.transaction().execute(async (tx) => {
    const members = await tx.selectFrom('applications').select(['id', 'eoi_outcome', 'team_id']).where('call_id', '=', call.id).where('stage', '=', 'eoi').where('id', 'in', t.applicationIds).forUpdate().execute();
    if (members.length !== new Set(t.applicationIds).size) throw invalid('applicationIds', 'lists an application that is not an expression of interest to this call');
    const out = members.find((m) => m.eoi_outcome !== 'invite');
    if (out) throw invalid('applicationIds', 'every member must be a participant invited to the sandpit');
    const taken = members.find((m) => m.team_id);
    if (taken) throw new HubError('conflict', 'a participant is already in another team');
    let team;
    try {
      team = await tx.insertInto('sandpit_teams').values({ call_id: call.id, name: t.name, created_by: viewer.kind === 'user' ? viewer.userId : null }).returning(['id', 'name']).executeTakeFirstOrThrow();
    } catch (err) {
      if ((err as { code?: string }).code === '23505') throw invalid('name', 'is taken by another team of this sandpit');
      throw err;
    }
    await tx.updateTable('applications').set({ team_id: team.id }).where('id', 'in', t.applicationIds).execute();
    await recordAudit(tx, viewer, { action: 'programme.sandpit_team', entityType: 'call', entityId: call.id, after: { team: team.id, name: t.name, members: t.applicationIds.length } });
    return { id: team.id, name: team.name, members: t.applicationIds.length };
  });
}
