import type { Executor } from '../../db/connection.js';
import { UserError } from '../../errors.js';
import { bibtexEntries, field } from '../../formats/bibliographic/bibtex.js';
import { risRecords } from '../../formats/bibliographic/ris.js';
import { doi as doiSchema } from '../library/contract.js';
import { createItem, submitItem } from '../library/library.js';
import { can, type Viewer } from '../platform/access.js';
import { recordAudit } from '../platform/audit.js';
import type { Hub } from '../platform/context.js';
import { HubError, invalid, notFound } from '../platform/errors.js';
import { parse, isId } from '../platform/validate.js';
import { outcomeView } from './awards.js';
import { OutcomeInput, type OutcomeView } from './contract.js';


export interface Citation {
  title: string;
  authors: string[];
  year: number | null;
  journal: string | null;
  volume: string | null;
  pages: string | null;
  doi: string | null;
  /** The reference as a line (author, year, title, journal, volume, pages, DOI). */
  text: string;
}

/** "Smith, Ann" or "Ann Smith" as "Smith, A." for the reference line. */
function shortName(name: string): string {
  const [family, given = ''] = name.includes(',') ? name.split(',').map((s) => s.trim()) : [name.trim().split(/\s+/).at(-1)!, name.trim().split(/\s+/).slice(0, -1).join(' ')];
  const initials = given.split(/[\s.-]+/).filter(Boolean).map((g) => `${g[0].toUpperCase()}.`).join(' ');
  return initials ? `${family}, ${initials}` : family;
}

/**
 * A publication's details from its citation as BibTeX or RIS (what a DOI's metadata service or a reference manager
 * exports): nothing is fetched. A mistake names its line.
 */
export function readCitation(text: string): Citation {
  const t = text.trim();
  let c: Omit<Citation, 'text'>;
  try {
    if (t.startsWith('@')) {
      const e = bibtexEntries(t, 'citation')[0];
      const authors = (field(e, 'author') ?? '').split(/\s+and\s+/i).map((a) => a.trim()).filter(Boolean);
      const year = Number(field(e, 'year'));
      c = { title: field(e, 'title') ?? '', authors, year: Number.isInteger(year) && year > 0 ? year : null, journal: field(e, 'journal') ?? field(e, 'booktitle') ?? null, volume: field(e, 'volume') ?? null, pages: field(e, 'pages')?.replace(/-+/, '–') ?? null, doi: field(e, 'doi') ?? null };
    } else if (/^TY {2}-/m.test(t)) {
      const r = risRecords(t, 'citation')[0];
      const one = (...tags: string[]) => tags.map((g) => r.fields.get(g)?.[0]).find((v) => v) ?? null;
      const year = Number((one('PY', 'Y1', 'DA') ?? '').slice(0, 4));
      const sp = one('SP');
      const ep = one('EP');
      c = { title: one('TI', 'T1') ?? '', authors: [...(r.fields.get('AU') ?? []), ...(r.fields.get('A1') ?? [])], year: Number.isInteger(year) && year > 0 ? year : null, journal: one('JO', 'T2', 'JF', 'JA'), volume: one('VL'), pages: sp ? (ep ? `${sp}–${ep}` : sp) : null, doi: one('DO') };
    } else throw new UserError('is neither BibTeX (@article{…}) nor RIS (TY  - JOUR … ER  -)');
  } catch (err) {
    if (err instanceof UserError) throw new HubError('validation', `citation: ${err.message}${err.where?.line ? ` (line ${err.where.line})` : ''}`, { issues: [{ field: 'citation', message: err.message, ...(err.where?.line && { line: err.where.line }) }] });
    throw err;
  }
  if (c.doi) {
    const d = doiSchema.safeParse(c.doi);
    c.doi = d.success ? d.data : null;
  }
  const names = c.authors.map(shortName);
  const who = names.length > 3 ? `${names.slice(0, 3).join(', ')} et al.` : names.join(', ');
  const text2 = [`${who}${who ? ' ' : ''}(${c.year ?? 'n.d.'}).`, `${c.title}.`, c.journal ? `${c.journal}${c.volume ? `, ${c.volume}` : ''}${c.pages ? `, ${c.pages}` : ''}.` : '', c.doi ? `https://doi.org/${c.doi}` : ''].filter(Boolean).join(' ');
  return { ...c, text: text2 };
}

async function awardFor(db: Executor, viewer: Viewer, awardId: string) {
  if (!isId(awardId)) throw notFound('award');
  const a = await db.selectFrom('awards').selectAll().where('id', '=', awardId).executeTakeFirst();
  if (!a) throw notFound('award');
  const holder =
    viewer.kind === 'user' &&
    (a.holder_id === viewer.userId || !!(await db.selectFrom('award_team as t').innerJoin('profiles as p', 'p.id', 't.profile_id').select('t.position').where('t.award_id', '=', a.id).where('p.user_id', '=', viewer.userId).executeTakeFirst()));
  if (!holder && !can(viewer, 'programme.manage')) throw new HubError(viewer.kind === 'visitor' ? 'unauthenticated' : 'forbidden', 'only the award’s team and programme managers record its outcomes');
  return a;
}

/** The details an outcome keeps, by type: a publication's citation (read from BibTeX or RIS when given), a partner, an amount… */
function detailsOf(o: OutcomeInput): { title: string; year: number | null; details: Record<string, unknown> } {
  const details: Record<string, unknown> = {};
  let title = o.title;
  let year = o.year ?? null;
  if (o.type === 'publication') {
    const cited = o.citation ? readCitation(o.citation) : null;
    const doi = o.doi ? doiSchema.safeParse(o.doi) : null;
    if (doi && !doi.success) throw invalid('doi', 'is not a DOI (10.1234/…)');
    title ||= cited?.title ?? '';
    year ??= cited?.year ?? null;
    Object.assign(details, {
      doi: doi?.data ?? cited?.doi ?? null,
      authors: o.authors?.length ? o.authors : (cited?.authors ?? []).map((name) => ({ name })),
      journal: o.journal ?? cited?.journal ?? null,
      volume: cited?.volume ?? null,
      pages: cited?.pages ?? null,
      citation: cited?.text ?? null,
    });
    if (!title) throw invalid('title', 'is required (or give the citation as BibTeX or RIS)');
  } else {
    if (!title) throw invalid('title', 'is required');
    for (const k of ['partner', 'partnerOrganisationId', 'partnerType', 'country', 'amount', 'url', 'detail'] as const) if (o[k] !== undefined && o[k] !== null) details[k] = o[k];
    if (o.authors?.length) details.people = o.authors;
  }
  return { title, year, details };
}

export async function addOutcome(hub: Hub, viewer: Viewer, awardId: string, input: unknown, options: { isExample?: boolean } = {}): Promise<OutcomeView> {
  const o = parse(OutcomeInput, input);
  const { title, year, details } = detailsOf(o);
  const row = await hub.db.transaction().execute(async (tx) => {
    const a = await awardFor(tx, viewer, awardId);
    const r = await tx
      .insertInto('outcomes')
      .values({ award_id: a.id, type: o.type, title, description: o.description, year, details: JSON.stringify(details), is_example: options.isExample ?? false, created_by: viewer.kind === 'user' ? viewer.userId : null })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(tx, viewer, { action: 'programme.outcome_add', entityType: 'award', entityId: a.id, after: { outcome: r.id, type: o.type, title } });
    return r;
  });
  return outcomeView(row);
}

async function outcomeRow(db: Executor, id: string) {
  if (!isId(id)) throw notFound('outcome');
  const o = await db.selectFrom('outcomes').selectAll().where('id', '=', id).executeTakeFirst();
  if (!o) throw notFound('outcome');
  return o;
}

export async function updateOutcome(hub: Hub, viewer: Viewer, id: string, input: unknown): Promise<OutcomeView> {
  const o = parse(OutcomeInput, input);
  const { title, year, details } = detailsOf(o);
  const row = await hub.db.transaction().execute(async (tx) => {
    const old = await outcomeRow(tx, id);
    await awardFor(tx, viewer, old.award_id);
    const r = await tx.updateTable('outcomes').set({ type: o.type, title, description: o.description, year, details: JSON.stringify(details), updated_at: hub.now() }).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
    await recordAudit(tx, viewer, { action: 'programme.outcome_update', entityType: 'award', entityId: old.award_id, before: { title: old.title }, after: { outcome: id, title } });
    return r;
  });
  return outcomeView(row);
}

export async function deleteOutcome(hub: Hub, viewer: Viewer, id: string): Promise<void> {
  await hub.db.transaction().execute(async (tx) => {
    const old = await outcomeRow(tx, id);
    await awardFor(tx, viewer, old.award_id);
    await tx.deleteFrom('outcomes').where('id', '=', id).execute();
    await recordAudit(tx, viewer, { action: 'programme.outcome_remove', entityType: 'award', entityId: old.award_id, before: { outcome: id, title: old.title } });
  });
}

/**
 * Publishes a publication outcome to the library in one step: an item (a journal article) with its authors, DOI and
 * the call's themes, written by the award's team and sent to the curators (the library's workflow decides on it).
 */
export async function publishOutcome(hub: Hub, viewer: Viewer, id: string): Promise<{ itemId: string; state: string }> {
  const o = await outcomeRow(hub.db, id);
  const a = await awardFor(hub.db, viewer, o.award_id);
  if (o.library_item_id) throw new HubError('conflict', 'this outcome is already in the library');
  if (o.type !== 'publication') throw new HubError('conflict', 'publications go to the library this way; other outcomes are recorded on the award');
  const d = o.details as { doi?: string | null; authors?: { name: string; profileId?: string | null; orcid?: string | null }[]; journal?: string | null; citation?: string | null };
  const themes = (await hub.db.selectFrom('call_terms').select('code').where('call_id', '=', a.call_id).where('taxonomy', '=', 'theme').execute()).map((t) => t.code);
  const orgs = (await hub.db.selectFrom('award_team').select('organisation_id').where('award_id', '=', a.id).where('organisation_id', 'is not', null).execute()).map((t) => t.organisation_id!);
  const item = await createItem(hub, viewer, {
    type: 'journal_article',
    title: o.title,
    summary: o.description || `${d.citation ?? o.title} An output of the award ${a.reference}, “${a.title}”.`,
    authors: (d.authors ?? []).map((x) => ({ name: x.name, ...(x.profileId && { profileId: x.profileId }), ...(x.orcid && { orcid: x.orcid }) })),
    organisationIds: [...new Set(orgs)].slice(0, 50),
    keywords: [a.reference],
    publishedOn: o.year ? `${o.year}-01-01` : null,
    doi: d.doi ?? null,
    themes,
  });
  const submitted = await submitItem(hub, viewer, item.id);
  await hub.db.transaction().execute(async (tx) => {
    await tx.updateTable('outcomes').set({ library_item_id: item.id, updated_at: hub.now() }).where('id', '=', o.id).execute();
    await recordAudit(tx, viewer, { action: 'programme.outcome_publish', entityType: 'award', entityId: a.id, after: { outcome: o.id, item: item.id } });
  });
  return { itemId: item.id, state: submitted.state };
}
