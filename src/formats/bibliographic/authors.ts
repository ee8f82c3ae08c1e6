/**
 * From authorships to people. The rule (docs/networks-methods.md, "Who is who"):
 *  1. the same identifier (ORCID, ResearcherID, Scopus author id, OpenAlex author id) is the same person, and two
 *     different identifiers of one kind are two people;
 *  2. the authors of one work are never one person, whatever their names;
 *  3. across works, without a shared identifier, two authorships are one person when their names are compatible
 *     (names.ts: "Glanzel, W" and "Glanzel, Wolfgang", not "Huang, Lu" and "Huang, Lucheng") and they share an
 *     organisation; this links a person's records with an ORCID to those without one;
 *  4. a person seen with no organisation at all joins the one compatible person of that family name, when there is
 *     exactly one; with several it stays apart.
 * bibliometrix keys authors on the AU field (family name and initials: "li l" is one person everywhere) and
 * VOSviewer on the name string; both merge namesakes, which rule 3 keeps apart when they work in different places.
 */
import type { Activity, Actor, Participation, Records } from '../../networks/records.js';
import { compatibleNames, nameDetail, organisationKey, personName, type PersonName } from './names.js';
import { AUTHOR_ID_KINDS, details, type Authorship, type Work } from './work.js';

export interface AuthorReport {
  /** Author positions read (after repeated positions of one identifier on one work). */
  authorships: number;
  /** People they resolve to. */
  people: number;
  /** Authorships with an organisation, with a country. */
  withOrganisation: number;
  withCountry: number;
  /** People joined across works by identifier, and by name with a shared organisation or as the only candidate. */
  joinedByIdentifier: number;
  joinedByOrganisation: number;
  joinedAsOnlyCandidate: number;
}

interface Node {
  work: number;
  authorship: Authorship;
  name: PersonName;
  org?: string;
}

interface Component {
  works: Set<number>;
  ids: Map<string, string>;
  orgs: Set<string>;
  /** The fullest form of the name seen. */
  name: PersonName;
}

/** The people of the works, as Records (activities, actors, participations), with counts of how they were joined. */
export function resolveAuthors(works: readonly Work[]): { records: Records; report: AuthorReport } {
  const nodes: Node[] = [];
  works.forEach((w, work) => {
    const seenIds = new Set<string>();
    for (const authorship of w.authors) {
      // the same identifier twice on one work is one author listed twice
      const own = AUTHOR_ID_KINDS.map((k) => (authorship.ids[k] ? `${k}:${authorship.ids[k]}` : '')).filter(Boolean);
      if (own.some((id) => seenIds.has(id))) continue;
      for (const id of own) seenIds.add(id);
      const org = authorship.organisation ? organisationKey(authorship.organisation) : undefined;
      nodes.push({ work, authorship, name: personName(authorship.name), ...(org && { org }) });
    }
  });
  const parent = Int32Array.from(nodes, (_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i]];
    return i;
  };
  const comps = new Map<number, Component>();
  nodes.forEach((n, i) => {
    const ids = new Map<string, string>();
    for (const k of AUTHOR_ID_KINDS) if (n.authorship.ids[k]) ids.set(k, n.authorship.ids[k]!);
    comps.set(i, { works: new Set([n.work]), ids, orgs: new Set(n.org ? [n.org] : []), name: n.name });
  });
  const disjoint = (a: Component, b: Component) => {
    for (const w of a.works) if (b.works.has(w)) return false;
    return true;
  };
  const conflict = (a: Component, b: Component) => {
    for (const [k, v] of a.ids) if (b.ids.has(k) && b.ids.get(k) !== v) return true;
    return false;
  };
  /** Joins two people when rule 2 (and, unless forced by a shared identifier, rule 1) allows; true when joined. */
  const union = (i: number, j: number, byIdentifier: boolean): boolean => {
    let a = find(i);
    let b = find(j);
    if (a === b) return false;
    const ca = comps.get(a)!;
    const cb = comps.get(b)!;
    if (!disjoint(ca, cb) || (!byIdentifier && conflict(ca, cb))) return false;
    if (ca.works.size < cb.works.size) [a, b] = [b, a];
    const big = comps.get(a)!;
    const small = comps.get(b)!;
    for (const w of small.works) big.works.add(w);
    for (const [k, v] of small.ids) if (!big.ids.has(k)) big.ids.set(k, v);
    for (const o of small.orgs) big.orgs.add(o);
    if (nameDetail(small.name) > nameDetail(big.name)) big.name = small.name;
    parent[b] = a;
    comps.delete(b);
    return true;
  };

  // rule 1: shared identifiers
  let joinedByIdentifier = 0;
  const byId = new Map<string, number>();
  nodes.forEach((n, i) => {
    for (const k of AUTHOR_ID_KINDS) {
      const v = n.authorship.ids[k];
      if (!v) continue;
      const key = `${k}:${v}`;
      const first = byId.get(key);
      if (first === undefined) byId.set(key, i);
      else if (union(first, i, true)) joinedByIdentifier++;
    }
  });

  // rules 3 and 4, within each family name
  const families = new Map<string, number[]>();
  nodes.forEach((n, i) => {
    const list = families.get(n.name.family);
    if (list) list.push(i);
    else families.set(n.name.family, [i]);
  });
  let joinedByOrganisation = 0;
  let joinedAsOnlyCandidate = 0;
  const nameOf = (root: number) => comps.get(root)!.name;
  const initialsOnly = (n: PersonName) => n.given.length === 0 || n.given[0].length === 1;
  /** The distinct people among `list` other than `root`'s that `name` can be, and that may join it. */
  const candidates = (root: number, list: readonly number[]) => {
    const c = comps.get(root)!;
    return [...new Set(list.map(find))].filter((s) => s !== root && compatibleNames(nameOf(root), nameOf(s)) && disjoint(c, comps.get(s)!) && !conflict(c, comps.get(s)!));
  };
  for (const members of families.values()) {
    if (members.length < 2) continue;
    const byOrg = new Map<string, number[]>();
    for (const m of members) {
      const o = nodes[m].org;
      if (!o) continue;
      const list = byOrg.get(o);
      if (list) list.push(m);
      else byOrg.set(o, [m]);
    }
    // rule 3, full given names first ("Wang, Xin" with "Wang, Xin" at the same place) …
    for (const list of byOrg.values()) {
      const full = list.filter((m) => !initialsOnly(nodes[m].name));
      for (let x = 0; x < full.length; x++) {
        for (let y = x + 1; y < full.length; y++) {
          const a = find(full[x]);
          const b = find(full[y]);
          if (a !== b && compatibleNames(nameOf(a), nameOf(b)) && union(a, b, false)) joinedByOrganisation++;
        }
      }
    }
    // … then initials, which join only an unambiguous match at the same place ("Wang, X" beside one "Wang, Xin")
    for (const list of byOrg.values()) {
      for (const m of list) {
        if (!initialsOnly(nameOf(find(m)))) continue;
        const found = candidates(find(m), list);
        if (found.length === 1 && union(find(m), found[0], false)) joinedByOrganisation++;
      }
    }
    // rule 4: a person seen with no organisation (nor identifier) joins the only compatible person of the family who
    // has one; with none, people without organisations join each other, fullest names first, when that is unambiguous
    const roots = [...new Set(members.map(find))];
    const evidence = (r: number) => comps.get(r)!.orgs.size > 0 || comps.get(r)!.ids.size > 0;
    const bare = roots.filter((r) => !evidence(r)).sort((a, b) => nameDetail(nameOf(b)) - nameDetail(nameOf(a)) || a - b);
    const withEvidence = roots.filter(evidence);
    const groups: number[] = [];
    for (const r of bare) {
      const c = comps.get(find(r))!;
      const fits = (s: number) => compatibleNames(nameOf(find(r)), nameOf(find(s))) && disjoint(c, comps.get(find(s))!);
      const known = withEvidence.filter(fits);
      if (known.length === 1) {
        if (union(find(r), find(known[0]), false)) joinedAsOnlyCandidate++;
        continue;
      }
      if (known.length > 1) continue;
      const open = groups.filter(fits);
      if (open.length === 0) groups.push(find(r));
      else if (open.length === 1 && union(find(r), find(open[0]), false)) {
        joinedAsOnlyCandidate++;
        groups[groups.indexOf(open[0])] = find(r);
      }
    }
  }

  return { records: toRecords(works, nodes, find), report: report(nodes, find, joinedByIdentifier, joinedByOrganisation, joinedAsOnlyCandidate) };
}

function report(nodes: Node[], find: (i: number) => number, joinedByIdentifier: number, joinedByOrganisation: number, joinedAsOnlyCandidate: number): AuthorReport {
  return {
    authorships: nodes.length,
    people: new Set(nodes.map((_, i) => find(i))).size,
    withOrganisation: nodes.filter((n) => n.authorship.organisation).length,
    withCountry: nodes.filter((n) => n.authorship.country).length,
    joinedByIdentifier,
    joinedByOrganisation,
    joinedAsOnlyCandidate,
  };
}

/** The most frequent value (the first seen among equals). */
function mode(values: (string | undefined)[]): string | undefined {
  const counts = new Map<string, number>();
  let best: string | undefined;
  for (const v of values) {
    if (!v) continue;
    const c = (counts.get(v) ?? 0) + 1;
    counts.set(v, c);
    if (best === undefined || c > counts.get(best)!) best = v;
  }
  return best;
}

function toRecords(works: readonly Work[], nodes: Node[], find: (i: number) => number): Records {
  const groups = new Map<number, number[]>();
  nodes.forEach((_, i) => {
    const r = find(i);
    const g = groups.get(r);
    if (g) g.push(i);
    else groups.set(r, [i]);
  });
  const idOf = new Map<number, string>();
  const actors: Actor[] = [];
  const taken = new Set<string>();
  for (const [root, members] of groups) {
    const ms = members.map((m) => nodes[m]);
    const fullest = ms.reduce((a, b) => (nameDetail(b.name) > nameDetail(a.name) ? b : a));
    const orcid = mode(ms.map((m) => m.authorship.ids.orcid));
    let id: string | undefined;
    for (const k of AUTHOR_ID_KINDS) {
      const v = mode(ms.map((m) => m.authorship.ids[k]));
      if (v) {
        id = `${k}:${v}`;
        break;
      }
    }
    const organisation = mode(ms.map((m) => m.authorship.organisation));
    if (!id) {
      // a person known by name: the fullest form, told apart from namesakes by organisation, else by number
      const base = `${fullest.name.family} ${fullest.name.given.join(' ')}`.trim();
      id = base;
      if (taken.has(id) && organisation) id = `${base} @ ${organisationKey(organisation)}`;
      for (let k = 2; taken.has(id); k++) id = `${base} #${k}`;
    }
    taken.add(id);
    idOf.set(root, id);
    const organisationType = mode(ms.filter((m) => m.authorship.organisation === organisation).map((m) => m.authorship.organisationType));
    const country = mode(ms.map((m) => m.authorship.country));
    actors.push({
      id,
      kind: 'person',
      name: fullest.authorship.name.trim(),
      disciplines: [],
      ...(orcid && { orcid }),
      ...(organisation && { organisation }),
      ...(organisationType && { organisationType }),
      ...(country && { country }),
    });
  }
  const byId = new Map(actors.map((a) => [a.id, a]));
  const activities: Activity[] = works.map((w) => ({ id: w.id, type: 'publication', ...(w.year && { date: w.year }), ...(w.title && { title: w.title }), keywords: w.keywords, fields: w.fields, ...details(w) }));
  const participations: Participation[] = [];
  let position = -1;
  let lastWork = -1;
  nodes.forEach((n, i) => {
    position = n.work === lastWork ? position + 1 : 0;
    lastWork = n.work;
    const w = works[n.work];
    const actor = idOf.get(find(i))!;
    const a = byId.get(actor)!;
    for (const f of w.fields) {
      const d = a.disciplines.find((x) => x.code === f);
      if (d) d.weight += 1 / w.fields.length;
      else a.disciplines.push({ code: f, weight: 1 / w.fields.length });
    }
    const { organisation, country } = n.authorship;
    participations.push({ activity: w.id, actor, role: position === 0 ? 'first author' : 'author', ...(organisation && { organisation }), ...(country && { country }) });
  });
  return { actors, activities, participations };
}
