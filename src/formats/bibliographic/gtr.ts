/** UKRI Gateway to Research CSV extracts. */
import { UserError } from '../../errors.js';
import type { Activity, Actor, Participation, Records } from '../../networks/records.js';
import { csvTable } from './csv-table.js';
import { nameKey } from './names.js';

/**
 * UKRI Gateway to Research CSV extracts, read together: project exports (ProjectReference, Title, StartDate,
 * LeadROName, Department, Region, PISurname, PIFirstName, PI ORCID iD, PIId, Student… columns) give projects
 * with their principal investigator (and student) and lead organisation; subject extracts (grantReference,
 * text) give each project's subjects as fields; topic extracts (told apart by a file name containing "topic",
 * else by their column order) give keywords; a location table (Location, Latitude, Longitude) places the lead
 * organisations. "Unclassified" subjects and topics are left out.
 */
export function parseGtr(files: { file: string; text: string }[]): Records {
  const projects = new Map<string, { activity: { id: string; date?: string; title?: string; keywords: string[]; fields: string[] }; people: { id: string; name: string; orcid?: string; role: string }[]; organisation?: string; region?: string }>();
  const project = (ref: string) => {
    let p = projects.get(ref);
    if (!p) projects.set(ref, (p = { activity: { id: ref, keywords: [], fields: [] }, people: [] }));
    return p;
  };
  const places = new Map<string, { latitude: number; longitude: number }>();
  const kinds: string[] = [];
  for (const { file, text } of files) {
    const { rows, col } = csvTable(text, file, 'Gateway to Research');
    const get = (record: string[], name: string) => {
      const i = col(name);
      return i >= 0 ? (record[i] ?? '').trim() : '';
    };
    if (col('ProjectReference') >= 0) {
      kinds.push('projects');
      for (const { record, info } of rows) {
        const ref = get(record, 'ProjectReference');
        if (!ref) throw new UserError('project without a ProjectReference', { file, line: info.lines, column: col('ProjectReference') + 1, field: 'ProjectReference' });
        const p = project(ref);
        p.activity.title = get(record, 'Title') || p.activity.title;
        const start = get(record, 'StartDate');
        const iso = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(start); // GtR writes dd/mm/yyyy
        p.activity.date = iso ? `${iso[3]}-${iso[2]}-${iso[1]}` : start || p.activity.date;
        p.organisation = get(record, 'LeadROName') || p.organisation;
        p.region = get(record, 'Region') || p.region;
        for (const [prefix, role] of [['PI', 'principal investigator'], ['Student', 'student']] as const) {
          const surname = get(record, `${prefix}Surname`);
          if (!surname) continue;
          const name = `${surname}, ${[get(record, `${prefix}FirstName`), get(record, `${prefix}OtherNames`)].filter(Boolean).join(' ')}`;
          const orcid = /(\d{4}-\d{4}-\d{4}-\d{3}[\dX])/.exec(get(record, `${prefix} ORCID iD`))?.[1];
          const gtrId = get(record, `${prefix}Id`);
          const id = orcid ? `orcid:${orcid}` : gtrId ? `gtr:${gtrId}` : nameKey(name);
          if (!p.people.some((x) => x.id === id)) p.people.push({ id, name, ...(orcid && { orcid }), role });
        }
      }
    } else if (col('grantReference') >= 0 && col('text') >= 0) {
      const topics = /topic/i.test(file) || col('encodedText') < col('percentage');
      kinds.push(topics ? 'topics' : 'subjects');
      for (const { record, info } of rows) {
        const ref = get(record, 'grantReference');
        const term = get(record, 'text');
        if (!ref) throw new UserError('row without a grantReference', { file, line: info.lines, column: col('grantReference') + 1, field: 'grantReference' });
        if (!term || term === 'Unclassified') continue;
        const list = topics ? project(ref).activity.keywords : project(ref).activity.fields;
        if (!list.includes(term)) list.push(term);
      }
    } else if (col('Location') >= 0 && col('Latitude') >= 0) {
      kinds.push('locations');
      for (const { record } of rows) {
        const lat = Number(get(record, 'Latitude'));
        const lon = Number(get(record, 'Longitude'));
        if (Number.isFinite(lat) && Number.isFinite(lon) && get(record, 'Location') !== 'NA') places.set(get(record, 'Location'), { latitude: lat, longitude: lon });
      }
    } else throw new UserError('not a Gateway to Research extract: expected ProjectReference (projects), grantReference and text (subjects, topics) or Location, Latitude, Longitude columns', { file, line: 1 });
  }
  const actors = new Map<string, Actor>();
  const activities: Activity[] = [];
  const participations: Participation[] = [];
  for (const p of projects.values()) {
    activities.push({ id: p.activity.id, type: 'project', ...(p.activity.date && { date: p.activity.date }), ...(p.activity.title && { title: p.activity.title }), keywords: p.activity.keywords, fields: p.activity.fields });
    for (const person of p.people) {
      let a = actors.get(person.id);
      if (!a) {
        const place = p.organisation ? places.get(p.organisation) : undefined;
        a = { id: person.id, kind: 'person', name: person.name, disciplines: [], country: 'United Kingdom', ...(person.orcid && { orcid: person.orcid }), ...(p.organisation && { organisation: p.organisation }), ...(p.region && { region: p.region }), ...place };
        actors.set(person.id, a);
      }
      for (const f of p.activity.fields) {
        const d = a.disciplines.find((x) => x.code === f);
        if (d) d.weight += 1 / p.activity.fields.length;
        else a.disciplines.push({ code: f, weight: 1 / p.activity.fields.length });
      }
      participations.push({ activity: p.activity.id, actor: person.id, role: person.role, ...(p.organisation && { organisation: p.organisation }), country: 'United Kingdom' });
    }
  }
  if (activities.length === 0) throw new UserError(`no projects found in ${files.map((f) => f.file).join(', ')}`, { file: files[0]?.file ?? '' });
  return { actors: [...actors.values()], activities, participations };
}
