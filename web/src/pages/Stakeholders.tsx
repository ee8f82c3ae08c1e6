import { useEffect, useState, type FormEvent } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { del, get, post, type ContactCard, type ContactView, type DigestPreview, type ImportReport, type SegmentView } from '../api';
import { EngagementNav } from '../engagement';
import { DateText, ExampleBadge, Field, Notice, PageTitle } from '../ui';

type Term = { code: string; label: string; parentCode?: string | null };
const TYPES: Record<string, string> = { industry: 'Industry', academia: 'Academia', policy: 'Policy', intermediary: 'Intermediary', third_sector: 'Third sector' };
const PURPOSES: Record<string, string> = { digests: 'Digests', consultations: 'Consultations', research: 'Research', partners: 'Partners' };
const FILTER_KEYS = ['q', 'stakeholderType', 'sector', 'region', 'theme', 'technology', 'consent'] as const;

/** The stakeholder database: search and filter contacts, save the filter as a segment, import, preview a digest. */
export function Stakeholders() {
  const [params, setParams] = useSearchParams();
  const [tax, setTax] = useState<{ sector: Term[]; region: Term[]; theme: Term[]; technology: Term[] } | null>(null);
  const [page, setPage] = useState<{ total: number; items: ContactCard[]; notices: string[] } | null>(null);
  const [segments, setSegments] = useState<SegmentView[]>([]);
  const [name, setName] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [message, setMessage] = useState<string | null>(null);
  const filter = Object.fromEntries(FILTER_KEYS.map((k) => [k, params.get(k) ?? '']).filter(([, v]) => v));
  const loadSegments = () => get<SegmentView[]>('/segments').then(setSegments, setError);
  useEffect(() => {
    get<typeof tax>('/taxonomies').then(setTax, setError);
    loadSegments();
  }, []);
  useEffect(() => {
    get<typeof page>(`/contacts?${new URLSearchParams({ ...filter, pageSize: '100' })}`).then(setPage, setError);
  }, [params.toString()]);
  const set = (k: string, v: string) => {
    const next = new URLSearchParams(params);
    if (v) next.set(k, v);
    else next.delete(k);
    setParams(next);
  };
  const saveSegment = async (e: FormEvent) => {
    e.preventDefault();
    try {
      const body = { name, filter: Object.fromEntries(Object.entries(filter).map(([k, v]) => [k, k === 'q' || k === 'consent' ? v : String(v).split(',')])) };
      const s = await post<SegmentView>('/segments', body);
      setMessage(`Segment saved: ${s.name} (${s.count} contacts).`);
      setName('');
      loadSegments();
    } catch (err) {
      setError(err);
    }
  };
  const select = (k: string, label: string, options: { code: string; label: string }[]) => (
    <Field id={`st-${k}`} label={label}>
      {(a) => (
        <select {...a} value={params.get(k) ?? ''} onChange={(e) => set(k, e.target.value)}>
          <option value="">Any</option>
          {options.map((o) => (
            <option key={o.code} value={o.code}>
              {o.label}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
  return (
    <>
      <PageTitle>Stakeholders</PageTitle>
      <EngagementNav />
      <p>
        <Link to="/stakeholders/import">Import contacts from CSV</Link> · <Link to="/stakeholders/digest">Preview a digest</Link> · <Link to="/stakeholders/new">Add a contact</Link>
      </p>
      <Notice error={error} message={message} />
      <form className="row" onSubmit={(e) => e.preventDefault()} aria-label="Filter contacts">
        <Field id="st-q" label="Name, email or organisation">
          {(a) => <input {...a} type="search" defaultValue={params.get('q') ?? ''} onBlur={(e) => set('q', e.target.value)} onKeyDown={(e) => e.key === 'Enter' && set('q', (e.target as HTMLInputElement).value)} />}
        </Field>
        {select('stakeholderType', 'Stakeholder type', Object.entries(TYPES).map(([code, label]) => ({ code, label })))}
        {select('sector', 'Sector', tax?.sector.map((s) => ({ code: s.code, label: `${s.code}: ${s.label}` })) ?? [])}
        {select('region', 'Region', tax?.region.map((r) => ({ code: r.code, label: `${r.parentCode ? '– ' : ''}${r.label}` })) ?? [])}
        {select('theme', 'Theme', tax?.theme ?? [])}
        {select('technology', 'Technology', tax?.technology ?? [])}
        {select('consent', 'Consents to', Object.entries(PURPOSES).map(([code, label]) => ({ code, label })))}
      </form>
      <form className="row" onSubmit={saveSegment} aria-label="Save as a segment">
        <Field id="seg-name" label="Save these filters as a segment" error={error} field="name">
          {(a) => <input {...a} value={name} onChange={(e) => setName(e.target.value)} placeholder="Manufacturers in the West Midlands interested in AI" />}
        </Field>
        <button type="submit" disabled={!name.trim()}>
          Save segment
        </button>
      </form>
      {segments.length > 0 && (
        <section aria-labelledby="seg-heading">
          <h2 id="seg-heading">Segments</h2>
          <ul>
            {segments.map((s) => (
              <li key={s.id}>
                <Link to={`/stakeholders?${new URLSearchParams(Object.fromEntries(Object.entries(s.filter).map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : String(v)])))}`}>{s.name}</Link>: {s.count} contacts, {s.consenting.digests} consenting to digests, {s.consenting.consultations} to consultations. <small>{s.description}</small>{' '}
                <Link to={`/stakeholders/digest?segment=${s.id}`}>Preview its digest</Link>{' '}
                <button type="button" className="link" onClick={() => del(`/segments/${s.id}`).then(loadSegments, setError)}>
                  Delete
                </button>
              </li>
            ))}
          </ul>
        </section>
      )}
      {page && (
        <section aria-labelledby="contacts-heading">
          <h2 id="contacts-heading">
            {page.total} contact{page.total === 1 ? '' : 's'}
          </h2>
          {page.notices.map((n) => (
            <p key={n}>{n}</p>
          ))}
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Organisation</th>
                  <th scope="col">Type</th>
                  <th scope="col">Sector</th>
                  <th scope="col">Region</th>
                  <th scope="col">Consents</th>
                </tr>
              </thead>
              <tbody>
                {page.items.map((c) => (
                  <tr key={c.id}>
                    <th scope="row">
                      <Link to={`/stakeholders/contacts/${c.id}`}>{c.name}</Link> <ExampleBadge show={c.isExample} />
                      {c.member && <span className="badge">Member</span>}
                    </th>
                    <td>{c.organisation}</td>
                    <td>{c.stakeholderType ? TYPES[c.stakeholderType] : ''}</td>
                    <td>{c.sector?.code ?? ''}</td>
                    <td>{c.region?.label ?? ''}</td>
                    <td>{c.consents.map((p) => PURPOSES[p]).join(', ')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      )}
    </>
  );
}

/** A contact: their facts, consent records, engagement history; the subject-access export and erasure. */
export function ContactPage() {
  const { id } = useParams();
  const navigate = useNavigate();
  const [c, setC] = useState<ContactView | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [consent, setConsent] = useState({ purpose: 'digests', source: '' });
  useEffect(() => {
    get<ContactView>(`/contacts/${id}`).then(setC, setError);
  }, [id]);
  if (!c) return <Notice error={error} />;
  const current = new Set<string>(c.consents);
  return (
    <>
      <PageTitle>{c.name}</PageTitle>
      <EngagementNav />
      <Notice error={error} />
      <dl className="facts">
        <dt>Email</dt>
        <dd>{c.email}</dd>
        <dt>Organisation</dt>
        <dd>{c.organisation || '—'}</dd>
        <dt>Stakeholder type</dt>
        <dd>{c.stakeholderType ? TYPES[c.stakeholderType] : '—'}</dd>
        <dt>Sector</dt>
        <dd>{c.sector ? `${c.sector.code}: ${c.sector.label}` : '—'}</dd>
        <dt>Size</dt>
        <dd>{c.sizeBand ?? '—'}</dd>
        <dt>Region</dt>
        <dd>{c.region?.label ?? '—'}</dd>
        <dt>Interests</dt>
        <dd>{[...c.themes, ...c.technologies].map((t) => t.label).join(', ') || '—'}</dd>
        <dt>Digest</dt>
        <dd>{c.digestFrequency}</dd>
        <dt>Source</dt>
        <dd>
          {c.source.replace(/_/g, ' ')}, <DateText iso={c.createdAt} />
        </dd>
      </dl>
      <section aria-labelledby="consent-heading">
        <h2 id="consent-heading">Consent records</h2>
        <ul>
          {c.consentHistory.map((k) => (
            <li key={k.id}>
              <strong>{k.label}</strong> ({k.current ? 'current' : 'withdrawn'}): “{k.wording}” (version {k.wordingVersion}), given <DateText iso={k.givenAt} time /> — {k.source}
              {k.withdrawnAt && (
                <>
                  ; withdrawn <DateText iso={k.withdrawnAt} time /> — {k.withdrawnSource}
                </>
              )}
            </li>
          ))}
        </ul>
        <form
          className="row"
          onSubmit={(e) => {
            e.preventDefault();
            post<ContactView>(`/contacts/${c.id}/consents`, { ...consent, give: !current.has(consent.purpose) }).then(setC, setError);
          }}
        >
          <Field id="consent-purpose" label="Purpose">
            {(a) => (
              <select {...a} value={consent.purpose} onChange={(e) => setConsent({ ...consent, purpose: e.target.value })}>
                {Object.entries(PURPOSES).map(([k, v]) => (
                  <option key={k} value={k}>
                    {v}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field id="consent-source" label="Where it was said" error={error} field="source">
            {(a) => <input {...a} value={consent.source} onChange={(e) => setConsent({ ...consent, source: e.target.value })} placeholder="By email on 3 May" />}
          </Field>
          <button type="submit">{current.has(consent.purpose) ? 'Record the withdrawal' : 'Record the consent'}</button>
        </form>
      </section>
      <section aria-labelledby="history-heading">
        <h2 id="history-heading">Engagement</h2>
        <ul>
          {c.engagement.map((h, i) => (
            <li key={i}>
              <DateText iso={h.at} />: {h.link ? <Link to={h.link}>{h.label}</Link> : h.label}
            </li>
          ))}
        </ul>
      </section>
      <p>
        <a href={`/api/contacts/${c.id}/export`}>Everything held about this person (JSON, for a subject-access request)</a>
      </p>
      <button
        type="button"
        onClick={() => {
          if (window.confirm(`Erase ${c.name}? Their personal data is removed; an anonymous line stays in the audit log.`)) del(`/contacts/${c.id}`).then(() => navigate('/stakeholders'), setError);
        }}
      >
        Erase this contact
      </button>
    </>
  );
}

/** Add a contact by hand. */
export function NewContact() {
  const navigate = useNavigate();
  const [f, setF] = useState({ name: '', email: '', organisation: '', stakeholderType: '' });
  const [error, setError] = useState<unknown>(null);
  return (
    <>
      <PageTitle>Add a contact</PageTitle>
      <EngagementNav />
      <Notice error={error} />
      <form
        onSubmit={(e) => {
          e.preventDefault();
          post<ContactView>('/contacts', { ...f, stakeholderType: f.stakeholderType || null }).then((c) => navigate(`/stakeholders/contacts/${c.id}`), setError);
        }}
      >
        <Field id="nc-name" label="Name" error={error} field="name">
          {(a) => <input {...a} required value={f.name} onChange={(e) => setF({ ...f, name: e.target.value })} />}
        </Field>
        <Field id="nc-email" label="Email" error={error} field="email">
          {(a) => <input {...a} required type="email" value={f.email} onChange={(e) => setF({ ...f, email: e.target.value })} />}
        </Field>
        <Field id="nc-org" label="Organisation" error={error} field="organisation">
          {(a) => <input {...a} value={f.organisation} onChange={(e) => setF({ ...f, organisation: e.target.value })} />}
        </Field>
        <Field id="nc-type" label="Stakeholder type" error={error} field="stakeholderType">
          {(a) => (
            <select {...a} value={f.stakeholderType} onChange={(e) => setF({ ...f, stakeholderType: e.target.value })}>
              <option value="">Not known</option>
              {Object.entries(TYPES).map(([k, v]) => (
                <option key={k} value={k}>
                  {v}
                </option>
              ))}
            </select>
          )}
        </Field>
        <button type="submit">Add</button>
      </form>
    </>
  );
}

const FIELD_LABELS: Record<string, string> = { name: 'Name', email: 'Email', organisation: 'Organisation', sector: 'Sector (SIC section)', sizeBand: 'Size band or employees', region: 'Region (ITL)', stakeholderType: 'Stakeholder type', themes: 'Themes', technologies: 'Technologies', consentDigests: 'Consent: digests', consentConsultations: 'Consent: consultations', consentResearch: 'Consent: research', consentPartners: 'Consent: partners' };

/** The CSV import: a file, its column mapping, a preview (errors by line and column, duplicates), then the import. */
export function ImportContacts() {
  const [csv, setCsv] = useState('');
  const [filename, setFilename] = useState('contacts.csv');
  const [mapping, setMapping] = useState<Record<string, string>>({});
  const [options, setOptions] = useState({ skipInvalid: false, duplicates: 'skip', consentSource: '' });
  const [report, setReport] = useState<ImportReport | null>(null);
  const [error, setError] = useState<unknown>(null);
  const run = async (mode: 'preview' | 'commit') => {
    setError(null);
    try {
      const r = await post<ImportReport>('/contacts/import', { csv, filename, mapping, mode, ...options });
      setReport(r);
      if (mode === 'preview') setMapping(r.mapping);
    } catch (err) {
      setError(err);
    }
  };
  return (
    <>
      <PageTitle>Import contacts</PageTitle>
      <EngagementNav />
      <Notice error={error} message={report?.committed ? `Imported: ${report.created} new, ${report.updated} updated, ${report.skipped} left out.` : null} />
      <Field id="imp-file" label="CSV file" hint="A header row, then one contact a row. Columns are matched by name; change the mapping after the preview.">
        {(a) => (
          <input
            {...a}
            type="file"
            accept=".csv,text/csv"
            onChange={async (e) => {
              const f = e.target.files?.[0];
              if (!f) return;
              setFilename(f.name);
              setCsv(await f.text());
              setReport(null);
              setMapping({});
            }}
          />
        )}
      </Field>
      <Field id="imp-text" label="Or paste the CSV" error={error} field="csv">
        {(a) => <textarea {...a} rows={5} value={csv} onChange={(e) => setCsv(e.target.value)} />}
      </Field>
      {report && (
        <fieldset>
          <legend>Columns</legend>
          {Object.keys(FIELD_LABELS).map((f) => (
            <Field key={f} id={`map-${f}`} label={FIELD_LABELS[f]} error={error} field={`mapping.${f}`}>
              {(a) => (
                <select {...a} value={mapping[f] ?? ''} onChange={(e) => setMapping({ ...mapping, [f]: e.target.value })}>
                  <option value="">(none)</option>
                  {report.columns.map((c) => (
                    <option key={c} value={c}>
                      {c}
                    </option>
                  ))}
                </select>
              )}
            </Field>
          ))}
        </fieldset>
      )}
      <Field id="imp-source" label="Where the file's consents were given (if it records any)" error={error} field="consentSource">
        {(a) => <input {...a} value={options.consentSource} onChange={(e) => setOptions({ ...options, consentSource: e.target.value })} placeholder="Sign-up sheet, Discovery day, 12 March 2026" />}
      </Field>
      <Field id="imp-dups" label="Contacts already held">
        {(a) => (
          <select {...a} value={options.duplicates} onChange={(e) => setOptions({ ...options, duplicates: e.target.value })}>
            <option value="skip">Leave them as they are</option>
            <option value="update">Update them from the file</option>
          </select>
        )}
      </Field>
      <label className="checkbox">
        <input type="checkbox" checked={options.skipInvalid} onChange={(e) => setOptions({ ...options, skipInvalid: e.target.checked })} /> Leave out bad rows (otherwise one bad row stops the import)
      </label>
      <p className="row">
        <button type="button" onClick={() => run('preview')} disabled={!csv}>
          Preview
        </button>
        <button type="button" onClick={() => run('commit')} disabled={!report || report.committed}>
          Import
        </button>
      </p>
      {report && (
        <section aria-labelledby="prev-heading">
          <h2 id="prev-heading">{report.committed ? 'Imported' : 'Preview'}</h2>
          <p>
            {report.rows} rows: {report.valid} valid; {report.created} to add, {report.updated} to update, {report.skipped} left out.
          </p>
          {report.notices.map((n) => (
            <p key={n}>{n}</p>
          ))}
          {report.errors.length > 0 && (
            <>
              <h3>Problems</h3>
              <ul>
                {report.errors.map((e, i) => (
                  <li key={i}>
                    {filename}, line {e.line}, column “{e.column}”: {e.message}
                  </li>
                ))}
              </ul>
            </>
          )}
          {report.duplicates.length > 0 && (
            <>
              <h3>Duplicates</h3>
              <ul>
                {report.duplicates.map((d, i) => (
                  <li key={i}>
                    Line {d.line}: {d.match === 'email' ? 'same email as' : d.match === 'name_organisation' ? 'same name and organisation as' : 'repeats an earlier row:'} {d.name}
                  </li>
                ))}
              </ul>
            </>
          )}
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">Line</th>
                  <th scope="col">Name</th>
                  <th scope="col">Email</th>
                  <th scope="col">Organisation</th>
                  <th scope="col">Action</th>
                </tr>
              </thead>
              <tbody>
                {report.sample.map((s) => (
                  <tr key={s.line}>
                    <td>{s.line}</td>
                    <td>{s.name}</td>
                    <td>{s.email}</td>
                    <td>{s.organisation}</td>
                    <td>{s.action}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      )}
    </>
  );
}

/** A digest as a segment would get it, and how many would be sent it. */
export function DigestPreviewPage() {
  const [params, setParams] = useSearchParams();
  const [segments, setSegments] = useState<SegmentView[]>([]);
  const [p, setP] = useState<DigestPreview | null>(null);
  const [error, setError] = useState<unknown>(null);
  const segment = params.get('segment') ?? '';
  const frequency = params.get('frequency') ?? 'weekly';
  useEffect(() => {
    get<SegmentView[]>('/segments').then(setSegments, setError);
  }, []);
  useEffect(() => {
    get<DigestPreview>(`/digests/preview?${new URLSearchParams({ frequency, ...(segment && { segment }) })}`).then(setP, setError);
  }, [segment, frequency]);
  const set = (k: string, v: string) => {
    const next = new URLSearchParams(params);
    if (v) next.set(k, v);
    else next.delete(k);
    setParams(next);
  };
  return (
    <>
      <PageTitle>Digest preview</PageTitle>
      <EngagementNav />
      <Notice error={error} />
      <form className="row" onSubmit={(e) => e.preventDefault()}>
        <Field id="dp-segment" label="Segment">
          {(a) => (
            <select {...a} value={segment} onChange={(e) => set('segment', e.target.value)}>
              <option value="">All contacts</option>
              {segments.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field id="dp-frequency" label="Digest">
          {(a) => (
            <select {...a} value={frequency} onChange={(e) => set('frequency', e.target.value)}>
              <option value="weekly">Weekly</option>
              <option value="monthly">Monthly</option>
            </select>
          )}
        </Field>
      </form>
      {p && (
        <section aria-labelledby="dp-heading">
          <h2 id="dp-heading">
            {p.segment ?? 'All contacts'}: the {p.period.label} digest
          </h2>
          <p>
            {p.contacts} contacts; {p.consenting} consent to digests; {p.due} would be sent the {frequency} digest. {p.sampleContact ? `Shown as ${p.sampleContact.name} would receive it` : 'Shown for the segment’s interests'} ({p.interests.join(', ') || 'no interests'}): {p.entries} entries.
          </p>
          {p.notices.map((n) => (
            <p key={n} className="notice">
              {n}
            </p>
          ))}
          <p>
            <strong>Subject:</strong> {p.subject}
          </p>
          <iframe title="The digest as HTML" sandbox="" srcDoc={p.html} className="digest-frame" />
          <details>
            <summary>The text version and its headers</summary>
            <pre>{p.text}</pre>
            <pre>{Object.entries(p.headers).map(([k, v]) => `${k}: ${v}`).join('\n')}</pre>
          </details>
        </section>
      )}
    </>
  );
}
