import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { get, patch, post, type DirectoryResult, type MemberCard, type ReviewerView } from '../api';
import { ProgrammeNav } from '../programmes';
import { SearchPicker } from '../search';
import { Field, Notice, PageTitle } from '../ui';

/** The reviewer pool, for programme managers: members with the reviewer role and external reviewers, their load. */
export function ReviewerPool() {
  const [pool, setPool] = useState<ReviewerView[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [invite, setInvite] = useState({ email: '', name: '', organisation: '', expertise: '' });
  const load = useCallback(() => get<ReviewerView[]>('/programmes/reviewers').then(setPool, setError), []);
  useEffect(() => {
    load();
  }, [load]);
  const run = async (what: string, f: () => Promise<unknown>) => {
    try {
      await f();
      setMessage(what);
      setError(null);
      load();
    } catch (err) {
      setError(err);
    }
  };
  const sendInvite = (e: FormEvent) => {
    e.preventDefault();
    run(`${invite.name} invited by email.`, () => post('/programmes/reviewers/invitations', invite)).then(() => setInvite({ email: '', name: '', organisation: '', expertise: '' }));
  };
  return (
    <>
      <PageTitle>Reviewer pool</PageTitle>
      <ProgrammeNav />
      <Notice error={error} message={message} />
      <SearchPicker<MemberCard>
        id="add-reviewer"
        label="Add a member to the pool"
        find={async (q) => (await get<DirectoryResult>(`/directory?q=${encodeURIComponent(q)}&pageSize=8`)).items}
        pick={(m) => m.name}
        onPick={(m) => run(`${m.name} added to the pool.`, () => post('/programmes/reviewers', { profileId: m.id }))}
      />
      {pool && (
        <table>
          <thead>
            <tr>
              <th scope="col">Reviewer</th>
              <th scope="col">Disciplines</th>
              <th scope="col">Expertise</th>
              <th scope="col">Load</th>
              <th scope="col">Capacity</th>
            </tr>
          </thead>
          <tbody>
            {pool.map((r) => (
              <tr key={r.userId}>
                <td>
                  {r.name} {r.external && <span className="badge">External</span>} {!r.active && '(inactive)'}
                  {r.organisation && <small className="hint">{r.organisation}</small>}
                </td>
                <td>{r.disciplines.map((d) => d.label).join(', ')}</td>
                <td>{r.expertise}</td>
                <td>
                  {r.load} open, {r.done} done
                </td>
                <td>
                  <input aria-label={`Capacity of ${r.name}`} type="number" min={0} max={100} defaultValue={r.capacity} onBlur={(e) => Number(e.target.value) !== r.capacity && run(`${r.name}'s capacity set to ${e.target.value}.`, () => patch(`/programmes/reviewers/${r.userId}`, { capacity: Number(e.target.value) }))} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form className="editor" onSubmit={sendInvite} aria-labelledby="invite-heading">
        <h2 id="invite-heading">Invite an external reviewer</h2>
        <p>They get an account limited to the applications assigned to them; the email's link sets its password.</p>
        <Field id="invite-email" field="email" label="Email" error={error}>
          {(a) => <input {...a} type="email" required value={invite.email} onChange={(e) => setInvite({ ...invite, email: e.target.value })} />}
        </Field>
        <Field id="invite-name" field="name" label="Name" error={error}>
          {(a) => <input {...a} required value={invite.name} onChange={(e) => setInvite({ ...invite, name: e.target.value })} />}
        </Field>
        <Field id="invite-organisation" field="organisation" label="Organisation" error={error}>
          {(a) => <input {...a} value={invite.organisation} onChange={(e) => setInvite({ ...invite, organisation: e.target.value })} />}
        </Field>
        <Field id="invite-expertise" field="expertise" label="Expertise" error={error}>
          {(a) => <textarea {...a} rows={3} value={invite.expertise} onChange={(e) => setInvite({ ...invite, expertise: e.target.value })} />}
        </Field>
        <button type="submit">Send the invitation</button>
      </form>
    </>
  );
}
