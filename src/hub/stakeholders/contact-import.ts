import { sql } from 'kysely';
import { csvTable } from '../../formats/bibliographic/csv-table.js';
import { UserError } from '../../errors.js';
import { authorise, type Viewer } from '../platform/access.js';
import { recordAudit } from '../platform/audit.js';
import type { Hub } from '../platform/context.js';
import { HubError, type FieldIssue } from '../platform/errors.js';
import { parse } from '../platform/validate.js';
import { taxonomies } from '../taxonomy/taxonomy.js';
import { giveConsent } from './consent.js';
import { newNonce, writeInterests } from './contacts.js';
import { ContactInput, IMPORT_FIELDS, ImportInput, SIZE_BANDS, STAKEHOLDER_TYPES, type ConsentPurpose, type ImportField, type ImportReport } from './contract.js';

/** Header names each field is recognised by, when the mapping does not say (compared without case, spaces or punctuation). */
const SYNONYMS: Record<ImportField, string[]> = {
  name: ['name', 'fullname', 'contactname', 'contact'],
  email: ['email', 'emailaddress', 'mail'],
  organisation: ['organisation', 'organization', 'company', 'employer', 'institution', 'organisationname'],
  sector: ['sector', 'sicsection', 'sic', 'industry'],
  sizeBand: ['size', 'sizeband', 'companysize', 'employees', 'employeeband'],
  region: ['region', 'itl', 'itlregion', 'itlcode', 'location'],
  stakeholderType: ['type', 'stakeholdertype', 'stakeholder', 'category'],
  themes: ['themes', 'theme', 'interests'],
  technologies: ['technologies', 'technology'],
  consentDigests: ['consentdigests', 'digests', 'newsletter', 'consentnewsletter'],
  consentConsultations: ['consentconsultations', 'consultations'],
  consentResearch: ['consentresearch', 'research', 'researchparticipation'],
  consentPartners: ['consentpartners', 'partners', 'sharing'],
};
const CONSENT_FIELDS: Partial<Record<ImportField, ConsentPurpose>> = { consentDigests: 'digests', consentConsultations: 'consultations', consentResearch: 'research', consentPartners: 'partners' };
const squash = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, '');
const YES = new Set(['yes', 'y', 'true', '1', 'x', 'opted in', 'opt-in', 'consented']);
const NO = new Set(['', 'no', 'n', 'false', '0', 'opted out', 'opt-out']);

/** Reads a value that may be a code or a label of a list. */
function codeOf(list: { code: string; label: string }[], v: string): string | null {
  const s = squash(v);
  return list.find((t) => squash(t.code) === s || squash(t.label) === s)?.code ?? null;
}

/** A size band from its code, its label or a number of employees. */
function sizeBandOf(v: string): string | null {
  const n = Number(v.replace(/[, ]/g, ''));
  if (v.trim() !== '' && Number.isFinite(n)) return n < 10 ? 'micro' : n < 50 ? 'small' : n < 250 ? 'medium' : 'large';
  return codeOf(Object.entries(SIZE_BANDS).map(([code, label]) => ({ code, label })), v) ?? codeOf(Object.entries(SIZE_BANDS).map(([code, label]) => ({ code, label: label.split(' (')[0] })), v);
}

interface ParsedRow {
  line: number;
  contact: ReturnType<typeof ContactInput.parse>;
  consents: ConsentPurpose[];
}

/**
 * Reads a CSV of contacts: each row checked as a contact (its field's column named in every error, with the file and
 * line), then matched against the contacts held: by email first, then by name and organisation together. A preview
 * writes nothing; a commit writes everything in one transaction, and refuses the whole file if a row is bad unless
 * the bad rows are to be left out.
 */
export async function importContacts(hub: Hub, viewer: Viewer, raw: unknown): Promise<ImportReport> {
  authorise(viewer, 'contacts.manage');
  const input = parse(ImportInput, raw);
  const all = await taxonomies(hub);
  let table: ReturnType<typeof csvTable>;
  try {
    table = csvTable(input.csv, input.filename, 'contacts');
  } catch (err) {
    if (err instanceof UserError) throw new HubError('validation', `${input.filename}${err.where?.line ? `:${err.where.line}` : ''}: ${err.message}`, { issues: [{ field: 'csv', message: err.message, ...(err.where?.line !== undefined && { line: err.where.line }) }] });
    throw err;
  }
  // the mapping: what the user said, else the header's names
  const mapping: Partial<Record<ImportField, string>> = {};
  const issues: FieldIssue[] = [];
  for (const field of IMPORT_FIELDS) {
    const given = input.mapping[field];
    if (given !== undefined && given !== '') {
      if (table.col(given) < 0) issues.push({ field: `mapping.${field}`, message: `there is no column “${given}” in ${input.filename} (its columns: ${table.header.join(', ')})` });
      else mapping[field] = table.header[table.col(given)];
      continue;
    }
    const found = table.header.find((h) => SYNONYMS[field].includes(squash(h)) && !Object.values(mapping).includes(h));
    if (found) mapping[field] = found;
  }
  if (!mapping.name) issues.push({ field: 'mapping.name', message: `no column gives the name (columns: ${table.header.join(', ')})` });
  if (!mapping.email) issues.push({ field: 'mapping.email', message: `no column gives the email address (columns: ${table.header.join(', ')})` });
  const consentColumns = Object.keys(CONSENT_FIELDS).filter((f) => mapping[f as ImportField]);
  const consentMissing = consentColumns.length > 0 && input.consentSource.length < 3 ? `the file records consent (${consentColumns.map((f) => mapping[f as ImportField]).join(', ')}): say where and when it was given, e.g. “sign-up sheet, Discovery day, 12 March 2026”` : null;
  // a preview says it; an import is refused without it
  if (consentMissing && input.mode === 'commit') issues.push({ field: 'consentSource', message: consentMissing });
  if (issues.length) throw new HubError('validation', `${issues[0].field}: ${issues[0].message}`, { issues });

  const errors: ImportReport['errors'] = [];
  const parsed: ParsedRow[] = [];
  const get = (record: string[], field: ImportField) => (mapping[field] ? table.get(record, mapping[field]!) : '');
  const lists = { sector: all.sector, region: all.region, theme: all.theme, technology: all.technology, stakeholderType: Object.entries(STAKEHOLDER_TYPES).map(([code, label]) => ({ code, label })) };
  for (const row of table.rows) {
    const line = row.info.lines;
    const r = row.record;
    if (r.every((c) => c.trim() === '')) continue;
    const bad = (field: ImportField, message: string) => errors.push({ line, column: mapping[field] ?? field, field, message });
    const before = errors.length;
    const pick = (field: ImportField, list: { code: string; label: string }[]) => {
      const v = get(r, field);
      if (!v) return null;
      const code = codeOf(list, v);
      if (!code) bad(field, `“${v}” is not a known ${field === 'region' ? 'ITL region (code or name)' : field === 'sector' ? 'SIC section (a letter A–U or its name)' : 'value'}`);
      return code;
    };
    const terms = (field: 'themes' | 'technologies', list: { code: string; label: string }[]) =>
      get(r, field)
        .split(/[;|]/)
        .map((s) => s.trim())
        .filter(Boolean)
        .map((v) => codeOf(list, v) ?? (bad(field, `“${v}” is not a known ${field === 'themes' ? 'theme' : 'technology'}`), ''))
        .filter(Boolean);
    const sizeText = get(r, 'sizeBand');
    const sizeBand = sizeText ? sizeBandOf(sizeText) : null;
    if (sizeText && !sizeBand) bad('sizeBand', `“${sizeText}” is not a size band (micro, small, medium, large, or a number of employees)`);
    const consents: ConsentPurpose[] = [];
    for (const [field, purpose] of Object.entries(CONSENT_FIELDS) as [ImportField, ConsentPurpose][]) {
      const v = get(r, field).toLowerCase();
      if (YES.has(v)) consents.push(purpose);
      else if (!NO.has(v)) bad(field, `“${v}” is not yes or no`);
    }
    const candidate = {
      name: get(r, 'name'),
      email: get(r, 'email'),
      organisation: get(r, 'organisation'),
      sector: pick('sector', lists.sector),
      sizeBand,
      region: pick('region', lists.region),
      stakeholderType: pick('stakeholderType', lists.stakeholderType),
      themes: terms('themes', lists.theme),
      technologies: terms('technologies', lists.technology),
    };
    const checked = ContactInput.safeParse(candidate);
    if (!checked.success) {
      for (const i of checked.error.issues.slice(0, 3)) {
        const field = String(i.path[0]) as ImportField;
        bad(field, field === 'email' ? `“${candidate.email}” is not an email address` : field === 'name' ? 'is empty' : i.message);
      }
    }
    if (errors.length === before && checked.success) parsed.push({ line, contact: checked.data, consents });
  }

  // duplicates: within the file (an email again), then against the contacts held (email, then name and organisation)
  const report: ImportReport = { mode: input.mode, committed: false, rows: table.rows.length, mapping: mapping as Record<string, string>, columns: table.header, valid: parsed.length, created: 0, updated: 0, skipped: 0, errors, duplicates: [], sample: [], notices: [] };
  const seen = new Map<string, number>();
  const emails = [...new Set(parsed.map((p) => p.contact.email))];
  const held = new Map<string, { id: string; name: string }>();
  for (let i = 0; i < emails.length; i += 5000) {
    const chunk = emails.slice(i, i + 5000);
    for (const c of await hub.db.selectFrom('contacts').select(['id', 'name', sql<string>`lower(email)`.as('email')]).where(sql`lower(email)`, 'in', chunk).execute()) held.set(c.email, { id: c.id, name: c.name });
  }
  const byNameOrg = new Map<string, { id: string; name: string }>();
  const keys = [...new Set(parsed.filter((p) => p.contact.organisation).map((p) => `${p.contact.name.toLowerCase()}\n${p.contact.organisation.toLowerCase()}`))];
  for (let i = 0; i < keys.length; i += 2000) {
    const chunk = keys.slice(i, i + 2000);
    const rows = await hub.db
      .selectFrom('contacts')
      .select(['id', 'name', 'organisation'])
      .where(sql<boolean>`lower(name) || chr(10) || lower(organisation) in (${sql.join(chunk)})`)
      .execute();
    for (const c of rows) byNameOrg.set(`${c.name.toLowerCase()}\n${c.organisation.toLowerCase()}`, { id: c.id, name: c.name });
  }
  type Plan = { row: ParsedRow; action: 'create' | 'update' | 'skip'; target: string | null };
  const plans: Plan[] = [];
  for (const p of parsed) {
    const earlier = seen.get(p.contact.email);
    if (earlier !== undefined) {
      report.duplicates.push({ line: p.line, match: 'earlier_row', contactId: null, name: p.contact.name });
      plans.push({ row: p, action: 'skip', target: null });
      continue;
    }
    seen.set(p.contact.email, p.line);
    const byEmail = held.get(p.contact.email);
    const byName = !byEmail && p.contact.organisation ? byNameOrg.get(`${p.contact.name.toLowerCase()}\n${p.contact.organisation.toLowerCase()}`) : undefined;
    const match = byEmail ?? byName;
    if (match) {
      report.duplicates.push({ line: p.line, match: byEmail ? 'email' : 'name_organisation', contactId: match.id, name: match.name });
      plans.push({ row: p, action: input.duplicates === 'update' ? 'update' : 'skip', target: match.id });
    } else plans.push({ row: p, action: 'create', target: null });
  }
  report.created = plans.filter((p) => p.action === 'create').length;
  report.updated = plans.filter((p) => p.action === 'update').length;
  report.skipped = plans.filter((p) => p.action === 'skip').length + (input.skipInvalid ? new Set(errors.map((e) => e.line)).size : 0);
  const invalidLines = new Set(errors.map((e) => e.line));
  report.sample = [
    ...plans.slice(0, 20).map((p) => ({ line: p.row.line, name: p.row.contact.name, email: p.row.contact.email, organisation: p.row.contact.organisation, action: p.action })),
    ...[...invalidLines].slice(0, 10).map((line) => ({ line, name: '', email: '', organisation: '', action: 'invalid' as const })),
  ].sort((a, b) => a.line - b.line);
  if (consentMissing) report.notices.push(`Before importing: ${consentMissing}.`);
  if (errors.length) report.notices.push(`${invalidLines.size} row${invalidLines.size === 1 ? ' is' : 's are'} not valid${input.skipInvalid ? ' and will be left out' : ': correct them, or choose to leave them out'}.`);
  if (report.duplicates.length) report.notices.push(`${report.duplicates.length} row${report.duplicates.length === 1 ? '' : 's'} match${report.duplicates.length === 1 ? 'es' : ''} a contact already held or an earlier row: ${input.duplicates === 'update' ? 'held contacts are updated from them' : 'they are left out'}.`);
  if (input.mode === 'preview') return report;

  if (errors.length && !input.skipInvalid) {
    throw new HubError(
      'validation',
      `${input.filename}:${errors[0].line}: column “${errors[0].column}”: ${errors[0].message} (${errors.length} problem${errors.length === 1 ? '' : 's'} in all; nothing was imported)`,
      { issues: errors.slice(0, 200).map((e) => ({ field: `csv.${e.field}`, message: `${input.filename}:${e.line}: column “${e.column}”: ${e.message}`, line: e.line, column: e.column })) },
    );
  }
  const now = hub.now();
  const source = `import: ${input.filename}${input.consentSource ? ` (${input.consentSource})` : ''}`;
  await hub.db.transaction().execute(async (tx) => {
    for (const p of plans) {
      if (p.action === 'skip') continue;
      const c = p.row.contact;
      let id = p.target;
      if (p.action === 'create') {
        id = (await tx
          .insertInto('contacts')
          .values({ name: c.name, email: c.email, organisation: c.organisation, sector: c.sector ?? null, size_band: c.sizeBand ?? null, region: c.region ?? null, stakeholder_type: c.stakeholderType ?? null, source: 'import', link_nonce: newNonce(), last_active_at: now })
          .returning('id')
          .executeTakeFirstOrThrow()).id;
      } else {
        await tx
          .updateTable('contacts')
          .set({ name: c.name, ...(c.organisation && { organisation: c.organisation }), ...(c.sector && { sector: c.sector }), ...(c.sizeBand && { size_band: c.sizeBand }), ...(c.region && { region: c.region }), ...(c.stakeholderType && { stakeholder_type: c.stakeholderType }), updated_at: now, last_active_at: now })
          .where('id', '=', id!)
          .execute();
      }
      if (c.themes.length || p.action === 'create') await writeInterests(tx, id!, c.themes, undefined);
      if (c.technologies.length || p.action === 'create') await writeInterests(tx, id!, undefined, c.technologies);
      for (const purpose of p.row.consents) await giveConsent(tx, id!, purpose, source, now);
    }
    await recordAudit(tx, viewer, { action: 'contacts.import', entityType: 'contact', entityId: null, after: { filename: input.filename, created: report.created, updated: report.updated, skipped: report.skipped } });
  });
  report.committed = true;
  return report;
}

