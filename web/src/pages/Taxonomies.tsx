import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { NavLink, useParams } from 'react-router';
import { ApiError, get, put, type EditableTerm } from '../api';
import { TEXT_LIMITS } from '../../../src/hub/platform/model.js';
import { LibraryNav } from '../library';
import { Field, Notice, PageTitle } from '../ui';

const EDITABLE: Record<string, string> = { theme: 'Themes', technology: 'Industrial digital technologies', audience: 'Audiences' };

/** Curators add, rename and retire the terms of the editable taxonomies; official lists (disciplines, SIC, ITL) are not edited here. */
export function Taxonomies() {
  const { taxonomy = 'theme' } = useParams();
  const [terms, setTerms] = useState<EditableTerm[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [status, setStatus] = useState<{ error?: unknown; message?: string }>({});
  const load = useCallback(() => get<EditableTerm[]>(`/taxonomies/${taxonomy}/terms`).then((t) => (setTerms(t), setError(null)), setError), [taxonomy]);
  useEffect(() => {
    setTerms(null);
    setStatus({});
    load();
  }, [load]);
  const save = async (term: { code: string; label: string; retired?: boolean }, message: string) => {
    try {
      await put(`/taxonomies/${taxonomy}/terms`, term);
      setStatus({ message });
      await load();
    } catch (err) {
      setStatus({ error: err });
    }
  };
  return (
    <>
      <PageTitle>Taxonomies</PageTitle>
      <LibraryNav />
      <p>
        Disciplines (Gateway to Research subjects), sectors (SIC 2007) and regions (ITL) follow official lists. A retired term leaves the pickers and the search filters, and
        keeps its label on what already carries it.
      </p>
      <nav aria-label="Taxonomies" className="tabs">
        {Object.entries(EDITABLE).map(([code, label]) => (
          <NavLink key={code} to={`/library/taxonomies/${code}`}>
            {label}
          </NavLink>
        ))}
      </nav>
      {error instanceof ApiError && (error.status === 401 || error.status === 403) ? (
        <p role="alert" className="notice error">
          Only curators edit the taxonomies.
        </p>
      ) : (
        <Notice error={error} />
      )}
      <Notice error={status.error} message={status.message} />
      {terms && (
        <div className="table-wrap">
          <table>
            <caption>
              {EDITABLE[taxonomy] ?? taxonomy}: {terms.length} terms
            </caption>
            <thead>
              <tr>
                <th scope="col">Code</th>
                <th scope="col">Label</th>
                <th scope="col">Used by</th>
                <th scope="col">Last edited by</th>
                <th scope="col">State</th>
              </tr>
            </thead>
            <tbody>
              {terms.map((t) => (
                <TermRow key={t.code} term={t} onSave={save} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      {terms && <NewTerm taxonomy={taxonomy} onAdded={(message) => (setStatus({ message }), load())} />}
    </>
  );
}

function TermRow({ term, onSave }: { term: EditableTerm; onSave: (t: { code: string; label: string; retired?: boolean }, message: string) => Promise<void> }) {
  const [label, setLabel] = useState(term.label);
  return (
    <tr className={term.retired ? 'retired' : undefined}>
      <td>
        <code>{term.code}</code>
      </td>
      <td>
        <form
          className="row"
          onSubmit={(e) => {
            e.preventDefault();
            onSave({ code: term.code, label }, `Renamed ${term.code} to “${label}”.`);
          }}
        >
          <input aria-label={`Label of ${term.code}`} maxLength={TEXT_LIMITS.termLabel} value={label} onChange={(e) => setLabel(e.target.value)} />
          <button disabled={label === term.label}>Rename</button>
        </form>
      </td>
      <td>{term.used}</td>
      <td>{term.editedBy ?? 'reference list'}</td>
      <td>
        {term.retired ? 'retired' : 'in use'}{' '}
        <button type="button" className="link" onClick={() => onSave({ code: term.code, label: term.label, retired: !term.retired }, `${term.retired ? 'Restored' : 'Retired'} “${term.label}”.`)}>
          {term.retired ? 'Restore' : 'Retire'} <span className="visually-hidden">{term.label}</span>
        </button>
      </td>
    </tr>
  );
}

function NewTerm({ taxonomy, onAdded }: { taxonomy: string; onAdded: (message: string) => void }) {
  const [code, setCode] = useState('');
  const [label, setLabel] = useState('');
  const [error, setError] = useState<unknown>(null);
  const add = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      await put(`/taxonomies/${taxonomy}/terms`, { code, label });
      onAdded(`Added “${label}”.`);
      setCode('');
      setLabel('');
    } catch (err) {
      setError(err);
    }
  };
  return (
    <form onSubmit={add} aria-labelledby="new-term">
      <h2 id="new-term">Add a term</h2>
      <Field id="label" label="Label" error={error}>
        {(aria) => (
          <input
            {...aria}
            maxLength={TEXT_LIMITS.termLabel}
            value={label}
            onChange={(e) => {
              setLabel(e.target.value);
              setCode(e.target.value.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60));
            }}
          />
        )}
      </Field>
      <Field id="code" label="Code" hint="2–60 lower-case letters, digits or hyphens; it cannot change later" error={error}>
        {(aria) => <input {...aria} maxLength={60} value={code} onChange={(e) => setCode(e.target.value)} />}
      </Field>
      <Notice error={error} />
      <button>Add term</button>
    </form>
  );
}
