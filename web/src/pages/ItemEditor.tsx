import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { Link, useLocation, useNavigate, useParams } from 'react-router';
import {
  del,
  get,
  patch,
  post,
  upload,
  type Attachment,
  type CollectionSummary,
  type DirectoryResult,
  type ItemView,
  type LibraryResult,
  type Organisation,
  type Page,
  type Taxonomies,
  type Term,
  type Vocabulary,
} from '../api';
import { formatSize, LibraryNav, useLibraryLists } from '../library';
import { SearchPicker } from '../search';
import { TEXT_LIMITS } from '../../../src/hub/platform/model.js';
import { useSession } from '../session';
import { Field, issuesOf, Notice, PageTitle } from '../ui';

interface AuthorDraft {
  name: string;
  orcid: string;
  profileId: string | null;
}

interface Draft {
  type: string;
  title: string;
  summary: string;
  body: string;
  authors: AuthorDraft[];
  organisations: { id: string; name: string }[];
  publishedOn: string;
  doi: string;
  url: string;
  licence: string;
  evidence: number | null;
  keywords: string;
  terms: Record<TermField, Set<string>>;
  related: { id: string; title: string }[];
  collectionId: string;
  coverId: string;
}

const TERM_FIELDS = [
  ['themes', 'theme', 'Themes'],
  ['technologies', 'technology', 'Industrial digital technologies'],
  ['audiences', 'audience', 'Audiences'],
  ['sectors', 'sector', 'Sectors (SIC 2007)'],
  ['regions', 'region', 'Regions (UK ITL)'],
  ['disciplines', 'discipline', 'Disciplines'],
] as const;
type TermField = (typeof TERM_FIELDS)[number][0];

function draftOf(item: ItemView | null): Draft {
  const terms = Object.fromEntries(TERM_FIELDS.map(([f]) => [f, new Set((item?.terms[f] ?? []).map((t) => t.code))])) as Draft['terms'];
  return {
    type: item?.type ?? 'briefing_paper',
    title: item?.title ?? '',
    summary: item?.summary ?? '',
    body: item?.body ?? '',
    authors: (item?.authors ?? []).map((a) => ({ name: a.name, orcid: a.orcid ?? '', profileId: a.profileId })),
    organisations: item?.organisations ?? [],
    publishedOn: item?.publishedOn ?? '',
    doi: item?.doi ?? '',
    url: item?.url ?? '',
    licence: item?.licence ?? '',
    evidence: item?.evidence ?? null,
    keywords: (item?.keywords ?? []).join(', '),
    terms,
    related: (item?.related ?? []).map((r) => ({ id: r.id, title: r.title })),
    collectionId: item?.collection?.id ?? '',
    coverId: item?.coverUrl ? (item.attachments.find((a) => a.url === item.coverUrl)?.id ?? '') : '',
  };
}

function payloadOf(d: Draft, rated: boolean) {
  return {
    type: d.type,
    title: d.title,
    summary: d.summary,
    body: d.body,
    authors: d.authors.map((a) => ({ name: a.name, orcid: a.orcid.trim() || null, profileId: a.profileId })),
    organisationIds: d.organisations.map((o) => o.id),
    publishedOn: d.publishedOn || null,
    doi: d.doi.trim() || null,
    url: d.url.trim() || null,
    licence: d.licence.trim() || null,
    evidence: rated ? d.evidence : null,
    keywords: d.keywords.split(',').map((k) => k.trim()).filter(Boolean),
    ...Object.fromEntries(TERM_FIELDS.map(([f]) => [f, [...d.terms[f]]])),
    relatedIds: d.related.map((r) => r.id),
    collectionId: d.collectionId || null,
    coverId: d.coverId || null,
  };
}

export function NewItem() {
  const { session } = useSession();
  const lists = useLibraryLists();
  if (session && !session.user)
    return (
      <>
        <PageTitle>Submit an item</PageTitle>
        <LibraryNav />
        <p>
          <Link to="/sign-in">Sign in</Link> to submit an item to the library.
        </p>
      </>
    );
  if (lists.error) return <Notice error={lists.error} />;
  if (!lists.vocabulary || !lists.taxonomies) return <p>Loading…</p>;
  return (
    <>
      <PageTitle>Submit an item</PageTitle>
      <LibraryNav />
      <p>
        Write it as a draft: only you and the curators see it until a curator publishes it. Save the draft to add files, then submit it for review.
      </p>
      <ItemForm item={null} vocabulary={lists.vocabulary} taxonomies={lists.taxonomies} />
    </>
  );
}

export function EditItem() {
  const { id } = useParams();
  const location = useLocation();
  const lists = useLibraryLists();
  const [item, setItem] = useState<ItemView | null>(null);
  const [error, setError] = useState<unknown>(null);
  const load = useCallback(() => get<ItemView>(`/library/items/${id}`).then(setItem, setError), [id]);
  useEffect(() => {
    load();
  }, [load]);
  if (error || lists.error)
    return (
      <>
        <PageTitle>Edit item</PageTitle>
        <Notice error={error ?? lists.error} />
      </>
    );
  if (!item || !lists.vocabulary || !lists.taxonomies) return <p>Loading…</p>;
  if (!item.can.edit)
    return (
      <>
        <PageTitle>Edit item</PageTitle>
        <p role="alert" className="notice error">
          This item cannot be edited by you now: its author edits drafts and items sent back for changes; curators edit any item.
        </p>
        <p>
          <Link to={`/library/${item.id}`}>Back to the item</Link>
        </p>
      </>
    );
  return (
    <>
      <PageTitle>{`Edit: ${item.title}`}</PageTitle>
      <LibraryNav />
      <p>
        <Link to={`/library/${item.id}`}>See the item</Link> · {item.typeLabel}, {item.state.replace('_', ' ')}, version {item.version}
      </p>
      <Notice message={(location.state as { message?: string } | null)?.message} />
      <Files item={item} onChange={load} />
      <ItemForm key={item.version} item={item} vocabulary={lists.vocabulary} taxonomies={lists.taxonomies} onSaved={setItem} />
    </>
  );
}

function ItemForm({ item, vocabulary, taxonomies, onSaved }: { item: ItemView | null; vocabulary: Vocabulary; taxonomies: Taxonomies; onSaved?: (item: ItemView) => void }) {
  const { session } = useSession();
  const navigate = useNavigate();
  const [d, setD] = useState<Draft>(() => draftOf(item));
  const [error, setError] = useState<unknown>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [communities, setCommunities] = useState<CollectionSummary[]>([]);
  useEffect(() => {
    get<CollectionSummary[]>('/library/collections').then((c) => setCommunities(c.filter((x) => x.isCommunity || x.id === item?.collection?.id)), () => {});
  }, [item?.collection?.id]);
  const set = <K extends keyof Draft>(k: K, v: Draft[K]) => setD((x) => ({ ...x, [k]: v }));
  const rated = (vocabulary.ratedTypes as readonly string[]).includes(d.type);
  const images = item?.attachments.filter((a) => a.mediaType.startsWith('image/')) ?? [];

  const save = async (andSubmit: boolean) => {
    setBusy(true);
    setError(null);
    setMessage(null);
    try {
      const body = payloadOf(d, rated);
      let saved = item ? await patch<ItemView>(`/library/items/${item.id}`, body) : await post<ItemView>('/library/items', body);
      if (andSubmit) {
        saved = await post<ItemView>(`/library/items/${saved.id}/submit`);
        navigate(`/library/${saved.id}`);
        return;
      }
      if (!item) {
        navigate(`/library/${saved.id}/edit`, { state: { message: 'Draft saved. Add files below, then submit it for review.' } });
        return;
      }
      onSaved?.(saved);
      setMessage('Saved.');
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    save(false);
  };
  const canSubmit = !item || item.can.submit;
  const addMe = () => {
    if (!session?.user?.profileId || d.authors.some((a) => a.profileId === session.user!.profileId)) return;
    get<{ name: string }>(`/profiles/${session.user.profileId}`).then((p) => set('authors', [...d.authors, { name: p.name, orcid: '', profileId: session.user!.profileId }]));
  };

  return (
    <form onSubmit={onSubmit} className="editor" noValidate>
      <Field id="type" label="Type" error={error}>
        {(aria) => (
          <select {...aria} value={d.type} onChange={(e) => set('type', e.target.value)}>
            {vocabulary.types.map((t) => (
              <option key={t.code} value={t.code}>
                {t.label}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field id="title" label="Title" error={error}>
        {(aria) => <input {...aria} value={d.title} onChange={(e) => set('title', e.target.value)} maxLength={TEXT_LIMITS.title} />}
      </Field>
      <Field id="summary" label="Plain-language summary" hint="Required. What a policymaker, manufacturer or technology provider needs to know, in a few sentences." error={error}>
        {(aria) => <textarea {...aria} rows={4} value={d.summary} onChange={(e) => set('summary', e.target.value)} maxLength={TEXT_LIMITS.summary} />}
      </Field>
      <Field id="body" label="Body" hint="Markdown: headings, lists, links, emphasis. Scripts and raw HTML are removed." error={error}>
        {(aria) => <textarea {...aria} rows={10} value={d.body} onChange={(e) => set('body', e.target.value)} maxLength={TEXT_LIMITS.body} />}
      </Field>

      <fieldset>
        <legend>Authors</legend>
        <FieldErrors error={error} field="authors" />
        <ul className="affiliations">
          {d.authors.map((a, i) => (
            <li key={i}>
              <span>{a.profileId ? <Link to={`/members/${a.profileId}`}>{a.name}</Link> : a.name}</span>
              {!a.profileId && (
                <div className="field">
                  <label htmlFor={`author-${i}-orcid`}>ORCID iD of {a.name}</label>
                  <input id={`author-${i}-orcid`} maxLength={TEXT_LIMITS.orcid} value={a.orcid} onChange={(e) => set('authors', d.authors.map((x, j) => (j === i ? { ...x, orcid: e.target.value } : x)))} placeholder="0000-0000-0000-0000" />
                </div>
              )}
              <button type="button" className="link" onClick={() => set('authors', d.authors.filter((_, j) => j !== i))}>
                Remove <span className="visually-hidden">{a.name}</span>
              </button>
            </li>
          ))}
        </ul>
        <div className="row">
          {session?.user?.profileId && (
            <button type="button" onClick={addMe}>
              Add me as an author
            </button>
          )}
        </div>
        <SearchPicker<{ id: string; name: string }>
          id="author-member"
          label="Add a member of the directory"
          find={async (q) => (await get<DirectoryResult>(`/directory?q=${encodeURIComponent(q)}&pageSize=6`)).items.map((m) => ({ id: m.id, name: m.name }))}
          pick={(m) => `Add ${m.name}`}
          onPick={(m) => set('authors', [...d.authors, { name: m.name, orcid: '', profileId: m.id }])}
        />
        <ExternalAuthor onAdd={(name, orcid) => set('authors', [...d.authors, { name, orcid, profileId: null }])} />
      </fieldset>

      <fieldset>
        <legend>Organisations</legend>
        <FieldErrors error={error} field="organisationIds" />
        <ul>
          {d.organisations.map((o) => (
            <li key={o.id}>
              {o.name}{' '}
              <button type="button" className="link" onClick={() => set('organisations', d.organisations.filter((x) => x.id !== o.id))}>
                Remove <span className="visually-hidden">{o.name}</span>
              </button>
            </li>
          ))}
        </ul>
        <SearchPicker<Organisation>
          id="organisation"
          label="Add an organisation"
          find={async (q) => (await get<Page<Organisation>>(`/organisations?q=${encodeURIComponent(q)}&pageSize=6`)).items}
          pick={(o) => `Add ${o.name}`}
          onPick={(o) => !d.organisations.some((x) => x.id === o.id) && set('organisations', [...d.organisations, { id: o.id, name: o.name }])}
        />
      </fieldset>

      <div className="grid">
        <Field id="publishedOn" label="Publication date" error={error}>
          {(aria) => <input {...aria} type="date" value={d.publishedOn} onChange={(e) => set('publishedOn', e.target.value)} />}
        </Field>
        <Field id="doi" label="DOI" hint="10.1234/abc, or https://doi.org/…" error={error}>
          {(aria) => <input {...aria} maxLength={TEXT_LIMITS.doi} value={d.doi} onChange={(e) => set('doi', e.target.value)} />}
        </Field>
        <Field id="url" label="Web address" error={error}>
          {(aria) => <input {...aria} type="url" maxLength={TEXT_LIMITS.url} value={d.url} onChange={(e) => set('url', e.target.value)} placeholder="https://" />}
        </Field>
        <Field id="licence" label="Licence" hint="e.g. CC BY 4.0" error={error}>
          {(aria) => <input {...aria} maxLength={TEXT_LIMITS.licence} value={d.licence} onChange={(e) => set('licence', e.target.value)} />}
        </Field>
      </div>

      {rated && (
        <fieldset>
          <legend>Evidence strength</legend>
          <FieldErrors error={error} field="evidence" />
          <label className="check">
            <input type="radio" name="evidence" checked={d.evidence === null} onChange={() => set('evidence', null)} /> Not rated
          </label>
          {vocabulary.evidenceRubric.map((r) => (
            <label key={r.level} className="check">
              <input type="radio" name="evidence" checked={d.evidence === r.level} onChange={() => set('evidence', r.level)} /> {r.level} of 5 — {r.text}
            </label>
          ))}
        </fieldset>
      )}

      {TERM_FIELDS.map(([field, taxonomy, label]) => (
        <CheckGroup
          key={field}
          legend={label}
          terms={(taxonomies as unknown as Record<string, Term[]>)[taxonomy] ?? []}
          selected={d.terms[field]}
          long={taxonomy === 'region' || taxonomy === 'discipline' || taxonomy === 'sector'}
          error={error}
          field={field}
          onChange={(next) => set('terms', { ...d.terms, [field]: next })}
        />
      ))}

      <Field id="keywords" label="Topics (keywords)" hint="Separated by commas; each is a facet of the search." error={error}>
        {(aria) => <input {...aria} maxLength={40 * (TEXT_LIMITS.keyword + 2)} value={d.keywords} onChange={(e) => set('keywords', e.target.value)} />}
      </Field>

      <fieldset>
        <legend>Related items</legend>
        <FieldErrors error={error} field="relatedIds" />
        <ul>
          {d.related.map((r) => (
            <li key={r.id}>
              <Link to={`/library/${r.id}`}>{r.title}</Link>{' '}
              <button type="button" className="link" onClick={() => set('related', d.related.filter((x) => x.id !== r.id))}>
                Remove <span className="visually-hidden">{r.title}</span>
              </button>
            </li>
          ))}
        </ul>
        <SearchPicker<{ id: string; title: string }>
          id="related"
          label="Add a related item"
          find={async (q) => (await get<LibraryResult>(`/library?q=${encodeURIComponent(q)}&pageSize=6`)).items.filter((i) => i.id !== item?.id)}
          pick={(i) => `Add ${i.title}`}
          onPick={(i) => !d.related.some((x) => x.id === i.id) && set('related', [...d.related, { id: i.id, title: i.title }])}
        />
      </fieldset>

      {communities.length > 0 && (
        <Field id="collectionId" label="Submit to a community" hint="Its curators review it, as well as the library’s curators." error={error}>
          {(aria) => (
            <select {...aria} value={d.collectionId} onChange={(e) => set('collectionId', e.target.value)}>
              <option value="">None</option>
              {communities.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.title}
                </option>
              ))}
            </select>
          )}
        </Field>
      )}
      {images.length > 0 && (
        <Field id="coverId" label="Cover image" error={error}>
          {(aria) => (
            <select {...aria} value={d.coverId} onChange={(e) => set('coverId', e.target.value)}>
              <option value="">None</option>
              {images.map((a) => (
                <option key={a.id} value={a.id}>
                  {a.filename}
                </option>
              ))}
            </select>
          )}
        </Field>
      )}

      <Notice error={error} message={message} />
      <div className="row">
        <button disabled={busy}>{item ? 'Save changes' : 'Save draft'}</button>
        {canSubmit && (
          <button type="button" disabled={busy} onClick={() => save(true)}>
            Save and submit for review
          </button>
        )}
      </div>
    </form>
  );
}

/** The messages of every issue under `field` (e.g. authors[1].orcid), for groups that have no single input. */
function FieldErrors({ error, field }: { error: unknown; field: string }) {
  const issues = issuesOf(error).filter((i) => i.field === field || i.field.startsWith(`${field}[`) || i.field.startsWith(`${field}.`));
  if (!issues.length) return null;
  return (
    <p className="field-error" role="alert">
      {issues.map((i) => `${i.field}: ${i.message}`).join('; ')}
    </p>
  );
}

function CheckGroup(props: { legend: string; terms: Term[]; selected: Set<string>; long: boolean; error: unknown; field: string; onChange: (next: Set<string>) => void }) {
  const toggle = (code: string) => {
    const next = new Set(props.selected);
    next.has(code) ? next.delete(code) : next.add(code);
    props.onChange(next);
  };
  return (
    <fieldset className={props.long ? 'checklist' : undefined}>
      <legend>{props.legend}</legend>
      <FieldErrors error={props.error} field={props.field} />
      <ul className={props.long ? undefined : 'grid plain'}>
        {props.terms.map((t) => (
          <li key={t.code}>
            <label className="check">
              <input type="checkbox" checked={props.selected.has(t.code)} onChange={() => toggle(t.code)} /> {t.parentCode ? `— ${t.label}` : t.label}
            </label>
          </li>
        ))}
      </ul>
    </fieldset>
  );
}

function ExternalAuthor({ onAdd }: { onAdd: (name: string, orcid: string) => void }) {
  const [name, setName] = useState('');
  const [orcid, setOrcid] = useState('');
  return (
    <div className="row external">
      <div className="field">
        <label htmlFor="external-name">Or an author outside the directory</label>
        <input id="external-name" maxLength={TEXT_LIMITS.personName} value={name} onChange={(e) => setName(e.target.value)} placeholder="Name" />
      </div>
      <div className="field">
        <label htmlFor="external-orcid">Their ORCID iD (optional)</label>
        <input id="external-orcid" maxLength={TEXT_LIMITS.orcid} value={orcid} onChange={(e) => setOrcid(e.target.value)} placeholder="0000-0000-0000-0000" />
      </div>
      <button
        type="button"
        onClick={() => {
          if (!name.trim()) return;
          onAdd(name.trim(), orcid.trim());
          setName('');
          setOrcid('');
        }}
      >
        Add author
      </button>
    </div>
  );
}

/** The item's files: upload (the server reads the type from the bytes and enforces the size limit), remove. */
function Files({ item, onChange }: { item: ItemView; onChange: () => void }) {
  const [file, setFile] = useState<File | null>(null);
  const [status, setStatus] = useState<{ error?: unknown; message?: string }>({});
  const [busy, setBusy] = useState(false);
  const send = async (e: FormEvent) => {
    e.preventDefault();
    if (!file) return;
    setBusy(true);
    try {
      const a = await upload<Attachment>(`/library/items/${item.id}/attachments?filename=${encodeURIComponent(file.name)}`, file);
      setStatus({ message: `Uploaded ${a.filename} (${formatSize(a.size)}).` });
      setFile(null);
      (e.target as HTMLFormElement).reset();
      onChange();
    } catch (err) {
      setStatus({ error: err });
    } finally {
      setBusy(false);
    }
  };
  const remove = async (a: Attachment) => {
    try {
      await del(`/library/attachments/${a.id}`);
      setStatus({ message: `Removed ${a.filename}.` });
      onChange();
    } catch (err) {
      setStatus({ error: err });
    }
  };
  return (
    <section aria-labelledby="files-heading" className="files">
      <h2 id="files-heading">Files</h2>
      {item.attachments.length === 0 && <p>No files yet.</p>}
      <ul>
        {item.attachments.map((a) => (
          <li key={a.id}>
            <a href={a.url}>{a.filename}</a> <span className="count">({a.mediaType}, {formatSize(a.size)})</span>{' '}
            <button type="button" className="link" onClick={() => remove(a)}>
              Remove <span className="visually-hidden">{a.filename}</span>
            </button>
          </li>
        ))}
      </ul>
      <form onSubmit={send} className="row">
        <div className="field">
          <label htmlFor="file">Add a file</label>
          <small className="hint" id="file-hint">
            PDF, images, office documents, MP3, MP4, CSV, Markdown or text.
          </small>
          <input id="file" type="file" aria-describedby="file-hint" onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
        </div>
        <button disabled={!file || busy}>Upload</button>
      </form>
      <Notice error={status.error} message={status.message} />
    </section>
  );
}
