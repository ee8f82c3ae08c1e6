/**
 * The generic CSV form of the knowledge-network model, three tables in a directory:
 * - actors.csv: id, kind (person|organisation), name, orcid, ror, organisation, organisation_type, region, country,
 *   latitude, longitude, disciplines (`code:weight; code:weight`), sector;
 * - activities.csv: id, type, date, title, keywords (`;`-separated), fields (`;`-separated); for publications also
 *   doi, source, volume, page, cited_by, author_keywords, index_keywords, references (` | `-separated), abstract;
 * - participations.csv: activity, actor, role, organisation, country.
 * `proximity networks import` writes it; every command reads it. Only id (and activity, actor) columns are
 * required; the others may be absent or empty.
 */
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../errors.js';
import { ACTIVITY_TYPES, type Activity, type ActivityType, type Actor, type Participation, type Records } from '../networks/records.js';
import { openCsv } from './csv.js';
import { toCsv } from './output.js';

/** References are separated by " | " in activities.csv (a DOI may hold a semicolon). */
const REFERENCE_SEPARATOR = ' | ';

export const TABLE_FILES = { actors: 'actors.csv', activities: 'activities.csv', participations: 'participations.csv' } as const;

export function isTablesDir(path: string): boolean {
  return existsSync(join(path, TABLE_FILES.participations));
}

async function rows(file: string, required: string[]): Promise<{ get: (name: string) => string | undefined; line: number; column: (name: string) => number }[]> {
  const src = await openCsv(file);
  const header = src.header.map((h) => h.toLowerCase());
  for (const r of required) if (!header.includes(r)) throw new UserError(`missing column "${r}" (found ${src.header.join(', ')})`, { file, line: 1 });
  const out = [];
  for await (const { fields, line } of src.rows) {
    out.push({ get: (name: string) => fields[header.indexOf(name)]?.trim() || undefined, line, column: (name: string) => header.indexOf(name) + 1 });
  }
  return out;
}

const list = (s: string | undefined) => (s ?? '').split(';').map((x) => x.trim()).filter(Boolean);

export async function readTables(dir: string): Promise<Records> {
  const actorsFile = join(dir, TABLE_FILES.actors);
  const activitiesFile = join(dir, TABLE_FILES.activities);
  const participationsFile = join(dir, TABLE_FILES.participations);
  const actors: Actor[] = [];
  const actorIds = new Set<string>();
  if (existsSync(actorsFile)) {
    for (const r of await rows(actorsFile, ['id'])) {
      const id = r.get('id')!;
      if (!id) throw new UserError('empty id', { file: actorsFile, line: r.line, column: r.column('id') });
      if (actorIds.has(id)) throw new UserError(`actor "${id}" appears twice`, { file: actorsFile, line: r.line, column: r.column('id') });
      actorIds.add(id);
      const kind = r.get('kind') ?? 'person';
      if (kind !== 'person' && kind !== 'organisation') throw new UserError(`kind "${kind}" is not person or organisation`, { file: actorsFile, line: r.line, column: r.column('kind'), field: 'kind' });
      const num = (name: string) => {
        const v = r.get(name);
        if (v === undefined) return undefined;
        const x = Number(v);
        if (!Number.isFinite(x)) throw new UserError(`${name} "${v}" is not a number`, { file: actorsFile, line: r.line, column: r.column(name), field: name });
        return x;
      };
      const disciplines = list(r.get('disciplines')).map((d) => {
        const at = d.lastIndexOf(':');
        const code = at < 0 ? d : d.slice(0, at);
        const weight = at < 0 ? undefined : d.slice(at + 1);
        const w = weight === undefined ? 1 : Number(weight);
        if (!Number.isFinite(w) || w < 0) throw new UserError(`discipline weight "${weight}" is not a number ≥ 0`, { file: actorsFile, line: r.line, column: r.column('disciplines'), field: 'disciplines' });
        return { code: code.trim(), weight: w };
      });
      const opt = (name: string, key: keyof Actor) => (r.get(name) !== undefined ? { [key]: r.get(name) } : {});
      const lat = num('latitude');
      const lon = num('longitude');
      actors.push({
        id,
        kind,
        name: r.get('name') ?? id,
        disciplines,
        ...opt('orcid', 'orcid'),
        ...opt('ror', 'ror'),
        ...opt('organisation', 'organisation'),
        ...opt('organisation_type', 'organisationType'),
        ...opt('region', 'region'),
        ...opt('country', 'country'),
        ...opt('sector', 'sector'),
        ...(lat !== undefined && { latitude: lat }),
        ...(lon !== undefined && { longitude: lon }),
      });
    }
  }
  const activities: Activity[] = [];
  const activityIds = new Set<string>();
  if (existsSync(activitiesFile)) {
    for (const r of await rows(activitiesFile, ['id'])) {
      const id = r.get('id');
      if (!id) throw new UserError('empty id', { file: activitiesFile, line: r.line, column: r.column('id') });
      if (activityIds.has(id)) throw new UserError(`activity "${id}" appears twice`, { file: activitiesFile, line: r.line, column: r.column('id') });
      activityIds.add(id);
      const type = (r.get('type') ?? 'other') as ActivityType;
      if (!ACTIVITY_TYPES.includes(type)) throw new UserError(`type "${type}" is not one of ${ACTIVITY_TYPES.join(', ')}`, { file: activitiesFile, line: r.line, column: r.column('type'), field: 'type' });
      const date = r.get('date');
      if (date !== undefined && !/^\d{4}(-\d{2}(-\d{2})?)?$/.test(date)) throw new UserError(`date "${date}" is not YYYY, YYYY-MM or YYYY-MM-DD`, { file: activitiesFile, line: r.line, column: r.column('date'), field: 'date' });
      const citedBy = r.get('cited_by');
      if (citedBy !== undefined && !/^\d+$/.test(citedBy)) throw new UserError(`cited_by "${citedBy}" is not a whole number`, { file: activitiesFile, line: r.line, column: r.column('cited_by'), field: 'cited_by' });
      const refs = r.get('references');
      const opt = (column: string, key: 'doi' | 'abstract' | 'source' | 'volume' | 'page') => (r.get(column) ? { [key]: r.get(column)! } : {});
      const kinds = (column: string, key: 'authorKeywords' | 'indexKeywords') => (r.get(column) ? { [key]: list(r.get(column)) } : {});
      activities.push({
        id,
        type,
        ...(date && { date }),
        ...(r.get('title') && { title: r.get('title') }),
        ...opt('abstract', 'abstract'),
        keywords: list(r.get('keywords')),
        fields: list(r.get('fields')),
        ...opt('doi', 'doi'),
        ...opt('source', 'source'),
        ...opt('volume', 'volume'),
        ...opt('page', 'page'),
        ...(citedBy !== undefined && { citedBy: Number(citedBy) }),
        ...kinds('author_keywords', 'authorKeywords'),
        ...kinds('index_keywords', 'indexKeywords'),
        ...(refs && { references: refs.split(REFERENCE_SEPARATOR).map((x) => x.trim()).filter(Boolean) }),
      });
    }
  }
  const participations: Participation[] = [];
  for (const r of await rows(participationsFile, ['activity', 'actor'])) {
    const activity = r.get('activity');
    const actor = r.get('actor');
    if (!activity) throw new UserError('empty activity', { file: participationsFile, line: r.line, column: r.column('activity') });
    if (!actor) throw new UserError('empty actor', { file: participationsFile, line: r.line, column: r.column('actor') });
    if (activities.length && !activityIds.has(activity)) throw new UserError(`activity "${activity}" is not in ${TABLE_FILES.activities}`, { file: participationsFile, line: r.line, column: r.column('activity') });
    if (actors.length && !actorIds.has(actor)) throw new UserError(`actor "${actor}" is not in ${TABLE_FILES.actors}`, { file: participationsFile, line: r.line, column: r.column('actor') });
    participations.push({ activity, actor, role: r.get('role') ?? '', ...(r.get('organisation') && { organisation: r.get('organisation') }), ...(r.get('country') && { country: r.get('country') }) });
  }
  // tables given without actors or activities: the participations define them
  if (!activities.length) for (const id of new Set(participations.map((p) => p.activity))) activities.push({ id, type: 'other', keywords: [], fields: [] });
  if (!actors.length) for (const id of new Set(participations.map((p) => p.actor))) actors.push({ id, kind: 'person', name: id, disciplines: [] });
  return { actors, activities, participations };
}

/** Writes the three tables into `dir` (each file written whole, then renamed into place). */
export function writeTables(records: Records, dir: string): void {
  mkdirSync(dir, { recursive: true });
  const put = (name: string, text: string) => {
    const tmp = join(dir, `.${name}.${process.pid}.tmp`);
    writeFileSync(tmp, text);
    renameSync(tmp, join(dir, name));
  };
  put(
    TABLE_FILES.actors,
    toCsv(
      ['id', 'kind', 'name', 'orcid', 'ror', 'organisation', 'organisation_type', 'region', 'country', 'latitude', 'longitude', 'disciplines', 'sector'],
      records.actors.map((a) => ({
        id: a.id,
        kind: a.kind,
        name: a.name,
        orcid: a.orcid,
        ror: a.ror,
        organisation: a.organisation,
        organisation_type: a.organisationType,
        region: a.region,
        country: a.country,
        latitude: a.latitude,
        longitude: a.longitude,
        disciplines: a.disciplines.map((d) => `${d.code}:${d.weight}`).join('; '),
        sector: a.sector,
      })),
    ),
  );
  const biblio = records.activities.some((a) => a.doi || a.source || a.references || a.authorKeywords || a.indexKeywords || a.abstract || a.citedBy !== undefined);
  put(
    TABLE_FILES.activities,
    toCsv(
      ['id', 'type', 'date', 'title', 'keywords', 'fields', ...(biblio ? ['doi', 'source', 'volume', 'page', 'cited_by', 'author_keywords', 'index_keywords', 'references', 'abstract'] : [])],
      records.activities.map((a) => ({
        id: a.id,
        type: a.type,
        date: a.date,
        title: a.title,
        keywords: a.keywords.join('; '),
        fields: a.fields.join('; '),
        doi: a.doi,
        source: a.source,
        volume: a.volume,
        page: a.page,
        cited_by: a.citedBy,
        author_keywords: a.authorKeywords?.join('; '),
        index_keywords: a.indexKeywords?.join('; '),
        references: a.references?.join(REFERENCE_SEPARATOR),
        abstract: a.abstract,
      })),
    ),
  );
  put(TABLE_FILES.participations, toCsv(['activity', 'actor', 'role', 'organisation', 'country'], records.participations.map((p) => ({ ...p }))));
}
