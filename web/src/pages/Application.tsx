import { useCallback, useEffect, useRef, useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { ApiError, del, get, patch, post, upload, type ApplicationView, type BudgetLine, type Question, type SubmissionCheck, type TeamMember } from '../api';
import { formatSize } from '../library';
import { LondonText, money, ProgrammeNav } from '../programmes';
import { Field, Notice, PageTitle, sentence } from '../ui';

const ROLES: Record<string, string> = { lead: 'Lead applicant', co_lead: 'Co-lead', co_applicant: 'Co-applicant', researcher: 'Researcher', partner: 'Project partner' };
const words = (t: string) => (t.trim() ? t.trim().split(/\s+/).length : 0);
type Check = SubmissionCheck & { warnings: string[] };

/**
 * An application: its form, question by question, saved as one types (autosave, a second after the last change).
 * Each save names the version it started from; when another window saved since, nothing is overwritten and the page
 * says so. The check lists what is missing before submitting.
 */
export function ApplicationPage() {
  const { id } = useParams();
  const [app, setApp] = useState<ApplicationView | null>(null);
  const [answers, setAnswers] = useState<Record<string, unknown>>({});
  const [title, setTitle] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [check, setCheck] = useState<Check | null>(null);
  const [stale, setStale] = useState(false);
  const dirty = useRef(false);
  const version = useRef(0);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);

  const load = useCallback(async () => {
    try {
      const a = await get<ApplicationView>(`/programmes/applications/${id}`);
      setApp(a);
      setAnswers(a.answers);
      setTitle(a.title);
      version.current = a.version;
      dirty.current = false;
      setStale(false);
    } catch (err) {
      setError(err);
    }
  }, [id]);
  useEffect(() => {
    load();
  }, [load]);

  const save = useCallback(
    async (next: { title: string; answers: Record<string, unknown> }) => {
      try {
        const a = await patch<ApplicationView>(`/programmes/applications/${id}`, { version: version.current, title: next.title, answers: next.answers });
        version.current = a.version;
        dirty.current = false;
        setApp(a);
        setStatus(`Saved at ${new Date().toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit', second: '2-digit' })}.`);
        setError(null);
      } catch (err) {
        if (err instanceof ApiError && err.status === 409 && err.issues[0]?.field === 'version') setStale(true);
        setError(err);
      }
    },
    [id],
  );
  const change = (next: { title?: string; answers?: Record<string, unknown> }) => {
    const t = next.title ?? title;
    const a = next.answers ?? answers;
    setTitle(t);
    setAnswers(a);
    dirty.current = true;
    setStatus('Unsaved changes…');
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => save({ title: t, answers: a }), 1000);
  };
  const flush = async () => {
    if (timer.current) clearTimeout(timer.current);
    if (dirty.current) await save({ title, answers });
  };
  const runCheck = async () => {
    await flush();
    try {
      setCheck(await get<Check>(`/programmes/applications/${id}/check`));
    } catch (err) {
      setError(err);
    }
  };
  const act = async (what: string, path: string, body?: unknown) => {
    await flush();
    try {
      const a = await post<ApplicationView>(path, body);
      setApp(a);
      setAnswers(a.answers);
      version.current = a.version;
      setStatus(what);
      setError(null);
      if (what.startsWith('Submitted')) setCheck(null);
    } catch (err) {
      setError(err);
    }
  };

  if (!app) return <Notice error={error} />;
  const editable = app.can.edit && !stale;
  const team = (answers.team as TeamMember[] | undefined) ?? [];
  const teamQuestion = app.questions.find((q) => q.type === 'team');
  return (
    <>
      <PageTitle>{app.title || (app.stage === 'eoi' ? 'Expression of interest' : 'Application')}</PageTitle>
      <ProgrammeNav />
      <p>
        {app.stage === 'eoi' ? 'Expression of interest' : 'Application'} to <Link to={`/calls/${app.call.slug}`}>{app.call.title}</Link>
        {app.reference && <> · reference {app.reference}</>} · {app.status === 'draft' ? 'draft' : app.status}
        {app.status === 'draft' && (
          <>
            {' '}
            · closes <LondonText t={app.closesAt} />
          </>
        )}
      </p>
      {stale && (
        <div role="alert" className="notice error">
          <p>{sentence(error instanceof ApiError ? error.message : 'This draft was saved from another window.')}</p>
          <button type="button" onClick={load}>
            Load the newer answers
          </button>
        </div>
      )}
      {!stale && <Notice error={error} message={status} />}
      {app.extendedUntil && (
        <p className="notice ok">
          You have until <LondonText t={app.extendedUntil} /> ({app.extensionReason}).
        </p>
      )}
      {app.decision && app.feedback.length > 0 && (
        <section aria-labelledby="feedback-heading">
          <h2 id="feedback-heading">Decision: {{ fund: 'funded', reject: 'not funded', reserve: 'reserve list' }[app.decision]}</h2>
          {app.decisionReason && <p>{app.decisionReason}</p>}
          {app.feedback.map((f) => (
            <div key={f.reviewer}>
              <h3>{f.reviewer}</h3>
              <p>{f.comments}</p>
            </div>
          ))}
        </section>
      )}
      <form className="editor" onSubmit={(e) => e.preventDefault()} aria-label="Application form">
        <Field id="title" label="Title of the application" error={error}>
          {(a) => <input {...a} value={title} onChange={(e) => change({ title: e.target.value })} disabled={!editable} maxLength={300} />}
        </Field>
        {app.questions.map((q) => (
          <QuestionField key={q.id} q={q} value={answers[q.id]} error={error} editable={editable} app={app} onChange={(v) => change({ answers: { ...answers, [q.id]: v } })} onFiles={load} maxAmount={app.maxAmount} />
        ))}
      </form>
      {app.can.edit && (
        <section aria-labelledby="submit-heading">
          <h2 id="submit-heading">Check and submit</h2>
          {teamQuestion && team.some((m) => m.role !== 'lead' && m.role !== 'partner') && (
            <p>
              <button type="button" onClick={() => act('Invitations sent to the team members who confirm by email.', `/programmes/applications/${id}/team/invite`)}>
                Ask the team to confirm
              </button>{' '}
              {app.team.map((m) => `${m.name}: ${m.confirmation}`).join('; ')}
            </p>
          )}
          <p>
            <button type="button" onClick={runCheck}>
              Check the application
            </button>{' '}
            <button type="button" onClick={() => act(`Submitted. A receipt is on its way.`, `/programmes/applications/${id}/submit`)} disabled={!app.can.submit}>
              Submit
            </button>
          </p>
          {check && (
            <div role="status" className={check.ready ? 'notice ok' : 'notice error'}>
              {check.ready ? <p>Ready to submit.</p> : <p>Before submitting:</p>}
              <ul>
                {check.issues.map((i, k) => (
                  <li key={k}>
                    {i.field.startsWith('answers.') ? <a href={`#q-${i.field.slice(8)}`}>{sentence(i.message)}</a> : sentence(i.message)}
                  </li>
                ))}
              </ul>
              {check.warnings.map((w) => (
                <p key={w}>Please note: {w}</p>
              ))}
            </div>
          )}
        </section>
      )}
      {app.can.withdraw && (
        <p>
          <button type="button" className="link" onClick={() => confirm('Withdraw this application? It cannot be submitted again.') && act('Withdrawn.', `/programmes/applications/${id}/withdraw`)}>
            Withdraw the application
          </button>
        </p>
      )}
      {app.can.manage && (
        <p>
          <Link to={`/programme/calls/${app.call.slug}`}>Back to the call's applications</Link>
        </p>
      )}
    </>
  );
}

function QuestionField(props: { q: Question; value: unknown; error: unknown; editable: boolean; app: ApplicationView; maxAmount: number; onChange: (v: unknown) => void; onFiles: () => void }) {
  const { q, value, editable } = props;
  const id = `q-${q.id}`;
  const label = `${q.label}${q.required ? ' (required)' : ''}`;
  switch (q.type) {
    case 'text': {
      const text = typeof value === 'string' ? value : '';
      const n = words(text);
      return (
        <Field id={id} field={`answers.${q.id}`} label={label} hint={[q.help, q.wordLimit ? `${n.toLocaleString('en-GB')} of ${q.wordLimit.toLocaleString('en-GB')} words` : ''].filter(Boolean).join(' · ') || undefined} error={props.error}>
          {(a) => <textarea {...a} rows={q.wordLimit && q.wordLimit > 300 ? 10 : 4} value={text} disabled={!editable} onChange={(e) => props.onChange(e.target.value)} className={q.wordLimit && n > q.wordLimit ? 'over' : undefined} />}
        </Field>
      );
    }
    case 'choice':
      return (
        <Field id={id} field={`answers.${q.id}`} label={label} hint={q.help} error={props.error}>
          {(a) => (
            <select {...a} value={typeof value === 'string' ? value : ''} disabled={!editable} onChange={(e) => props.onChange(e.target.value || null)}>
              <option value="">Choose…</option>
              {q.options.map((o) => (
                <option key={o}>{o}</option>
              ))}
            </select>
          )}
        </Field>
      );
    case 'multiple_choice': {
      const chosen = Array.isArray(value) ? (value as string[]) : [];
      return (
        <fieldset id={id}>
          <legend>{label}</legend>
          {q.options.map((o, k) => (
            <div className="check" key={o}>
              <input id={`${id}-${k}`} type="checkbox" checked={chosen.includes(o)} disabled={!editable} onChange={(e) => props.onChange(e.target.checked ? [...chosen, o] : chosen.filter((x) => x !== o))} />
              <label htmlFor={`${id}-${k}`}>{o}</label>
            </div>
          ))}
        </fieldset>
      );
    }
    case 'number':
      return (
        <Field id={id} field={`answers.${q.id}`} label={`${label}${q.unit ? ` (${q.unit})` : ''}`} hint={q.help} error={props.error}>
          {(a) => <input {...a} type="number" min={q.min} max={q.max} step={q.integer ? 1 : 'any'} value={typeof value === 'number' ? value : ''} disabled={!editable} onChange={(e) => props.onChange(e.target.value === '' ? null : Number(e.target.value))} />}
        </Field>
      );
    case 'declaration':
      return (
        <fieldset id={id}>
          <legend>{label}</legend>
          <div className="check">
            <input id={`${id}-accept`} type="checkbox" checked={value === true} disabled={!editable} onChange={(e) => props.onChange(e.target.checked)} />
            <label htmlFor={`${id}-accept`}>{q.statement}</label>
          </div>
        </fieldset>
      );
    case 'budget':
      return <BudgetTable id={id} q={q} lines={Array.isArray(value) ? (value as BudgetLine[]) : []} editable={editable} maxAmount={props.maxAmount} onChange={props.onChange} />;
    case 'team':
      return <TeamEditor id={id} label={label} members={Array.isArray(value) ? (value as TeamMember[]) : []} editable={editable} onChange={props.onChange} confirmations={props.app.team} />;
    case 'file':
      return <FileQuestion id={id} q={q} app={props.app} editable={editable} onFiles={props.onFiles} />;
  }
}

function BudgetTable(props: { id: string; q: Extract<Question, { type: 'budget' }>; lines: BudgetLine[]; editable: boolean; maxAmount: number; onChange: (v: unknown) => void }) {
  const { q, lines } = props;
  const total = lines.reduce((s, l) => s + (Number(l.amount) || 0), 0);
  const set = (i: number, l: Partial<BudgetLine>) => props.onChange(lines.map((x, k) => (k === i ? { ...x, ...l } : x)));
  return (
    <fieldset id={props.id}>
      <legend>
        {q.label}
        {q.required ? ' (required)' : ''}
      </legend>
      {q.help && <small className="hint">{q.help}</small>}
      <table>
        <thead>
          <tr>
            <th scope="col">Category</th>
            <th scope="col">Amount (£)</th>
            <th scope="col">
              <span className="visually-hidden">Remove</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {lines.map((l, i) => (
            <tr key={i}>
              <td>
                <select aria-label={`Category of line ${i + 1}`} value={l.category} disabled={!props.editable} onChange={(e) => set(i, { category: e.target.value })}>
                  {q.categories.map((c) => (
                    <option key={c}>{c}</option>
                  ))}
                </select>
              </td>
              <td>
                <input aria-label={`Amount of line ${i + 1}`} type="number" min={0} step={1} value={l.amount} disabled={!props.editable} onChange={(e) => set(i, { amount: Number(e.target.value) })} />
              </td>
              <td>
                {props.editable && (
                  <button type="button" className="link" onClick={() => props.onChange(lines.filter((_, k) => k !== i))}>
                    Remove <span className="visually-hidden">line {i + 1}</span>
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">Total</th>
            <td className={total > props.maxAmount ? 'over' : undefined}>
              {money(total)} of at most {money(props.maxAmount)}
            </td>
            <td />
          </tr>
        </tfoot>
      </table>
      {props.editable && (
        <button type="button" onClick={() => props.onChange([...lines, { category: q.categories[0], amount: 0 }])}>
          Add a budget line
        </button>
      )}
    </fieldset>
  );
}

function TeamEditor(props: { id: string; label: string; members: TeamMember[]; editable: boolean; onChange: (v: unknown) => void; confirmations: ApplicationView['team'] }) {
  const { members } = props;
  const set = (i: number, m: Partial<TeamMember>) => props.onChange(members.map((x, k) => (k === i ? { ...x, ...m } : x)));
  return (
    <fieldset id={props.id}>
      <legend>{props.label}</legend>
      <small className="hint">Co-applicants confirm by email before the application goes in. Give an email address for anyone who is not a member.</small>
      {members.map((m, i) => (
        <div key={i} className="row team-member">
          <select aria-label={`Role of member ${i + 1}`} value={m.role} disabled={!props.editable || m.role === 'lead'} onChange={(e) => set(i, { role: e.target.value as TeamMember['role'] })}>
            {Object.entries(ROLES)
              .filter(([k]) => k !== 'lead' || m.role === 'lead')
              .map(([k, v]) => (
                <option key={k} value={k}>
                  {v}
                </option>
              ))}
          </select>
          <input aria-label={`Name of member ${i + 1}`} value={m.name} disabled={!props.editable || m.role === 'lead'} onChange={(e) => set(i, { name: e.target.value })} placeholder="Name" />
          {m.role !== 'lead' && !m.profileId && <input aria-label={`Email of member ${i + 1}`} type="email" value={m.email ?? ''} disabled={!props.editable} onChange={(e) => set(i, { email: e.target.value || null })} placeholder="Email" />}
          <input aria-label={`Organisation of member ${i + 1}`} value={m.organisationName ?? ''} disabled={!props.editable} onChange={(e) => set(i, { organisationName: e.target.value })} placeholder="Organisation" />
          <small>{props.confirmations.find((c) => c.name === m.name)?.confirmation ?? (m.role === 'lead' ? 'confirmed' : 'not yet saved')}</small>
          {props.editable && m.role !== 'lead' && (
            <button type="button" className="link" onClick={() => props.onChange(members.filter((_, k) => k !== i))}>
              Remove <span className="visually-hidden">{m.name}</span>
            </button>
          )}
        </div>
      ))}
      {props.editable && (
        <button type="button" onClick={() => props.onChange([...members, { role: 'co_applicant', name: '', email: null, organisationName: '' }])}>
          Add a team member
        </button>
      )}
    </fieldset>
  );
}

function FileQuestion(props: { id: string; q: Extract<Question, { type: 'file' }>; app: ApplicationView; editable: boolean; onFiles: () => void }) {
  const [error, setError] = useState<unknown>(null);
  const files = props.app.files.filter((f) => f.questionId === props.q.id);
  const add = async (file: File) => {
    try {
      await upload(`/programmes/applications/${props.app.id}/files?question=${encodeURIComponent(props.q.id)}&filename=${encodeURIComponent(file.name)}`, file);
      setError(null);
      props.onFiles();
    } catch (err) {
      setError(err);
    }
  };
  return (
    <fieldset id={props.id}>
      <legend>
        {props.q.label}
        {props.q.required ? ' (required)' : ''}
      </legend>
      {props.q.help && <small className="hint">{props.q.help}</small>}
      <Notice error={error} />
      <ul>
        {files.map((f) => (
          <li key={f.id}>
            <a href={f.url}>{f.filename}</a> ({formatSize(f.size)}){' '}
            {props.editable && (
              <button type="button" className="link" onClick={async () => (await del(`/programmes/files/${f.id}`), props.onFiles())}>
                Remove <span className="visually-hidden">{f.filename}</span>
              </button>
            )}
          </li>
        ))}
      </ul>
      {props.editable && files.length < props.q.maxFiles && (
        <>
          <label htmlFor={`${props.id}-file`}>Add a file</label> <input id={`${props.id}-file`} type="file" onChange={(e) => e.target.files?.[0] && add(e.target.files[0])} />
        </>
      )}
    </fieldset>
  );
}

/** A co-applicant confirms or declines by the emailed link. */
export function JoinTeam() {
  const [params] = useSearchParams();
  const [done, setDone] = useState<{ application: string; call: string; confirmation: string } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const answer = async (accept: boolean) => {
    try {
      setDone(await post('/programmes/team-invitations', { token: params.get('token') ?? '', accept }));
    } catch (err) {
      setError(err);
    }
  };
  return (
    <>
      <PageTitle>An invitation to join an application</PageTitle>
      <Notice error={error} />
      {done ? (
        <p role="status">
          You have {done.confirmation} your place on “{done.application}” to {done.call}.
        </p>
      ) : (
        <p>
          <button type="button" onClick={() => answer(true)}>
            I take part
          </button>{' '}
          <button type="button" className="secondary" onClick={() => answer(false)}>
            I decline
          </button>
        </p>
      )}
    </>
  );
}
