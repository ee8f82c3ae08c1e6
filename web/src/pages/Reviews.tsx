import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router';
import { get, post, put, type AssignmentView, type ReviewForm } from '../api';
import { LondonText, ProgrammeNav } from '../programmes';
import { Field, Notice, PageTitle } from '../ui';

/** A reviewer's assignments: accept or decline each invitation, declare a conflict, open the review. */
export function MyReviews() {
  const [list, setList] = useState<AssignmentView[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [message, setMessage] = useState<string | null>(null);
  const load = useCallback(() => get<AssignmentView[]>('/programmes/assignments/mine').then(setList, setError), []);
  useEffect(() => {
    load();
  }, [load]);
  const respond = async (a: AssignmentView, accept: boolean) => {
    const reason = accept ? '' : (prompt('Why do you decline? (optional)') ?? '');
    try {
      await post(`/programmes/assignments/${a.id}/response`, { accept, reason });
      setMessage(accept ? `Accepted: ${a.application}.` : `Declined: ${a.application}. It goes to another reviewer.`);
      load();
    } catch (err) {
      setError(err);
    }
  };
  const declare = async (a: AssignmentView) => {
    const reason = prompt('What is the conflict of interest?');
    if (!reason) return;
    try {
      await post(`/programmes/applications/${a.applicationId}/declare-conflict`, { reason });
      setMessage(`Conflict declared: ${a.application} is no longer yours to review.`);
      load();
    } catch (err) {
      setError(err);
    }
  };
  return (
    <>
      <PageTitle>My reviews</PageTitle>
      <ProgrammeNav />
      <Notice error={error} message={message} />
      {list && list.length === 0 && <p>No applications are assigned to you.</p>}
      {list && list.length > 0 && (
        <table>
          <thead>
            <tr>
              <th scope="col">Application</th>
              <th scope="col">Call</th>
              <th scope="col">Due</th>
              <th scope="col">Status</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {list.map((a) => (
              <tr key={a.id}>
                <td>
                  <Link to={`/applications/${a.applicationId}`}>{a.application}</Link> {a.reference && <small>{a.reference}</small>}
                </td>
                <td>{a.callTitle}</td>
                <td>{a.dueAt ? <LondonText t={a.dueAt} /> : '—'}</td>
                <td>{a.status}</td>
                <td>
                  {a.status === 'invited' && (
                    <>
                      <button type="button" onClick={() => respond(a, true)}>
                        Accept <span className="visually-hidden">{a.application}</span>
                      </button>{' '}
                      <button type="button" className="secondary" onClick={() => respond(a, false)}>
                        Decline <span className="visually-hidden">{a.application}</span>
                      </button>{' '}
                    </>
                  )}
                  {(a.status === 'accepted' || a.status === 'submitted') && (
                    <Link to={`/reviews/${a.id}`}>
                      {a.status === 'submitted' ? 'Your review' : 'Review'} <span className="visually-hidden">{a.application}</span>
                    </Link>
                  )}{' '}
                  {a.status !== 'submitted' && (
                    <button type="button" className="link" onClick={() => declare(a)}>
                      Declare a conflict <span className="visually-hidden">on {a.application}</span>
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

/** The review form: each criterion on the 1–6 scale with its descriptors, comments for the applicant and for the panel, confidence. */
export function ReviewPage() {
  const { id } = useParams();
  const [form, setForm] = useState<ReviewForm | null>(null);
  const [scores, setScores] = useState<Record<string, number>>({});
  const [forApplicant, setForApplicant] = useState('');
  const [forPanel, setForPanel] = useState('');
  const [confidence, setConfidence] = useState<number | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [message, setMessage] = useState<string | null>(null);
  useEffect(() => {
    get<ReviewForm>(`/programmes/assignments/${id}/review`).then((f) => {
      setForm(f);
      setScores(f.scores);
      setForApplicant(f.commentsApplicant);
      setForPanel(f.commentsPanel);
      setConfidence(f.confidence);
    }, setError);
  }, [id]);
  const save = async (submit: boolean) => {
    try {
      const f = await put<ReviewForm>(`/programmes/assignments/${id}/review`, { version: form!.version, scores, commentsApplicant: forApplicant, commentsPanel: forPanel, confidence, submit });
      setForm(f);
      setMessage(submit ? 'Review submitted. Thank you.' : 'Saved.');
      setError(null);
    } catch (err) {
      setError(err);
    }
  };
  if (!form) return <Notice error={error} />;
  const done = form.status === 'submitted';
  return (
    <>
      <PageTitle>{`Review: ${form.application.title}`}</PageTitle>
      <ProgrammeNav />
      <p>
        {form.application.reference} · {form.application.callTitle} · <Link to={`/applications/${form.application.id}`}>Read the application</Link>
        {form.dueAt && (
          <>
            {' '}
            · due <LondonText t={form.dueAt} />
          </>
        )}
      </p>
      <Notice error={error} message={message} />
      <form className="editor" onSubmit={(e: FormEvent) => (e.preventDefault(), save(true))}>
        {form.criteria.map((c) => (
          <fieldset key={c.code} id={`scores.${c.code}`}>
            <legend>
              {c.label}: {c.description}
            </legend>
            {form.scale.map((s) => (
              <div className="check" key={s.score}>
                <input type="radio" id={`${c.code}-${s.score}`} name={c.code} checked={scores[c.code] === s.score} disabled={done} onChange={() => setScores({ ...scores, [c.code]: s.score })} />
                <label htmlFor={`${c.code}-${s.score}`}>
                  {s.score} {s.label}: {s.descriptor}
                </label>
              </div>
            ))}
          </fieldset>
        ))}
        <Field id="commentsApplicant" label={`Comments for the applicant${form.anonymousToApplicants ? ' (they will not see your name)' : ''}`} error={error}>
          {(a) => <textarea {...a} rows={8} value={forApplicant} disabled={done} onChange={(e) => setForApplicant(e.target.value)} />}
        </Field>
        <Field id="commentsPanel" label="Comments for the panel only" error={error}>
          {(a) => <textarea {...a} rows={4} value={forPanel} disabled={done} onChange={(e) => setForPanel(e.target.value)} />}
        </Field>
        <Field id="confidence" label="Your confidence in this assessment" error={error}>
          {(a) => (
            <select {...a} value={confidence ?? ''} disabled={done} onChange={(e) => setConfidence(e.target.value ? Number(e.target.value) : null)}>
              <option value="">Choose…</option>
              {form.confidenceLevels.map((l) => (
                <option key={l.level} value={l.level}>
                  {l.label}
                </option>
              ))}
            </select>
          )}
        </Field>
        {!done && (
          <p>
            <button type="button" className="secondary" onClick={() => save(false)}>
              Save a draft
            </button>{' '}
            <button type="submit">Submit the review</button>
          </p>
        )}
      </form>
    </>
  );
}
