import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { NavLink, Route, Routes } from 'react-router';
import { ApiError, del, get, post, type AuditRecord, type OutboxMessage, type Page, type UserSummary } from '../api';
import { DateText, Notice, PageTitle } from '../ui';

const ROLES = ['curator', 'reviewer', 'programme_manager', 'analyst', 'administrator'] as const;
type Role = (typeof ROLES)[number];
const ROLE_LABELS: Record<string, string> = { curator: 'Curator', reviewer: 'Reviewer', programme_manager: 'Programme manager', analyst: 'Analyst', administrator: 'Administrator' };

/** Administration; the API refuses anyone else, and this page says so. */
export function Admin() {
  return (
    <>
      <PageTitle>Administration</PageTitle>
      <nav aria-label="Administration" className="tabs">
        <NavLink to="/admin/users">Users and roles</NavLink>
        <NavLink to="/admin/audit">Audit log</NavLink>
        <NavLink to="/admin/outbox">Outbox</NavLink>
      </nav>
      <Routes>
        <Route path="users" element={<Users />} />
        <Route path="audit" element={<Audit />} />
        <Route path="outbox" element={<Outbox />} />
        <Route path="*" element={<Users />} />
      </Routes>
    </>
  );
}

function Refused({ error }: { error: unknown }) {
  if (error instanceof ApiError && (error.status === 401 || error.status === 403))
    return (
      <p role="alert" className="notice error">
        {error.status === 401 ? 'Sign in as an administrator to see this page.' : 'Only administrators can see this page.'}
      </p>
    );
  return <Notice error={error} />;
}

function usePage<T>(path: string) {
  const [data, setData] = useState<Page<T> | null>(null);
  const [error, setError] = useState<unknown>(null);
  const load = useCallback(() => get<Page<T>>(path).then((d) => (setData(d), setError(null)), setError), [path]);
  useEffect(() => {
    load();
  }, [load]);
  return { data, error, load };
}

function Users() {
  const [q, setQ] = useState('');
  const [query, setQuery] = useState('');
  const { data, error, load } = usePage<UserSummary>(`/admin/users?pageSize=50${query ? `&q=${encodeURIComponent(query)}` : ''}`);
  const [status, setStatus] = useState<{ error?: unknown; message?: string }>({});
  const toggle = async (u: UserSummary, role: Role) => {
    try {
      if (u.roles.includes(role)) await del(`/admin/users/${u.id}/roles/${role}`);
      else await post(`/admin/users/${u.id}/roles`, { role });
      setStatus({ message: `${u.roles.includes(role) ? 'Revoked' : 'Granted'} ${ROLE_LABELS[role]} ${u.roles.includes(role) ? 'from' : 'to'} ${u.email}.` });
      await load();
    } catch (e) {
      setStatus({ error: e });
    }
  };
  if (error) return <Refused error={error} />;
  const search = (e: FormEvent) => {
    e.preventDefault();
    setQuery(q);
  };
  return (
    <section aria-labelledby="users-heading">
      <h2 id="users-heading">Users and roles</h2>
      <form role="search" onSubmit={search} className="row">
        <label htmlFor="user-q">Find by email or name</label>
        <input id="user-q" type="search" maxLength={200} value={q} onChange={(e) => setQ(e.target.value)} />
        <button>Find</button>
      </form>
      <Notice error={status.error} message={status.message} />
      {data && (
        <div className="table-wrap">
          <table>
            <caption>{data.total} accounts</caption>
            <thead>
              <tr>
                <th scope="col">Account</th>
                <th scope="col">State</th>
                {ROLES.map((r) => <th scope="col" key={r}>{ROLE_LABELS[r]}</th>)}
              </tr>
            </thead>
            <tbody>
              {data.items.map((u) => (
                <tr key={u.id}>
                  <th scope="row">{u.name ?? '—'}<br /><small>{u.email}</small></th>
                  <td>{u.emailVerified ? 'verified' : 'unverified'}{u.lockedUntil ? ', sign-in slowed after failed attempts' : ''}</td>
                  {ROLES.map((r) => (
                    <td key={r}>
                      <input type="checkbox" aria-label={`${ROLE_LABELS[r]}: ${u.email}`} checked={u.roles.includes(r)} onChange={() => toggle(u, r)} />
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function Audit() {
  const { data, error } = usePage<AuditRecord>('/admin/audit?pageSize=100');
  if (error) return <Refused error={error} />;
  return (
    <section aria-labelledby="audit-heading">
      <h2 id="audit-heading">Audit log</h2>
      {data && (
        <div className="table-wrap">
          <table>
            <caption>{data.total} entries, newest first</caption>
            <thead>
              <tr><th scope="col">When</th><th scope="col">Who</th><th scope="col">Action</th><th scope="col">On</th><th scope="col">Before</th><th scope="col">After</th></tr>
            </thead>
            <tbody>
              {data.items.map((a) => (
                <tr key={a.id}>
                  <td><DateText iso={a.at} time /></td>
                  <td>{a.actorEmail ?? 'system'}</td>
                  <td>{a.action}</td>
                  <td>{a.entityType} {a.entityId?.slice(0, 8)}</td>
                  <td><JsonCell value={a.before} label="Before" /></td>
                  <td><JsonCell value={a.after} label="After" /></td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

/** A state before or after a change: whole and wrapped when short, else its start, opened to the whole on demand. */
function JsonCell({ value, label }: { value: unknown; label: string }) {
  if (value === null || value === undefined) return null;
  const text = JSON.stringify(value);
  if (text.length <= 120) return <code className="json">{text}</code>;
  return (
    <details className="json">
      <summary>
        <code>{text.slice(0, 100)}…</code> <span className="visually-hidden">{label}: show all</span>
      </summary>
      <pre>{JSON.stringify(value, null, 2)}</pre>
    </details>
  );
}

function Outbox() {
  const { data, error } = usePage<OutboxMessage>('/admin/outbox?pageSize=50');
  if (error) return <Refused error={error} />;
  return (
    <section aria-labelledby="outbox-heading">
      <h2 id="outbox-heading">Outbox</h2>
      <p>Email the platform sent. Without SMTP settings, this is where it stays.</p>
      <ul className="outbox">
        {data?.items.map((m) => (
          <li key={m.id} className="card">
            <h3>{m.subject}</h3>
            <p className="meta">To {m.to} · <DateText iso={m.createdAt} time /> · {m.status}</p>
            {m.body && <pre className="mail">{linkify(m.body)}</pre>}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** Links in a plain-text message become anchors (only http(s)). */
function linkify(text: string) {
  return text.split(/(https?:\/\/\S+)/g).map((part, i) => (/^https?:\/\//.test(part) ? <a key={i} href={part}>{part}</a> : part));
}
