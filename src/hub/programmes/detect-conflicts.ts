/**
 * Conflicts of interest between reviewers and applications, found from what the hub knows (OpenReview's rules, and
 * more): the reviewer is on the team; shares an organisation with a team member; co-authored or co-investigated with
 * one in the last N years (a tie in the person-level knowledge network, the networks engine's projection of the
 * records); or stated a personal, supervisory or other relation with one. Pure: records and people in, conflicts with
 * their reasons out. People are found in the records by member profile, by ORCID iD, or by a compatible name (the
 * reason then says "by name", so a manager can judge it).
 */
import { compatibleNames, organisationKey, personName, type PersonName } from '../../formats/bibliographic/names.js';
import { project, yearOf, type Records } from '../../networks/records.js';
import type { ConflictSource } from './contract.js';

export interface ConflictPerson {
  name: string;
  userId?: string | null;
  profileId?: string | null;
  orcid?: string | null;
  email?: string | null;
  organisations: { id?: string | null; name: string }[];
}

export interface ConflictReviewer extends ConflictPerson {
  userId: string;
  relations: { kind: string; profileId?: string | null; name?: string | null; orcid?: string | null; email?: string | null }[];
}

export interface ConflictApplication {
  id: string;
  team: ConflictPerson[];
}

export interface FoundConflict {
  application: number;
  reviewer: number;
  source: Exclude<ConflictSource, 'declared' | 'manager'>;
  reason: string;
  evidence: Record<string, unknown>;
}

export interface ConflictOptions {
  /** Co-authorships and co-investigations from this year on count (the last N years: the current year − N + 1). */
  fromYear: number;
  toYear: number;
}

/** How a person appears in the records: the actors that are them, and how each was matched. */
function actorsOf(p: ConflictPerson, index: ActorIndex): { id: string; how: 'profile' | 'orcid' | 'name' }[] {
  const out = new Map<string, 'profile' | 'orcid' | 'name'>();
  if (p.profileId && index.ids.has(`member:${p.profileId}`)) out.set(`member:${p.profileId}`, 'profile');
  if (p.orcid) for (const id of index.byOrcid.get(p.orcid.toUpperCase()) ?? []) out.set(id, out.get(id) ?? 'orcid');
  const name = personName(familyFirstLoose(p.name));
  for (const a of index.byFamily.get(name.family) ?? []) {
    if (out.has(a.id) || a.id.startsWith('member:')) continue; // members are matched by their profile
    if (p.orcid && a.orcid && a.orcid.toUpperCase() !== p.orcid.toUpperCase()) continue; // two iDs: two people
    if (name.given.length > 0 && compatibleNames(name, a.name)) out.set(a.id, 'name');
  }
  return [...out].map(([id, how]) => ({ id, how }));
}

/** "Ann Smith" → "Smith, Ann" (names typed given-name first); "Smith, Ann" and "Smith A" unchanged. */
function familyFirstLoose(name: string): string {
  const t = name.trim();
  if (t.includes(',') || /\s\p{Lu}\.?$/u.test(t)) return t;
  const words = t.split(/\s+/);
  return words.length < 2 ? t : `${words.at(-1)}, ${words.slice(0, -1).join(' ')}`;
}

interface ActorIndex {
  ids: Set<string>;
  byOrcid: Map<string, string[]>;
  byFamily: Map<string, { id: string; name: PersonName; orcid?: string }[]>;
}

function indexActors(records: Records): ActorIndex {
  const ids = new Set<string>();
  const byOrcid = new Map<string, string[]>();
  const byFamily = new Map<string, { id: string; name: PersonName; orcid?: string }[]>();
  for (const a of records.actors) {
    if (a.kind !== 'person') continue;
    ids.add(a.id);
    if (a.orcid) byOrcid.set(a.orcid.toUpperCase(), [...(byOrcid.get(a.orcid.toUpperCase()) ?? []), a.id]);
    const name = personName(a.name.includes(',') ? a.name : familyFirstLoose(a.name));
    if (!name.family) continue;
    let list = byFamily.get(name.family);
    if (!list) byFamily.set(name.family, (list = []));
    list.push({ id: a.id, name, ...(a.orcid && { orcid: a.orcid }) });
  }
  return { ids, byOrcid, byFamily };
}

const samePerson = (a: { profileId?: string | null; orcid?: string | null; email?: string | null; name?: string | null }, b: ConflictPerson): boolean => {
  if (a.profileId && b.profileId) return a.profileId === b.profileId;
  if (a.orcid && b.orcid) return a.orcid.toUpperCase() === b.orcid.toUpperCase();
  if (a.email && b.email) return a.email.toLowerCase() === b.email.toLowerCase();
  if (!a.name) return false;
  const x = personName(familyFirstLoose(a.name));
  const y = personName(familyFirstLoose(b.name));
  // a stated relation names someone in full: both names must have given names that agree
  return x.given.length > 0 && y.given.length > 0 && compatibleNames(x, y);
};

export function detectConflicts(records: Records, reviewers: readonly ConflictReviewer[], applications: readonly ConflictApplication[], options: ConflictOptions): FoundConflict[] {
  const out: FoundConflict[] = [];
  const index = indexActors(records);
  const graph = project(records, { level: 'person', from: options.fromYear, to: options.toYear });
  const node = new Map(graph.ids.map((id, i) => [id, i]));
  const actorName = new Map(records.actors.map((a) => [a.id, a.name]));
  // activities per actor within the window, for the evidence of a tie
  const inWindow = new Set(records.activities.filter((a) => {
    const y = yearOf(a);
    return y !== undefined && y >= options.fromYear && y <= options.toYear;
  }).map((a) => a.id));
  const activity = new Map(records.activities.map((a) => [a.id, a]));
  let activitiesOf: Map<string, Set<string>> | undefined;
  const shared = (x: string, y: string) => {
    if (!activitiesOf) {
      activitiesOf = new Map();
      for (const p of records.participations) {
        if (!inWindow.has(p.activity)) continue;
        let s = activitiesOf.get(p.actor);
        if (!s) activitiesOf.set(p.actor, (s = new Set()));
        s.add(p.activity);
      }
    }
    const a = activitiesOf.get(x);
    return [...(activitiesOf.get(y) ?? [])].filter((id) => a?.has(id)).map((id) => activity.get(id)!);
  };
  // each reviewer's actors and their neighbours in the window
  const reviewerActors = reviewers.map((r) => actorsOf(r, index));
  const neighbours = reviewerActors.map((list) => {
    const m = new Map<number, { via: string; how: string }>();
    for (const { id, how } of list) {
      const i = node.get(id);
      if (i === undefined) continue;
      for (let k = graph.offsets[i]; k < graph.offsets[i + 1]; k++) if (!m.has(graph.targets[k])) m.set(graph.targets[k], { via: id, how });
    }
    return m;
  });
  const reviewerOrgs = reviewers.map((r) => new Map(r.organisations.flatMap((o) => [...(o.id ? [[`id:${o.id}`, o.name] as const] : []), [`name:${organisationKey(o.name)}`, o.name] as const])));
  applications.forEach((app, a) => {
    const team = app.team.map((m) => ({ m, actors: actorsOf(m, index) }));
    reviewers.forEach((r, ri) => {
      const found = new Map<string, FoundConflict>();
      const add = (c: Omit<FoundConflict, 'application' | 'reviewer'>) => {
        if (!found.has(c.source)) found.set(c.source, { application: a, reviewer: ri, ...c });
      };
      for (const { m, actors } of team) {
        if ((m.userId && m.userId === r.userId) || (m.profileId && m.profileId === r.profileId)) add({ source: 'applicant', reason: `${r.name} is on the team`, evidence: { member: m.name } });
        for (const o of m.organisations) {
          const hit = (o.id && reviewerOrgs[ri].get(`id:${o.id}`)) || reviewerOrgs[ri].get(`name:${organisationKey(o.name)}`);
          if (hit && o.name.trim()) add({ source: 'organisation', reason: `${r.name} and ${m.name} are both at ${hit}`, evidence: { member: m.name, organisation: hit } });
        }
        for (const rel of r.relations) if (samePerson(rel, m)) add({ source: 'relation', reason: `${r.name} stated a ${rel.kind} relation with ${m.name}`, evidence: { member: m.name, kind: rel.kind } });
        for (const { id, how } of actors) {
          const i = node.get(id);
          const tie = i === undefined ? undefined : neighbours[ri].get(i);
          if (!tie) continue;
          const together = shared(tie.via, id);
          const titles = together.slice(0, 3).map((x) => `“${x.title ?? x.id}” (${yearOf(x)})`);
          const byName = how === 'name' || tie.how === 'name';
          add({
            source: 'coauthorship',
            reason: `${r.name} and ${m.name} worked together in ${options.fromYear}–${options.toYear}: ${titles.join(', ') || 'a shared activity'}${together.length > 3 ? ` and ${together.length - 3} more` : ''}${byName ? ` (matched by name: ${actorName.get(tie.via)} / ${actorName.get(id)})` : ''}`,
            evidence: { member: m.name, activities: together.map((x) => ({ id: x.id, title: x.title ?? null, year: yearOf(x) ?? null, type: x.type })), byName },
          });
        }
      }
      out.push(...found.values());
    });
  });
  return out;
}
