import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { get, patch, post, type CollectionSummary, type CollectionView, type DirectoryResult, type ItemCard, type LibraryResult, type MemberCard } from '../api';
import { SearchPicker } from '../search';
import { ItemCardView, LibraryNav } from '../library';
import { TEXT_LIMITS } from '../../../src/hub/platform/model.js';
import { useSession } from '../session';
import { Field, Notice, PageTitle } from '../ui';

/** Collections and communities; curators create them. */
export function Collections() {
  const { has } = useSession();
  const [list, setList] = useState<CollectionSummary[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    get<CollectionSummary[]>('/library/collections').then(setList, setError);
  }, []);
  const curator = has('curator') || has('administrator');
  return (
    <>
      <PageTitle>Collections</PageTitle>
      <LibraryNav />
      <p className="lead">Curated, ordered selections from the library, and the communities that members submit to.</p>
      <Notice error={error} />
      <ul className="results">
        {list?.map((c) => (
          <li key={c.id} className="card">
            <p className="kind">{c.isCommunity ? 'Community' : 'Collection'}</p>
            <h3>
              <Link to={`/library/collections/${c.slug}`}>{c.title}</Link>
            </h3>
            <p className="meta">
              {c.items} {c.items === 1 ? 'item' : 'items'}
            </p>
            {c.description && <p>{c.description}</p>}
          </li>
        ))}
      </ul>
      {curator && <NewCollection />}
    </>
  );
}

function NewCollection() {
  const navigate = useNavigate();
  const [slug, setSlug] = useState('');
  const [slugEdited, setSlugEdited] = useState(false);
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const [isCommunity, setIsCommunity] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const create = async (e: FormEvent) => {
    e.preventDefault();
    try {
      const c = await post<CollectionView>('/library/collections', { slug, title, description, isCommunity });
      navigate(`/library/collections/${c.slug}`);
    } catch (err) {
      setError(err);
    }
  };
  return (
    <form onSubmit={create} aria-labelledby="new-collection">
      <h2 id="new-collection">New collection</h2>
      <Field id="title" label="Title" error={error}>
        {(aria) => (
          <input
            {...aria}
            maxLength={TEXT_LIMITS.collectionTitle}
            value={title}
            onChange={(e) => {
              setTitle(e.target.value);
              if (!slugEdited) setSlug(e.target.value.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 80));
            }}
          />
        )}
      </Field>
      <Field id="slug" label="Address" hint="Lower-case letters, digits and hyphens, e.g. story-bank" error={error}>
        {(aria) => <input {...aria} maxLength={80} value={slug} onChange={(e) => (setSlug(e.target.value), setSlugEdited(true))} />}
      </Field>
      <Field id="description" label="Description" error={error}>
        {(aria) => <textarea {...aria} rows={3} maxLength={TEXT_LIMITS.description} value={description} onChange={(e) => setDescription(e.target.value)} />}
      </Field>
      <label className="check">
        <input type="checkbox" checked={isCommunity} onChange={(e) => setIsCommunity(e.target.checked)} /> A community: members submit items to it, and its curators review them
      </label>
      <Notice error={error} />
      <button>Create collection</button>
    </form>
  );
}

/** A collection's items in order; its curators reorder, add and remove items; the library's curators name its curators. */
export function CollectionPage() {
  const { slug } = useParams();
  const { has } = useSession();
  const [c, setC] = useState<CollectionView | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [status, setStatus] = useState<{ error?: unknown; message?: string }>({});
  const load = useCallback(() => get<CollectionView>(`/library/collections/${slug}`).then(setC, setError), [slug]);
  useEffect(() => {
    load();
  }, [load]);
  if (error)
    return (
      <>
        <PageTitle>Collection</PageTitle>
        <LibraryNav />
        <Notice error={error} />
      </>
    );
  if (!c) return <p>Loading…</p>;
  const save = async (change: Record<string, unknown>, message: string) => {
    try {
      setC(await patch<CollectionView>(`/library/collections/${c.slug}`, change));
      setStatus({ message });
    } catch (err) {
      setStatus({ error: err });
    }
  };
  const ids = c.items.map((i) => i.id);
  const move = (i: number, by: number) => {
    const next = [...ids];
    [next[i], next[i + by]] = [next[i + by], next[i]];
    save({ itemIds: next }, `Moved “${c.items[i].title}” ${by < 0 ? 'up' : 'down'}.`);
  };
  const libraryCurator = has('curator') || has('administrator');
  return (
    <>
      <PageTitle>{c.title}</PageTitle>
      <LibraryNav />
      <p className="kind">{c.isCommunity ? 'Community' : 'Collection'}</p>
      {c.description && <p className="lead">{c.description}</p>}
      <p className="actions">
        Feed: <a href={`/api/library/feeds/collections/${c.slug}.atom`}>Atom</a> · <a href={`/api/library/feeds/collections/${c.slug}.rss`}>RSS</a>
        {c.curators.length > 0 && <> · Curated by {c.curators.map((x) => x.name).join(', ')}</>}
      </p>
      <Notice error={status.error} message={status.message} />
      {c.items.length === 0 && <p>No items yet.</p>}
      <ol className="results">
        {c.items.map((item, i) => (
          <ItemCardView key={item.id} item={item}>
            {c.canManage && (
              <div className="row">
                <button type="button" disabled={i === 0} onClick={() => move(i, -1)}>
                  Move up <span className="visually-hidden">{item.title}</span>
                </button>
                <button type="button" disabled={i === c.items.length - 1} onClick={() => move(i, 1)}>
                  Move down <span className="visually-hidden">{item.title}</span>
                </button>
                <button type="button" className="link" onClick={() => save({ itemIds: ids.filter((x) => x !== item.id) }, `Removed “${item.title}” from the collection.`)}>
                  Remove <span className="visually-hidden">{item.title}</span>
                </button>
              </div>
            )}
          </ItemCardView>
        ))}
      </ol>
      {c.canManage && <AddToCollection onAdd={(item) => !ids.includes(item.id) && save({ itemIds: [...ids, item.id] }, `Added “${item.title}”.`)} />}
      {c.canManage && <EditCollection c={c} onSave={save} />}
      {libraryCurator && <Curators c={c} onSave={save} />}
    </>
  );
}

function AddToCollection({ onAdd }: { onAdd: (item: ItemCard) => void }) {
  return (
    <section aria-labelledby="add-heading">
      <h2 id="add-heading">Add items</h2>
      <SearchPicker<ItemCard>
        id="add-q"
        label="Find published items"
        find={async (q) => (await get<LibraryResult>(`/library?q=${encodeURIComponent(q)}&pageSize=8`)).items}
        pick={(i) => `Add ${i.title}`}
        onPick={onAdd}
      />
    </section>
  );
}

function EditCollection({ c, onSave }: { c: CollectionView; onSave: (change: Record<string, unknown>, message: string) => Promise<void> }) {
  const [title, setTitle] = useState(c.title);
  const [description, setDescription] = useState(c.description);
  return (
    <form
      aria-labelledby="edit-collection"
      onSubmit={(e) => {
        e.preventDefault();
        onSave({ title, description }, 'Collection saved.');
      }}
    >
      <h2 id="edit-collection">Title and description</h2>
      <Field id="collection-title" label="Title">
        {(aria) => <input {...aria} maxLength={TEXT_LIMITS.collectionTitle} value={title} onChange={(e) => setTitle(e.target.value)} />}
      </Field>
      <Field id="collection-description" label="Description">
        {(aria) => <textarea {...aria} rows={3} maxLength={TEXT_LIMITS.description} value={description} onChange={(e) => setDescription(e.target.value)} />}
      </Field>
      <button>Save collection</button>
    </form>
  );
}

/** The library's curators name who else curates a collection, from the directory (members with an account). */
function Curators({ c, onSave }: { c: CollectionView; onSave: (change: Record<string, unknown>, message: string) => Promise<void> }) {
  const current = c.curators.filter((x) => x.profileId).map((x) => x.profileId!);
  return (
    <section aria-labelledby="curators-heading">
      <h2 id="curators-heading">Curators of this collection</h2>
      <ul>
        {c.curators.map((x) => (
          <li key={x.userId}>
            {x.name}{' '}
            <button type="button" className="link" onClick={() => onSave({ curatorIds: c.curators.filter((y) => y.userId !== x.userId).map((y) => y.userId) }, `${x.name} no longer curates it.`)}>
              Remove <span className="visually-hidden">{x.name}</span>
            </button>
          </li>
        ))}
      </ul>
      <SearchPicker<MemberCard>
        id="curator-q"
        label="Find a member"
        find={async (q) => (await get<DirectoryResult>(`/directory?q=${encodeURIComponent(q)}&pageSize=8`)).items.filter((m) => !m.isExample && !current.includes(m.id))}
        pick={(m) => `Make ${m.name} a curator`}
        onPick={(m) => onSave({ curatorIds: c.curators.map((y) => y.userId), curatorProfileIds: [m.id] }, `${m.name} now curates it.`)}
      />
    </section>
  );
}
