import { sql } from 'kysely';
import type { Executor } from '../../db/connection.js';
import type { Activity, ActivityType, Actor, Participation, Records } from '../../networks/records.js';
import type { ItemType } from '../library/library-model.js';

/** What kind of activity each library item type is, for the networks engine (publications, projects, events). */
const ACTIVITY_OF: Record<ItemType, ActivityType> = {
  research_summary: 'publication',
  briefing_paper: 'publication',
  policy_brief: 'publication',
  systematic_review: 'publication',
  working_paper: 'publication',
  journal_article: 'publication',
  case_study: 'publication',
  story: 'other',
  webinar_recording: 'event',
  video: 'other',
  podcast: 'other',
  dataset: 'other',
  tool: 'other',
  report: 'publication',
  news: 'other',
  research_project: 'project',
};

/** The version of the hub's data the network is built from: it changes whenever the library, the directory or the programme's awards and outcomes do. */
export async function hubNetworkVersion(db: Executor): Promise<number> {
  const r = await sql<{ v: number }>`select ((select version from library_state) + (select version from directory_state) + (select version from programme_state))::int as v`.execute(db);
  return Number(r.rows[0]?.v ?? 0);
}

/**
 * The network's own knowledge network, as records:
 * - every published library item is an activity (a grant a project, a report a publication…), with its disciplines as
 *   subject fields and its keywords (a grant's GtR topics);
 * - its authors take part in it: a member by their profile, anyone else by name; an author's organisation on it is the
 *   item's organisation when it names one;
 * - members who consent to analytics are actors with what their profile shows to everyone: their current organisation,
 *   region and disciplines. A member's affiliations, past and present, are one activity of type "other", so at the
 *   organisation level two organisations that share a member (a joint post, or a move from one to the other: the
 *   mobility that carries knowledge between organisations) are tied (select types to leave them out).
 * - the programme's awards are projects of their teams (the lead and co-applicants, with the organisation each gave),
 *   dated from their start; an award's collaborations and partnerships tie its lead to the partner organisation, and
 *   its publications (those not already published in the library) tie their authors, dated by their year, so the
 *   network shows how the programme changed collaboration over time.
 * Nothing a profile keeps from visitors is read.
 */
export async function hubNetworkRecords(db: Executor): Promise<Records> {
  const [items, itemFields, orgs, members, memberFields, affiliations, awards, awardTeams, outcomes] = await Promise.all([
    sql<{ id: string; type: ItemType; title: string; authors: { name: string; profileId?: string }[]; organisation_ids: string[]; keywords: string[]; published_on: string | null }>`
      select id, type, title, authors, organisation_ids, keywords, published_on::text from library_items where state = 'published' order by id`.execute(db),
    sql<{ item_id: string; label: string }>`
      select t.item_id, tt.label from library_item_terms t join taxonomy_terms tt on tt.taxonomy = t.taxonomy and tt.code = t.code
      join library_items i on i.id = t.item_id where i.state = 'published' and t.taxonomy = 'discipline' order by t.item_id, tt.label`.execute(db),
    sql<{ id: string; name: string; type: string; region_code: string | null; country: string }>`select id, name, type, region_code, country from organisations`.execute(db),
    sql<{ id: string; name: string; region_code: string | null; country: string | null; organisation_id: string | null }>`
      select p.id, p.name, case when p.visibility->>'region' = 'public' then p.region_code end as region_code, p.country,
        case when p.visibility->>'organisations' = 'public' then (select a.organisation_id from affiliations a where a.profile_id = p.id and a.end_date is null order by a.start_date desc nulls last limit 1) end as organisation_id
      from profiles p where p.listed and p.consent_analytics and p.visibility->>'name' = 'public' order by p.id`.execute(db),
    sql<{ profile_id: string; label: string }>`
      select pt.profile_id, tt.label from profile_terms pt join taxonomy_terms tt on tt.taxonomy = pt.taxonomy and tt.code = pt.code
      join profiles p on p.id = pt.profile_id
      where pt.taxonomy = 'discipline' and p.listed and p.consent_analytics and p.visibility->>'disciplines' = 'public' order by pt.profile_id, tt.label`.execute(db),
    sql<{ profile_id: string; organisation_id: string; start_date: string | null }>`
      select a.profile_id, a.organisation_id, a.start_date::text from affiliations a join profiles p on p.id = a.profile_id
      where p.listed and p.consent_analytics and p.visibility->>'name' = 'public' and p.visibility->>'organisations' = 'public' order by a.profile_id, a.organisation_id`.execute(db),
    sql<{ id: string; reference: string; title: string; start_date: string; themes: string[] }>`
      select w.id, w.reference, w.title, w.start_date::text, array(select tt.label from call_terms ct join taxonomy_terms tt on tt.taxonomy = ct.taxonomy and tt.code = ct.code where ct.call_id = w.call_id and ct.taxonomy = 'theme' order by tt.label) as themes
      from awards w where w.status <> 'terminated' order by w.id`.execute(db),
    sql<{ award_id: string; name: string; profile_id: string | null; role: string; organisation_name: string }>`
      select t.award_id, t.name, t.profile_id, t.role, t.organisation_name from award_team t join awards w on w.id = t.award_id
      where w.status <> 'terminated' and t.role <> 'partner' order by t.award_id, t.position`.execute(db),
    sql<{ id: string; award_id: string; type: string; title: string; year: number | null; details: { partner?: string; authors?: { name: string; profileId?: string | null }[] } }>`
      select o.id, o.award_id, o.type, o.title, o.year, o.details from outcomes o join awards w on w.id = o.award_id
      where w.status <> 'terminated' and o.type in ('collaboration', 'publication')
        and (o.library_item_id is null or not exists (select 1 from library_items i where i.id = o.library_item_id and i.state = 'published'))
      order by o.id`.execute(db),
  ]);
  const org = new Map(orgs.rows.map((o) => [o.id, o]));
  const fieldsOf = new Map<string, string[]>();
  for (const f of itemFields.rows) fieldsOf.set(f.item_id, [...(fieldsOf.get(f.item_id) ?? []), f.label]);
  const disciplinesOf = new Map<string, string[]>();
  for (const f of memberFields.rows) disciplinesOf.set(f.profile_id, [...(disciplinesOf.get(f.profile_id) ?? []), f.label]);

  const actors = new Map<string, Actor>();
  const memberId = (profileId: string) => `member:${profileId}`;
  for (const m of members.rows) {
    const o = m.organisation_id ? org.get(m.organisation_id) : undefined;
    const disciplines = disciplinesOf.get(m.id) ?? [];
    actors.set(memberId(m.id), {
      id: memberId(m.id),
      kind: 'person',
      name: m.name,
      ...(o && { organisation: o.name, organisationType: o.type }),
      ...(m.region_code && { region: m.region_code }),
      ...(m.country && { country: m.country }),
      disciplines: disciplines.map((code) => ({ code, weight: 1 / disciplines.length })),
    });
  }
  const activities: Activity[] = [];
  const participations: Participation[] = [];
  for (const i of items.rows) {
    activities.push({ id: `item:${i.id}`, type: ACTIVITY_OF[i.type], title: i.title, keywords: i.keywords, fields: fieldsOf.get(i.id) ?? [], ...(i.published_on && { date: i.published_on }) });
    const itemOrg = i.organisation_ids.length === 1 ? org.get(i.organisation_ids[0]) : undefined;
    for (const a of i.authors) {
      let id = a.profileId && actors.has(memberId(a.profileId)) ? memberId(a.profileId) : `author:${a.name.trim().toLowerCase()}`;
      if (!actors.has(id)) actors.set(id, { id, kind: 'person', name: a.name.trim(), disciplines: [], ...(itemOrg && { organisation: itemOrg.name, organisationType: itemOrg.type, ...(itemOrg.region_code && { region: itemOrg.region_code }), country: itemOrg.country }) });
      participations.push({ activity: `item:${i.id}`, actor: id, role: 'author', ...(itemOrg && { organisation: itemOrg.name, country: itemOrg.country }) });
    }
  }
  // a person of the programme: a member by their profile, anyone else by name (as library authors are)
  const personId = (name: string, profileId: string | null | undefined, organisation?: string) => {
    const id = profileId && actors.has(memberId(profileId)) ? memberId(profileId) : `author:${name.trim().toLowerCase()}`;
    if (!actors.has(id)) actors.set(id, { id, kind: 'person', name: name.trim(), disciplines: [], ...(organisation && { organisation }) });
    return id;
  };
  const teamOf = new Map<string, typeof awardTeams.rows>();
  for (const t of awardTeams.rows) teamOf.set(t.award_id, [...(teamOf.get(t.award_id) ?? []), t]);
  for (const w of awards.rows) {
    const id = `award:${w.id}`;
    activities.push({ id, type: 'project', title: w.title, keywords: w.themes, fields: [], date: w.start_date });
    for (const m of teamOf.get(w.id) ?? []) participations.push({ activity: id, actor: personId(m.name, m.profile_id, m.organisation_name || undefined), role: m.role, ...(m.organisation_name && { organisation: m.organisation_name }) });
  }
  for (const o of outcomes.rows) {
    const id = `outcome:${o.id}`;
    const lead = (teamOf.get(o.award_id) ?? []).find((m) => m.role === 'lead');
    if (o.type === 'collaboration' && o.details.partner && lead) {
      activities.push({ id, type: 'other', title: o.title, keywords: [], fields: [], ...(o.year && { date: String(o.year) }) });
      participations.push({ activity: id, actor: personId(lead.name, lead.profile_id, lead.organisation_name || undefined), role: 'lead', ...(lead.organisation_name && { organisation: lead.organisation_name }) });
      const partnerId = `partner:${o.details.partner.trim().toLowerCase()}`;
      if (!actors.has(partnerId)) actors.set(partnerId, { id: partnerId, kind: 'organisation', name: o.details.partner.trim(), organisation: o.details.partner.trim(), disciplines: [] });
      participations.push({ activity: id, actor: partnerId, role: 'partner', organisation: o.details.partner.trim() });
    } else if (o.type === 'publication' && (o.details.authors?.length ?? 0) > 0) {
      activities.push({ id, type: 'publication', title: o.title, keywords: [], fields: [], ...(o.year && { date: String(o.year) }) });
      for (const a of o.details.authors!) participations.push({ activity: id, actor: personId(a.name, a.profileId), role: 'author' });
    }
  }
  const byMember = new Map<string, typeof affiliations.rows>();
  for (const a of affiliations.rows) if (org.has(a.organisation_id) && actors.has(memberId(a.profile_id))) byMember.set(a.profile_id, [...(byMember.get(a.profile_id) ?? []), a]);
  for (const [profileId, list] of byMember) {
    const id = `affiliations:${profileId}`;
    const first = list.map((a) => a.start_date).filter((d): d is string => d !== null).sort()[0];
    activities.push({ id, type: 'other', title: `Affiliations of ${actors.get(memberId(profileId))!.name}`, keywords: [], fields: [], ...(first && { date: first }) });
    for (const a of list) {
      const o = org.get(a.organisation_id)!;
      participations.push({ activity: id, actor: memberId(profileId), role: 'member', organisation: o.name, country: o.country });
    }
  }
  return { actors: [...actors.values()], activities, participations };
}
