import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { ApiError, del, get, post, put, type FieldChange, type ItemCard, type ItemView, type VersionSummary } from '../api';
import { EvidenceBadge, formatSize, ItemCardView, LibraryNav, StateBadge } from '../library';
import { useSession } from '../session';
import { ITEM_STATES } from '../../../src/hub/library/library-model.js';
import { TEXT_LIMITS } from '../../../src/hub/platform/model.js';
import { DateText, ExampleBadge, Field, formatDate, Notice, PageTitle } from '../ui';

const TERM_FACETS: [keyof ItemView['terms'], string, string][] = [
  ['themes', 'theme', 'Themes'],
  ['technologies', 'technology', 'Technologies'],
  ['sectors', 'sector', 'Sectors'],
  ['regions', 'region', 'Regions'],
  ['audiences', 'audience', 'Audiences'],
  ['disciplines', 'discipline', 'Disciplines'],
];

/** An item: what it is, who made it, its files and classification; its history and what the viewer may do with it. */
export function LibraryItem() {
  const { id } = useParams();
  const [item, setItem] = useState<ItemView | null>(null);
  const [similar, setSimilar] = useState<ItemCard[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [status, setStatus] = useState<{ error?: unknown; message?: string }>({});
  const load = useCallback(async () => {
    try {
      const it = await get<ItemView>(`/library/items/${id}`);
      setItem(it);
      setError(null);
      setSimilar(it.state === 'published' ? await get<ItemCard[]>(`/library/items/${id}/similar`) : []);
    } catch (e) {
      setError(e);
    }
  }, [id]);
  useEffect(() => {
    setItem(null);
    load();
  }, [load]);

  if (error)
    return (
      <>
        <PageTitle>{error instanceof ApiError && error.status === 404 ? 'Item not found' : 'Library item'}</PageTitle>
        <LibraryNav />
        {error instanceof ApiError && error.status === 404 ? (
          <p role="alert" className="notice error">
            There is no published item at this address. Drafts and items under review are seen only by their authors and the curators.
          </p>
        ) : (
          <Notice error={error} />
        )}
      </>
    );
  if (!item) return <p>Loading…</p>;
  const act: Act = async (what, run, options = {}) => {
    try {
      await run();
    } catch (e) {
      options.onError ? options.onError(e) : setStatus({ error: e });
      return false;
    }
    setStatus({ message: what });
    if (options.reload !== false) await load();
    return true;
  };
  return (
    <article className="item">
      <LibraryNav />
      <p className="kind">
        {item.typeLabel} <StateBadge state={item.state} /> <ExampleBadge show={item.isExample} />
      </p>
      <PageTitle>{item.title}</PageTitle>
      <Notice error={status.error} message={status.message} />
      {item.coverUrl && <img className="cover" src={item.coverUrl} alt="" />}
      <p className="lead">{item.summary}</p>
      {/* bodyHtml is the Markdown rendered and sanitised on the server: no scripts, event handlers or javascript: links */}
      {item.bodyHtml && <div className="body" dangerouslySetInnerHTML={{ __html: item.bodyHtml }} />}
      <ItemFacts item={item} />
      {item.attachments.length > 0 && (
        <section aria-labelledby="files-heading">
          <h2 id="files-heading">Files</h2>
          <ul>
            {item.attachments.map((a) => (
              <li key={a.id}>
                <a href={a.url}>{a.filename}</a> <span className="count">({a.mediaType}, {formatSize(a.size)})</span>
              </li>
            ))}
          </ul>
        </section>
      )}
      <p className="actions">
        Cite: <a href={`/api/library/items/${item.id}/citation?format=bibtex`}>BibTeX</a> · <a href={`/api/library/items/${item.id}/citation?format=ris`}>RIS</a>
      </p>
      <Actions item={item} act={act} />
      {item.reviews.length > 0 && (
        <section aria-labelledby="reviews-heading">
          <h2 id="reviews-heading">Curators’ decisions</h2>
          <ul className="reviews">
            {item.reviews.map((r) => (
              <li key={r.at}>
                <strong>{{ accept: 'Accepted', request_changes: 'Changes requested', decline: 'Declined' }[r.decision]}</strong> by {r.reviewer ?? 'a curator'},{' '}
                <DateText iso={r.at} />
                {r.reason && <blockquote>{r.reason}</blockquote>}
              </li>
            ))}
          </ul>
        </section>
      )}
      {item.related.length > 0 && (
        <section aria-labelledby="related-heading">
          <h2 id="related-heading">Related items</h2>
          <ul className="results">{item.related.map((r) => <ItemCardView key={r.id} item={r} />)}</ul>
        </section>
      )}
      {similar.length > 0 && (
        <section aria-labelledby="similar-heading">
          <h2 id="similar-heading">More like this</h2>
          <ul className="results">{similar.map((r) => <ItemCardView key={r.id} item={r} />)}</ul>
        </section>
      )}
      <History item={item} />
    </article>
  );
}

function ItemFacts({ item }: { item: ItemView }) {
  return (
    <dl className="facts">
      {item.authors.length > 0 && (
        <>
          <dt>Authors</dt>
          <dd>
            {item.authors.map((a, i) => (
              <span key={i}>
                {i > 0 && '; '}
                {a.profileId ? <Link to={`/members/${a.profileId}`}>{a.name}</Link> : a.name}
                {a.orcid && (
                  <>
                    {' '}
                    (<a href={`https://orcid.org/${a.orcid}`} rel="noopener">ORCID {a.orcid}</a>)
                  </>
                )}
              </span>
            ))}
          </dd>
        </>
      )}
      {item.organisations.length > 0 && (
        <>
          <dt>Organisations</dt>
          <dd>
            {item.organisations.map((o, i) => (
              <span key={o.id}>
                {i > 0 && '; '}
                <Link to={`/organisations/${o.id}`}>{o.name}</Link>
              </span>
            ))}
          </dd>
        </>
      )}
      {item.publishedOn && (<><dt>{item.state === 'published' || item.state === 'archived' ? 'Published' : 'Publication date'}</dt><dd>{formatDate(item.publishedOn)}</dd></>)}
      {item.state !== 'published' && (<><dt>State</dt><dd>{item.state === 'archived' ? 'Archived: visitors no longer see it' : `${ITEM_STATES[item.state]}, last changed ${formatDate(item.updatedAt)}`}</dd></>)}
      {item.doi && (<><dt>DOI</dt><dd><a href={`https://doi.org/${item.doi}`} rel="noopener">{item.doi}</a></dd></>)}
      {item.url && (<><dt>Link</dt><dd><a href={item.url} rel="nofollow noopener">{item.url}</a></dd></>)}
      {item.licence && (<><dt>Licence</dt><dd>{item.licence}</dd></>)}
      {item.evidence && (
        <>
          <dt>Evidence strength</dt>
          <dd>
            <EvidenceBadge level={item.evidence} /> {item.evidenceLabel}
          </dd>
        </>
      )}
      {TERM_FACETS.filter(([field]) => item.terms[field].length > 0).map(([field, facet, label]) => (
        <div key={field} className="fact">
          <dt>{label}</dt>
          <dd>
            {item.terms[field].map((t) => (
              <Link key={t.code} className="tag" to={`/library?${facet}=${encodeURIComponent(t.code)}`}>
                {t.label}
              </Link>
            ))}
          </dd>
        </div>
      ))}
      {item.keywords.length > 0 && (
        <>
          <dt>Topics</dt>
          <dd>
            {item.keywords.map((k) => (
              <Link key={k} className="tag" to={`/library?topic=${encodeURIComponent(k)}`}>
                {k}
              </Link>
            ))}
          </dd>
        </>
      )}
      {item.collection && (<><dt>Community</dt><dd><Link to={`/library/collections/${item.collection.slug}`}>{item.collection.title}</Link></dd></>)}
      {item.source && (<><dt>Source</dt><dd>{item.source}</dd></>)}
    </dl>
  );
}

/** Runs an action on the item, then says so and shows the item again; an error goes to `onError` or the page's notice. */
type Act = (what: string, run: () => Promise<unknown>, options?: { onError?: (e: unknown) => void; reload?: boolean }) => Promise<boolean>;

/** What the viewer may do: edit, submit, decide, archive or restore, feature, delete. */
function Actions({ item, act }: { item: ItemView; act: Act }) {
  const { session, has } = useSession();
  const navigate = useNavigate();
  const [decision, setDecision] = useState('accept');
  const [reason, setReason] = useState('');
  const [reviewError, setReviewError] = useState<unknown>(null);
  const curating = item.can.review || item.can.archive || item.can.feature;
  const deletable = (item.state === 'draft' && item.can.submit) || has('administrator');
  if (!session?.user) return null;
  const review = async (e: FormEvent) => {
    e.preventDefault();
    setReviewError(null);
    const said = { accept: 'Published.', request_changes: 'Sent back to the author with your reasons.', decline: 'Declined; the author has been told.' }[decision]!;
    if (await act(said, () => post(`/library/items/${item.id}/review`, { decision, ...(reason.trim() && { reason: reason.trim() }) }), { onError: setReviewError })) setReason('');
  };
  if (!item.can.edit && !item.can.submit && !item.can.review && !item.can.archive && !item.can.feature && !deletable) return null;
  return (
    <section aria-labelledby="manage-heading" className="manage">
      <h2 id="manage-heading">{curating ? 'Curation' : 'Your item'}</h2>
      <div className="row">
        {item.can.edit && (
          <Link className="button" to={`/library/${item.id}/edit`}>
            Edit
          </Link>
        )}
        {item.can.submit && (
          <button type="button" onClick={() => act('Submitted: the curators will review it.', () => post(`/library/items/${item.id}/submit`))}>
            Submit for review
          </button>
        )}
        {item.can.archive && item.state === 'published' && (
          <button type="button" onClick={() => act('Archived: visitors no longer see it.', () => post(`/library/items/${item.id}/archive`))}>
            Archive
          </button>
        )}
        {item.can.archive && item.state === 'archived' && (
          <button type="button" onClick={() => act('Published again.', () => post(`/library/items/${item.id}/restore`))}>
            Publish again
          </button>
        )}
        {item.can.feature && !item.featured && (
          <button type="button" onClick={() => act('Featured on the home page.', () => put(`/library/featured/${item.id}`))}>
            Feature on the home page
          </button>
        )}
        {item.can.feature && item.featured && (
          <button type="button" onClick={() => act('No longer featured on the home page.', () => del(`/library/featured/${item.id}`))}>
            Stop featuring
          </button>
        )}
        {deletable && (
          <button
            type="button"
            className="danger"
            onClick={() =>
              window.confirm('Delete this item and its files? This cannot be undone.') &&
              act('Deleted.', async () => (await del(`/library/items/${item.id}`), navigate('/library/mine')), { reload: false })
            }
          >
            Delete
          </button>
        )}
      </div>
      {item.can.review && (
        <form onSubmit={review} className="review">
          <fieldset>
            <legend>Decision</legend>
            {[
              ['accept', 'Accept and publish'],
              ['request_changes', 'Request changes'],
              ['decline', 'Decline'],
            ].map(([value, label]) => (
              <label key={value} className="check">
                <input type="radio" name="decision" value={value} checked={decision === value} onChange={() => setDecision(value)} /> {label}
              </label>
            ))}
          </fieldset>
          <Field id="reason" label="Reasons for the author" hint="Required when requesting changes or declining; the author is emailed them." error={reviewError}>
            {(aria) => <textarea {...aria} rows={4} maxLength={TEXT_LIMITS.reason} value={reason} onChange={(e) => setReason(e.target.value)} />}
          </Field>
          <Notice error={reviewError} />
          <button>Record decision</button>
        </form>
      )}
    </section>
  );
}

/** The versions of an item; any two compared field by field, text as a line diff. */
function History({ item }: { item: ItemView }) {
  const [versions, setVersions] = useState<VersionSummary[]>([]);
  const [from, setFrom] = useState(0);
  const [to, setTo] = useState(0);
  const [diff, setDiff] = useState<FieldChange[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    get<VersionSummary[]>(`/library/items/${item.id}/versions`).then((v) => {
      setVersions(v);
      setTo(v[0]?.version ?? 0);
      setFrom(v[1]?.version ?? v[0]?.version ?? 0);
      setDiff(null);
    }, setError);
  }, [item.id, item.version]);
  if (versions.length < 2) return null;
  const compare = async (e: FormEvent) => {
    e.preventDefault();
    try {
      setDiff((await get<{ changes: FieldChange[] }>(`/library/items/${item.id}/compare?from=${from}&to=${to}`)).changes);
      setError(null);
    } catch (err) {
      setError(err);
    }
  };
  return (
    <section aria-labelledby="history-heading">
      <h2 id="history-heading">History</h2>
      <ol className="versions" reversed>
        {versions.map((v) => (
          <li key={v.version}>
            Version {v.version}, <DateText iso={v.editedAt} time />
            {v.editedBy ? ` by ${v.editedBy}` : ''}
          </li>
        ))}
      </ol>
      <form onSubmit={compare} className="row">
        <label htmlFor="from-version">Compare version</label>
        <select id="from-version" value={from} onChange={(e) => setFrom(Number(e.target.value))}>
          {versions.map((v) => <option key={v.version} value={v.version}>{v.version}</option>)}
        </select>
        <label htmlFor="to-version">with version</label>
        <select id="to-version" value={to} onChange={(e) => setTo(Number(e.target.value))}>
          {versions.map((v) => <option key={v.version} value={v.version}>{v.version}</option>)}
        </select>
        <button>Compare</button>
      </form>
      <Notice error={error} />
      {diff && (
        <div className="diff" aria-live="polite">
          {diff.length === 0 && <p>No differences.</p>}
          {diff.map((c) => (
            <div key={c.field}>
              <h3>{c.field}</h3>
              {c.lines ? (
                <pre>
                  {c.lines.map((l, i) => (l.added ? <ins key={i}>{l.value}</ins> : l.removed ? <del key={i}>{l.value}</del> : <span key={i}>{l.value}</span>))}
                </pre>
              ) : (
                <p>
                  <del>{JSON.stringify(c.before)}</del> → <ins>{JSON.stringify(c.after)}</ins>
                </p>
              )}
            </div>
          ))}
        </div>
      )}
    </section>
  );
}
