import { sql } from 'kysely';
import { toCsv } from '../../formats/output.js';
import { boundaries } from '../../networks/boundaries.js';
import { cosineDistances, diversity } from '../../networks/diversity.js';
import { graphFromEdges } from '../../networks/graph.js';
import { authorise, type Viewer } from '../platform/access.js';
import type { Hub } from '../platform/context.js';
import { ORGANISATION_TYPES } from '../platform/model.js';
import { labelOf, taxonomies, type Taxonomies } from '../taxonomy/taxonomy.js';
import { listAwards } from './awards.js';
import type { PortfolioView, Tally } from './contract.js';
import { OUTCOME_TYPES, type OutcomeType } from './mechanisms.js';

export type Portfolio = PortfolioView;

const tally = (rows: { key: string; label: string; amount: number; award: string }[]): Tally[] => {
  const m = new Map<string, Tally & { seen: Set<string> }>();
  for (const r of rows) {
    let t = m.get(r.key);
    if (!t) m.set(r.key, (t = { key: r.key, label: r.label, awards: 0, amount: 0, seen: new Set() }));
    if (t.seen.has(r.award)) continue;
    t.seen.add(r.award);
    t.awards++;
    t.amount += r.amount;
  }
  return [...m.values()].map(({ seen: _s, ...t }) => t).sort((a, b) => b.amount - a.amount || a.label.localeCompare(b.label));
};

const itl1 = (all: Taxonomies, code: string | null) => (code ? (all.region.find((t) => t.code === code)?.parentCode ?? code) : null);

/**
 * The programme's portfolio, for its managers: awards by mechanism, status, region, discipline, organisation type and
 * partner type; spend against budget; outcomes by type; and how far funded teams cross disciplinary and regional
 * boundaries (the networks engine's E–I index and Rao–Stirling diversity). Terminated awards count nowhere.
 */
export async function portfolio(hub: Hub, viewer: Viewer): Promise<Portfolio> {
  authorise(viewer, 'programme.manage');
  const all = await taxonomies(hub);
  const awards = (await listAwards(hub, viewer)).filter((a) => a.status !== 'terminated');
  const live = new Set(awards.map((a) => a.id));
  const amount = new Map(awards.map((a) => [a.id, a.amount]));
  const team = (
    await sql<{ award_id: string; role: string; profile_id: string | null; organisation_type: string | null; region_code: string | null; disciplines: string[] }>`
      select t.award_id, t.role, t.profile_id, o.type as organisation_type, o.region_code,
        coalesce(array(select pt.code from profile_terms pt where pt.profile_id = t.profile_id and pt.taxonomy = 'discipline' order by pt.code), '{}') as disciplines
      from award_team t left join organisations o on o.id = t.organisation_id order by t.award_id, t.position`.execute(hub.db)
  ).rows.filter((t) => live.has(t.award_id));
  const mechanisms = await hub.db.selectFrom('programme_mechanisms').select(['code', 'name', 'budget_envelope']).orderBy('position').execute();
  const budgets = await hub.db.selectFrom('calls').select(['mechanism', (eb) => eb.fn.sum<number>('total_budget').as('budget')]).where('state', '=', 'published').groupBy('mechanism').execute();
  // reported spend: each award's latest submitted or accepted report's spend table
  const reported = (
    await sql<{ award_id: string; answers: Record<string, unknown> }>`
      select distinct on (r.award_id) r.award_id, r.answers from award_reports r where r.status in ('submitted', 'accepted') order by r.award_id, r.due_on desc`.execute(hub.db)
  ).rows.filter((r) => live.has(r.award_id));
  const spentOf = new Map(reported.map((r) => [r.award_id, Array.isArray(r.answers.budget) ? (r.answers.budget as { amount?: unknown }[]).reduce((s, l) => s + (typeof l.amount === 'number' ? l.amount : 0), 0) : 0]));
  const outcomes = await hub.db.selectFrom('outcomes').select(['award_id', 'type']).execute();
  const leads = new Map(team.filter((t) => t.role === 'lead').map((t) => [t.award_id, t]));
  const byMechanism = mechanisms.map((m) => {
    const mine = awards.filter((a) => a.mechanism.code === m.code);
    return { key: m.code, label: m.name, awards: mine.length, amount: mine.reduce((s, a) => s + a.amount, 0), envelope: m.budget_envelope };
  });
  const notices: string[] = [];
  const withoutRegion = awards.filter((a) => !leads.get(a.id)?.region_code).length;
  if (withoutRegion) notices.push(`${withoutRegion} award${withoutRegion === 1 ? '' : 's'} have a lead organisation without a region (not in the directory): counted as "Region not known".`);

  // boundaries: each funded team a clique of its members; a member's discipline is their first, their region their organisation's ITL1
  const members = team.filter((t) => t.role !== 'partner');
  const teams = new Map<string, typeof members>();
  for (const m of members) teams.set(m.award_id, [...(teams.get(m.award_id) ?? []), m]);
  const known = (xs: (string | null)[]) => new Set(xs.filter((x): x is string => !!x));
  const withDisciplines = [...teams.values()].filter((t) => t.some((m) => m.disciplines.length));
  const withRegions = [...teams.values()].filter((t) => t.some((m) => m.region_code));
  const crossD = withDisciplines.filter((t) => known(t.flatMap((m) => m.disciplines)).size >= 2).length;
  const crossR = withRegions.filter((t) => known(t.map((m) => itl1(all, m.region_code))).size >= 2).length;
  const ei = (label: (m: (typeof members)[number]) => string | null) => {
    const edges: { source: string; target: string }[] = [];
    const group = new Map<string, string>();
    for (const [award, t] of teams) {
      const people = t.map((m, i) => ({ id: `${award}:${i}`, g: label(m) })).filter((p): p is { id: string; g: string } => p.g !== null);
      for (const p of people) group.set(p.id, p.g);
      for (let i = 0; i < people.length; i++) for (let j = i + 1; j < people.length; j++) edges.push({ source: people[i].id, target: people[j].id });
    }
    if (edges.length === 0) return null;
    const { graph } = graphFromEdges(edges);
    return boundaries(graph, graph.ids.map((id) => group.get(id)!)).networkEI;
  };
  // Rao–Stirling: disciplines' distances from their co-occurrence on the funded teams (cosine), each team's mix of them
  const codes = [...known(members.flatMap((m) => m.disciplines))];
  let meanRS: number | null = null;
  if (codes.length >= 2 && withDisciplines.length) {
    const index = new Map(codes.map((c, i) => [c, i]));
    const x = new Float64Array(withDisciplines.length * codes.length);
    withDisciplines.forEach((t, u) => t.forEach((m) => m.disciplines.forEach((d) => (x[u * codes.length + index.get(d)!] += 1 / m.disciplines.length))));
    const d = cosineDistances(x, withDisciplines.length, codes.length);
    const scores = withDisciplines.map((_, u) => diversity(x.subarray(u * codes.length, (u + 1) * codes.length), (c, e) => d[c * codes.length + e]).raoStirling);
    meanRS = scores.reduce((s, v) => s + v, 0) / scores.length;
  }
  if (teams.size && withDisciplines.length < teams.size) notices.push(`${teams.size - withDisciplines.length} funded team${teams.size - withDisciplines.length === 1 ? ' has' : 's have'} no member whose profile gives a discipline: left out of the disciplinary measures.`);

  const budgetOf = new Map(budgets.map((b) => [b.mechanism, Number(b.budget)]));
  const spendRows = mechanisms.map((m) => {
    const mine = awards.filter((a) => a.mechanism.code === m.code);
    return { mechanism: m.name, envelope: m.budget_envelope, callBudgets: budgetOf.get(m.code) ?? 0, awarded: mine.reduce((s, a) => s + a.amount, 0), reported: mine.reduce((s, a) => s + (spentOf.get(a.id) ?? 0), 0) };
  });
  return {
    awards,
    byMechanism,
    byStatus: tally(awards.map((a) => ({ key: a.status, label: a.status[0].toUpperCase() + a.status.slice(1), amount: a.amount, award: a.id }))),
    byRegion: tally(awards.map((a) => {
      const r = itl1(all, leads.get(a.id)?.region_code ?? null);
      return { key: r ?? 'unknown', label: r ? labelOf(all, 'region', r) : 'Region not known', amount: a.amount, award: a.id };
    })),
    byDiscipline: tally(team.flatMap((t) => t.disciplines.map((d) => ({ key: d, label: labelOf(all, 'discipline', d), amount: amount.get(t.award_id) ?? 0, award: t.award_id })))),
    byOrganisationType: tally(awards.map((a) => {
      const t = leads.get(a.id)?.organisation_type;
      return { key: t ?? 'unknown', label: t ? (ORGANISATION_TYPES[t as keyof typeof ORGANISATION_TYPES] ?? t) : 'Not in the directory', amount: a.amount, award: a.id };
    })),
    byPartnerType: tally(team.filter((t) => t.role === 'partner' && t.organisation_type).map((t) => ({ key: t.organisation_type!, label: ORGANISATION_TYPES[t.organisation_type as keyof typeof ORGANISATION_TYPES] ?? t.organisation_type!, amount: amount.get(t.award_id) ?? 0, award: t.award_id }))),
    spend: { envelope: spendRows.reduce((s, r) => s + r.envelope, 0), callBudgets: spendRows.reduce((s, r) => s + r.callBudgets, 0), awarded: spendRows.reduce((s, r) => s + r.awarded, 0), reported: spendRows.reduce((s, r) => s + r.reported, 0), rows: spendRows },
    outcomesByType: (Object.keys(OUTCOME_TYPES) as OutcomeType[]).map((type) => ({ type, label: OUTCOME_TYPES[type].label, gtr: OUTCOME_TYPES[type].gtr, count: outcomes.filter((o) => o.type === type && live.has(o.award_id)).length })),
    boundaries: {
      teams: teams.size,
      crossDisciplinaryShare: withDisciplines.length ? crossD / withDisciplines.length : null,
      crossRegionalShare: withRegions.length ? crossR / withRegions.length : null,
      eiDiscipline: ei((m) => m.disciplines[0] ?? null),
      eiRegion: ei((m) => itl1(all, m.region_code)),
      meanRaoStirling: meanRS,
    },
    notices,
  };
}

/** The portfolio's awards as CSV (one row each). */
export async function portfolioCsv(hub: Hub, viewer: Viewer): Promise<string> {
  const p = await portfolio(hub, viewer);
  const columns = ['reference', 'title', 'mechanism', 'call', 'holder', 'lead_organisation', 'amount', 'start_date', 'end_date', 'status', 'outcomes'];
  return toCsv(columns, p.awards.map((a) => ({ reference: a.reference, title: a.title, mechanism: a.mechanism.label, call: a.call.title, holder: a.holder, lead_organisation: a.leadOrganisation ?? '', amount: a.amount, start_date: a.startDate, end_date: a.endDate, status: a.status, outcomes: a.outcomes })), { spreadsheetSafe: true });
}

/** GtR's project CSV columns (its project search export), so the programme's awards load where GtR's do. */
export const GTR_PROJECT_COLUMNS = ['FundingOrgName', 'ProjectReference', 'LeadROName', 'Department', 'ProjectCategory', 'PISurname', 'PIFirstName', 'PIOtherNames', 'PI ORCID iD', 'StudentSurname', 'StudentFirstName', 'StudentOtherNames', 'Student ORCID iD', 'Title', 'StartDate', 'EndDate', 'AwardPounds', 'ExpenditurePounds', 'Region', 'Status', 'GTRProjectUrl', 'ProjectId', 'FundingOrgId', 'LeadROId', 'PIId'] as const;
export const GTR_OUTCOME_COLUMNS = ['ProjectReference', 'ProjectId', 'OutcomeType', 'OutcomeId', 'Title', 'Description', 'Year', 'DOI', 'PartnerName', 'Country', 'AmountPounds', 'URL'] as const;

const gtrDate = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;

/**
 * The awards (kind 'projects') or their outcomes (kind 'outcomes') as Gateway to Research's CSV: dates dd/mm/yyyy,
 * status Active or Closed, the funder the network; outcome types by their GtR names (awards and recognition, and next
 * destinations, which GtR does not publish, are left out).
 */
export async function gtrCsv(hub: Hub, viewer: Viewer, kind: 'projects' | 'outcomes', funder = 'Proximity network'): Promise<string> {
  authorise(viewer, 'programme.manage');
  const all = await taxonomies(hub);
  const awards = await listAwards(hub, viewer);
  const leads = new Map(
    (
      await hub.db
        .selectFrom('award_team as t')
        .leftJoin('profiles as p', 'p.id', 't.profile_id')
        .leftJoin('organisations as o', 'o.id', 't.organisation_id')
        .select(['t.award_id', 't.name', 't.orcid', 'p.orcid as profile_orcid', 'p.id as profile_id', 't.organisation_name', 'o.id as org_id', 'o.region_code'])
        .where('t.role', '=', 'lead')
        .execute()
    ).map((l) => [l.award_id, l]),
  );
  if (kind === 'projects') {
    return toCsv(
      GTR_PROJECT_COLUMNS,
      awards.map((a) => {
        const l = leads.get(a.id);
        const words = (l?.name ?? '').trim().split(/\s+/);
        const region = itl1(all, l?.region_code ?? null);
        return {
          FundingOrgName: funder,
          ProjectReference: a.reference,
          LeadROName: l?.organisation_name ?? '',
          Department: '',
          ProjectCategory: a.mechanism.label,
          PISurname: words.length > 1 ? words.at(-1)! : (words[0] ?? ''),
          PIFirstName: words.length > 1 ? words[0] : '',
          PIOtherNames: words.slice(1, -1).join(' '),
          'PI ORCID iD': l?.orcid ?? l?.profile_orcid ?? '',
          StudentSurname: '',
          StudentFirstName: '',
          StudentOtherNames: '',
          'Student ORCID iD': '',
          Title: a.title,
          StartDate: gtrDate(a.startDate),
          EndDate: gtrDate(a.endDate),
          AwardPounds: a.amount,
          ExpenditurePounds: '',
          Region: region ? labelOf(all, 'region', region) : '',
          Status: a.status === 'active' ? 'Active' : 'Closed',
          GTRProjectUrl: `${hub.baseUrl}/awards/${a.id}`,
          ProjectId: a.id,
          FundingOrgId: '',
          LeadROId: l?.org_id ?? '',
          PIId: l?.profile_id ?? '',
        };
      }),
      { spreadsheetSafe: true },
    );
  }
  const byId = new Map(awards.map((a) => [a.id, a]));
  const rows = await hub.db.selectFrom('outcomes').selectAll().orderBy('award_id').orderBy('year').execute();
  return toCsv(
    GTR_OUTCOME_COLUMNS,
    rows
      .filter((o) => byId.has(o.award_id) && OUTCOME_TYPES[o.type as OutcomeType].gtr)
      .map((o) => {
        const d = o.details as Record<string, unknown>;
        return {
          ProjectReference: byId.get(o.award_id)!.reference,
          ProjectId: o.award_id,
          OutcomeType: OUTCOME_TYPES[o.type as OutcomeType].gtr,
          OutcomeId: o.id,
          Title: o.title,
          Description: o.description,
          Year: o.year ?? '',
          DOI: typeof d.doi === 'string' ? d.doi : '',
          PartnerName: typeof d.partner === 'string' ? d.partner : '',
          Country: typeof d.country === 'string' ? d.country : '',
          AmountPounds: typeof d.amount === 'number' ? d.amount : '',
          URL: typeof d.url === 'string' ? d.url : '',
        };
      }),
    { spreadsheetSafe: true },
  );
}
