import { useEffect, useState, type FormEvent } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { get, patch, post, type ApplicationCard, type CallCard, type CallView, type MechanismView } from '../api';
import { LondonText, money, ProgrammeNav, StatusBadge } from '../programmes';
import { useSession } from '../session';
import { ExampleBadge, Field, Notice, PageTitle } from '../ui';

/** Open, upcoming and closed calls, with filters; the feed and the deadlines calendar. */
export function Calls() {
  const [params, setParams] = useSearchParams();
  const status = params.get('status') ?? 'open';
  const mechanism = params.get('mechanism') ?? '';
  const theme = params.get('theme') ?? '';
  const [themes, setThemes] = useState<{ code: string; label: string }[]>([]);
  const { has } = useSession();
  const [calls, setCalls] = useState<CallCard[] | null>(null);
  const [mechanisms, setMechanisms] = useState<MechanismView[]>([]);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    get<MechanismView[]>('/programmes/mechanisms').then(setMechanisms, setError);
    get<{ theme: { code: string; label: string }[] }>('/taxonomies').then((t) => setThemes(t.theme), setError);
  }, []);
  useEffect(() => {
    const q = new URLSearchParams({ status, ...(mechanism && { mechanism }), ...(theme && { theme }) });
    get<CallCard[]>(`/programmes/calls?${q}`).then(setCalls, setError);
  }, [status, mechanism, theme]);
  const set = (k: string, v: string) => {
    const next = new URLSearchParams(params);
    if (v) next.set(k, v);
    else next.delete(k);
    setParams(next);
  };
  return (
    <>
      <PageTitle>Funding calls</PageTitle>
      <ProgrammeNav />
      <Notice error={error} />
      <form className="row" onSubmit={(e) => e.preventDefault()} aria-label="Filter calls">
        <Field id="call-status" label="Calls">
          {(a) => (
            <select {...a} value={status} onChange={(e) => set('status', e.target.value)}>
              <option value="open">Open</option>
              <option value="upcoming">Opening soon</option>
              <option value="closed">Closed</option>
              <option value="all">All</option>
            </select>
          )}
        </Field>
        <Field id="call-mechanism" label="Mechanism">
          {(a) => (
            <select {...a} value={mechanism} onChange={(e) => set('mechanism', e.target.value)}>
              <option value="">All mechanisms</option>
              {mechanisms.map((m) => (
                <option key={m.code} value={m.code}>
                  {m.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field id="call-theme" label="Theme">
          {(a) => (
            <select {...a} value={theme} onChange={(e) => set('theme', e.target.value)}>
              <option value="">All themes</option>
              {themes.map((t) => (
                <option key={t.code} value={t.code}>
                  {t.label}
                </option>
              ))}
            </select>
          )}
        </Field>
      </form>
      <p>
        <a href="/api/programmes/calls.atom">Atom feed of calls</a> · <a href="/api/programmes/deadlines.ics">Deadlines calendar (iCal)</a>
        {(has('programme_manager') || has('administrator')) && (
          <>
            {' · '}
            <Link to="/calls/new">Open a call</Link>
          </>
        )}
      </p>
      {calls && (
        <section aria-labelledby="calls-heading">
          <h2 id="calls-heading">{calls.length === 0 ? 'No calls here' : `${calls.length} call${calls.length === 1 ? '' : 's'}`}</h2>
          <ul className="results">
            {calls.map((c) => (
              <li key={c.id}>
                <h3>
                  <Link to={`/calls/${c.slug}`}>{c.title}</Link> <StatusBadge status={c.status} /> <ExampleBadge show={c.isExample} />
                </h3>
                <p>
                  {c.mechanism.label} · up to {money(c.maxAmount)} · {c.status === 'closed' ? 'closed' : 'closes'} <LondonText t={c.closesAt} />
                </p>
                <p>{c.summary}</p>
              </li>
            ))}
          </ul>
        </section>
      )}
    </>
  );
}

/** A call: what it funds, who may apply, its dates in London time, and the way in. */
export function CallPage() {
  const { slug } = useParams();
  const navigate = useNavigate();
  const { session } = useSession();
  const [call, setCall] = useState<CallView | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    get<CallView>(`/programmes/calls/${slug}`).then(setCall, setError);
  }, [slug]);
  const apply = async () => {
    try {
      const a = await post<{ id: string }>(`/programmes/calls/${call!.id}/applications`, {});
      navigate(`/applications/${a.id}`);
    } catch (err) {
      setError(err);
    }
  };
  if (!call) return <Notice error={error} />;
  return (
    <>
      <PageTitle>{call.title}</PageTitle>
      <ProgrammeNav />
      <p>
        <StatusBadge status={call.status} /> <ExampleBadge show={call.isExample} /> {call.mechanism.label}
      </p>
      <Notice error={error} />
      <dl className="facts">
        <dt>Opens</dt>
        <dd>
          <LondonText t={call.opensAt} />
        </dd>
        {call.eoiClosesAt && (
          <>
            <dt>Expressions of interest close</dt>
            <dd>
              <LondonText t={call.eoiClosesAt} />
            </dd>
          </>
        )}
        <dt>Closes</dt>
        <dd>
          <LondonText t={call.closesAt} />
        </dd>
        <dt>Awards</dt>
        <dd>
          up to {money(call.maxAmount)}; {money(call.totalBudget)} in all
        </dd>
        <dt>Stages</dt>
        <dd>{call.stages === 'eoi_full' ? 'An expression of interest, then a full application by invitation' : 'A full application'}</dd>
        {call.themes.length > 0 && (
          <>
            <dt>Themes</dt>
            <dd>{call.themes.map((t) => t.label).join(', ')}</dd>
          </>
        )}
      </dl>
      <p>{call.summary}</p>
      {/* sanitised on the server (Markdown, harmless tags only) */}
      <div className="prose" dangerouslySetInnerHTML={{ __html: call.bodyHtml }} />
      <h2>Who may apply</h2>
      <ul>
        {call.eligibilityText.map((t) => (
          <li key={t}>{t}</li>
        ))}
      </ul>
      <h2>How applications are assessed</h2>
      <p>
        Each application is read by {call.review.reviewersPerApplication} reviewers, who score these criteria from 1 (poor) to 6 (exceptional)
        {call.review.anonymousToApplicants ? '; their comments reach you without their names' : ''}:
      </p>
      <ul>
        {call.review.criteria.map((c) => (
          <li key={c.code}>
            <strong>{c.label}</strong>: {c.description}
          </li>
        ))}
      </ul>
      <section aria-labelledby="apply-heading">
        <h2 id="apply-heading">Apply</h2>
        {call.myApplication && (
          <p>
            <Link className="button" to={`/applications/${call.myApplication.id}`}>
              {call.myApplication.status === 'draft' ? 'Continue your application' : call.myApplication.stage === 'eoi' ? 'Your expression of interest' : 'Your application'}
            </Link>
          </p>
        )}
        {call.can.apply ? (
          <button type="button" onClick={apply}>
            {call.applying === 'eoi' ? 'Start an expression of interest' : call.stages === 'eoi_full' ? 'Start your full application' : 'Start an application'}
          </button>
        ) : call.myApplication ? null : session && !session.user && call.status === 'open' ? (
          <p>
            <Link to="/sign-in">Sign in</Link> or <Link to="/sign-up">join the network</Link> to apply.
          </p>
        ) : (
          <p>{call.status === 'open' ? 'Full applications to this call are by invitation.' : call.status === 'closed' ? 'This call has closed.' : 'This call is not open yet.'}</p>
        )}
      </section>
      {call.can.manage && (
        <p>
          <Link to={`/programme/calls/${call.slug}`}>Manage this call</Link> · <Link to={`/calls/${call.slug}/edit`}>Edit the call</Link>
        </p>
      )}
    </>
  );
}

/** The viewer's applications (and those they are on the team of). */
export function MyApplications() {
  const { session } = useSession();
  const [apps, setApps] = useState<ApplicationCard[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    if (session?.user) get<ApplicationCard[]>('/programmes/applications/mine').then(setApps, setError);
  }, [session?.user]);
  return (
    <>
      <PageTitle>My applications</PageTitle>
      <ProgrammeNav />
      {session && !session.user && (
        <p>
          <Link to="/sign-in">Sign in</Link> to see your applications.
        </p>
      )}
      <Notice error={error} />
      {apps && apps.length === 0 && (
        <p>
          No applications yet. <Link to="/calls">See the open calls</Link>.
        </p>
      )}
      {apps && apps.length > 0 && (
        <table>
          <thead>
            <tr>
              <th scope="col">Application</th>
              <th scope="col">Call</th>
              <th scope="col">Status</th>
              <th scope="col">Decision</th>
            </tr>
          </thead>
          <tbody>
            {apps.map((a) => (
              <tr key={a.id}>
                <td>
                  <Link to={`/applications/${a.id}`}>{a.title || '(untitled)'}</Link> {a.reference && <small>{a.reference}</small>}
                </td>
                <td>{a.call.title}</td>
                <td>{a.status === 'draft' ? 'Draft' : a.status === 'submitted' ? 'Submitted' : 'Withdrawn'}</td>
                <td>{a.decision ? { fund: 'Funded', reject: 'Not funded', reserve: 'Reserve list' }[a.decision] : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

/** A programme manager opens or edits a call: its mechanism, dates (London time), money, stages and review settings. */
export function CallEditor() {
  const { slug } = useParams();
  const navigate = useNavigate();
  const [mechanisms, setMechanisms] = useState<MechanismView[]>([]);
  const [existing, setExisting] = useState<CallView | null>(null);
  const [form, setForm] = useState({ mechanism: 'small_project', title: '', summary: '', body: '', opensAt: '', closesAt: '', eoiClosesAt: '', stages: 'full', maxAmount: '60000', totalBudget: '240000', themes: '', published: false, k: '3', maxLoad: '6', outside: false });
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    get<MechanismView[]>('/programmes/mechanisms').then(setMechanisms, setError);
    if (slug)
      get<CallView>(`/programmes/calls/${slug}`).then((c) => {
        setExisting(c);
        setForm({ mechanism: c.mechanism.code, title: c.title, summary: c.summary, body: c.body, opensAt: c.opensAt.london, closesAt: c.closesAt.london, eoiClosesAt: c.eoiClosesAt?.london ?? '', stages: c.stages, maxAmount: String(c.maxAmount), totalBudget: String(c.totalBudget), themes: c.themes.map((t) => t.code).join(', '), published: c.status !== 'draft', k: String(c.review.reviewersPerApplication), maxLoad: String(c.review.maxLoad), outside: c.review.requireOutsideDiscipline });
      }, setError);
  }, [slug]);
  const set = (k: keyof typeof form) => (e: { target: { value: string; checked?: boolean; type?: string } }) => setForm({ ...form, [k]: e.target.type === 'checkbox' ? e.target.checked : e.target.value });
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const body = {
      mechanism: form.mechanism,
      title: form.title,
      summary: form.summary,
      body: form.body,
      opensAt: form.opensAt,
      closesAt: form.closesAt,
      stages: form.stages,
      eoiClosesAt: form.stages === 'eoi_full' ? form.eoiClosesAt : null,
      maxAmount: Number(form.maxAmount),
      totalBudget: Number(form.totalBudget),
      themes: form.themes.split(',').map((s) => s.trim()).filter(Boolean),
      published: form.published,
      review: { reviewersPerApplication: Number(form.k), maxLoad: Number(form.maxLoad), requireOutsideDiscipline: form.outside },
    };
    try {
      const c = existing ? await patch<CallView>(`/programmes/calls/${existing.id}`, { ...body, version: existing.version }) : await post<CallView>('/programmes/calls', body);
      navigate(`/calls/${c.slug}`);
    } catch (err) {
      setError(err);
    }
  };
  return (
    <>
      <PageTitle>{existing ? `Edit: ${existing.title}` : 'Open a call'}</PageTitle>
      <ProgrammeNav />
      <Notice error={error} />
      <form onSubmit={submit} className="editor">
        <Field id="mechanism" label="Mechanism" error={error}>
          {(a) => (
            <select {...a} value={form.mechanism} onChange={set('mechanism')}>
              {mechanisms.map((m) => (
                <option key={m.code} value={m.code}>
                  {m.name} (awards {money(m.awardMin)}–{money(m.awardMax)})
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field id="title" label="Title" error={error}>
          {(a) => <input {...a} value={form.title} onChange={set('title')} required maxLength={300} />}
        </Field>
        <Field id="summary" label="Summary" error={error}>
          {(a) => <textarea {...a} value={form.summary} onChange={set('summary')} rows={3} maxLength={3000} />}
        </Field>
        <Field id="body" label="Details (Markdown)" error={error}>
          {(a) => <textarea {...a} value={form.body} onChange={set('body')} rows={8} />}
        </Field>
        <Field id="opensAt" label="Opens (London time)" error={error}>
          {(a) => <input {...a} type="datetime-local" value={form.opensAt} onChange={set('opensAt')} required />}
        </Field>
        <Field id="closesAt" label="Closes (London time)" error={error}>
          {(a) => <input {...a} type="datetime-local" value={form.closesAt} onChange={set('closesAt')} required />}
        </Field>
        <Field id="stages" label="Stages" error={error}>
          {(a) => (
            <select {...a} value={form.stages} onChange={set('stages')}>
              <option value="full">A full application only</option>
              <option value="eoi_full">An expression of interest, then a full application by invitation</option>
            </select>
          )}
        </Field>
        {form.stages === 'eoi_full' && (
          <Field id="eoiClosesAt" label="Expressions of interest close (London time)" error={error}>
            {(a) => <input {...a} type="datetime-local" value={form.eoiClosesAt} onChange={set('eoiClosesAt')} required />}
          </Field>
        )}
        <Field id="maxAmount" label="Largest award (£)" error={error}>
          {(a) => <input {...a} type="number" min={0} step={1} value={form.maxAmount} onChange={set('maxAmount')} required />}
        </Field>
        <Field id="totalBudget" label="Budget of the call (£)" error={error}>
          {(a) => <input {...a} type="number" min={0} step={1} value={form.totalBudget} onChange={set('totalBudget')} required />}
        </Field>
        <Field id="themes" label="Themes (codes, comma-separated)" hint="As in the library's themes, e.g. skills, productivity" error={error}>
          {(a) => <input {...a} value={form.themes} onChange={set('themes')} />}
        </Field>
        <Field id="review-k" field="review.reviewersPerApplication" label="Reviewers per application" error={error}>
          {(a) => <input {...a} type="number" min={1} max={10} value={form.k} onChange={set('k')} />}
        </Field>
        <Field id="review-load" field="review.maxLoad" label="Most applications per reviewer" error={error}>
          {(a) => <input {...a} type="number" min={1} max={100} value={form.maxLoad} onChange={set('maxLoad')} />}
        </Field>
        <div className="check">
          <input id="outside" type="checkbox" checked={form.outside} onChange={set('outside')} />
          <label htmlFor="outside">At least one reviewer from outside the team's disciplines</label>
        </div>
        <div className="check">
          <input id="published" type="checkbox" checked={form.published} onChange={set('published')} />
          <label htmlFor="published">Published (visible to everyone)</label>
        </div>
        <button type="submit">{existing ? 'Save the call' : 'Open the call'}</button>
      </form>
    </>
  );
}
