import { lazy, Suspense, useEffect, useState, type FormEvent } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { get, patch, post, put, upload, type ConsultationCard, type ConsultationResults, type ConsultationView, type SegmentView, type SurveyQuestion } from '../api';
import { SurveyBuilder, tidySurvey } from '../survey-builder';
import { EngagementNav, Questions } from '../engagement';
import { LondonText } from '../programmes';
import { useSession } from '../session';
import { ExampleBadge, Field, Notice, PageTitle } from '../ui';

const ResultCharts = lazy(() => import('./EventReport').then((m) => ({ default: m.ResultCharts })));
const STATUS: Record<string, string> = { draft: 'Draft', open: 'Open', closed: 'Closed' };

export function Consultations() {
  const { has } = useSession();
  const [list, setList] = useState<ConsultationCard[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    get<ConsultationCard[]>('/consultations').then(setList, setError);
  }, []);
  return (
    <>
      <PageTitle>Consultations</PageTitle>
      <EngagementNav />
      <Notice error={error} />
      {(has('programme_manager') || has('administrator')) && (
        <p>
          <Link to="/consultations/new">Publish a proposal for consultation</Link>
        </p>
      )}
      <ul className="results">
        {list?.map((k) => (
          <li key={k.id}>
            <h3>
              <Link to={`/consultations/${k.slug}`}>{k.title}</Link> <span className="badge">{STATUS[k.status]}</span> <ExampleBadge show={k.isExample} />
            </h3>
            <p>
              {k.kindLabel} · {k.status === 'closed' ? 'closed' : 'closes'} <LondonText t={k.closesAt} />
              {k.responses !== null && ` · ${k.responses} response${k.responses === 1 ? '' : 's'}`}
              {k.hasSummary && ' · what we heard is published'}
            </p>
            <p>{k.summary}</p>
          </li>
        ))}
      </ul>
    </>
  );
}

/** A consultation: the proposal, its files, the questions to answer (as the viewer may), and what we heard. */
export function ConsultationPage() {
  const { slug } = useParams();
  const [params] = useSearchParams();
  const token = params.get('token') ?? undefined;
  const [k, setK] = useState<ConsultationView | null>(null);
  const [answers, setAnswers] = useState<Record<string, unknown>>({});
  const [guest, setGuest] = useState({ name: '', email: '' });
  const [error, setError] = useState<unknown>(null);
  const [message, setMessage] = useState<string | null>(null);
  const load = () => get<ConsultationView>(`/consultations/${slug}${token ? `?token=${encodeURIComponent(token)}` : ''}`).then(setK, setError);
  useEffect(() => {
    load();
  }, [slug, token]);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      const r = await post<{ status: string }>(`/consultations/${k!.id}/responses`, { answers, ...(token && { token }), ...(k!.respondAs === 'public' && guest) });
      setMessage(r.status === 'check_your_email' ? `We have emailed a link to ${guest.email}: follow it and your response is kept.` : 'Thank you: your response is recorded.');
      await load();
    } catch (err) {
      setError(err);
    }
  };
  if (!k) return <Notice error={error} />;
  return (
    <>
      <PageTitle>{k.title}</PageTitle>
      <EngagementNav />
      <p>
        {k.kindLabel} <span className="badge">{STATUS[k.status]}</span> <ExampleBadge show={k.isExample} /> · {k.status === 'closed' ? 'closed' : 'closes'} <LondonText t={k.closesAt} />
        {k.can.manage && (
          <>
            {' · '}
            <Link to={`/consultations/${k.slug}/results`}>Results and invitations</Link>
            {' · '}
            <Link to={`/consultations/${k.slug}/edit`}>Edit</Link>
          </>
        )}
      </p>
      <Notice error={error} message={message} />
      {k.whatWeHeardHtml && (
        <section aria-labelledby="heard-heading" className="card">
          <h2 id="heard-heading">What we heard</h2>
          <div dangerouslySetInnerHTML={{ __html: k.whatWeHeardHtml }} />
        </section>
      )}
      <p>{k.summary}</p>
      <div className="body" dangerouslySetInnerHTML={{ __html: k.bodyHtml }} />
      {k.files.length > 0 && (
        <ul>
          {k.files.map((f) => (
            <li key={f.id}>
              <a href={`/api/consultation-files/${f.id}`}>{f.filename}</a> ({Math.ceil(f.size / 1024)} KB)
            </li>
          ))}
        </ul>
      )}
      {k.responded ? (
        <p className="notice ok">You have responded: thank you.</p>
      ) : k.respondAs === 'none' ? (
        k.status === 'open' && (
          <p>
            <Link to="/sign-in">Sign in</Link> to respond{k.publicResponses ? '' : ', or use the link in your invitation'}.
          </p>
        )
      ) : (
        <form onSubmit={submit} className="card" aria-labelledby="respond-heading">
          <h2 id="respond-heading">Your response{k.invitee ? ` (${k.invitee})` : ''}</h2>
          {k.respondAs === 'public' && (
            <>
              <Field id="resp-name" label="Your name" error={error} field="name">
                {(a) => <input {...a} required value={guest.name} onChange={(e) => setGuest({ ...guest, name: e.target.value })} />}
              </Field>
              <Field id="resp-email" label="Email address (we send a link to confirm it)" error={error} field="email">
                {(a) => <input {...a} required type="email" value={guest.email} onChange={(e) => setGuest({ ...guest, email: e.target.value })} />}
              </Field>
            </>
          )}
          <Questions questions={k.questions} answers={answers} onChange={setAnswers} error={error} prefix="resp" />
          <button type="submit">Send my response</button>
        </form>
      )}
    </>
  );
}

/** The managers' page: invite a segment, read the results, export them, publish what we heard. */
export function ConsultationResultsPage() {
  const { slug } = useParams();
  const [k, setK] = useState<ConsultationView | null>(null);
  const [r, setR] = useState<ConsultationResults | null>(null);
  const [segments, setSegments] = useState<SegmentView[]>([]);
  const [segment, setSegment] = useState('');
  const [heard, setHeard] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [message, setMessage] = useState<string | null>(null);
  const load = async () => {
    const view = await get<ConsultationView>(`/consultations/${slug}`);
    setK(view);
    setHeard((h) => h || view.whatWeHeard || '');
    setR(await get<ConsultationResults>(`/consultations/${view.id}/results`));
  };
  useEffect(() => {
    load().catch(setError);
    get<SegmentView[]>('/segments').then(setSegments, setError);
  }, [slug]);
  if (!k || !r) return <Notice error={error} />;
  return (
    <>
      <PageTitle>{`Results: ${k.title}`}</PageTitle>
      <EngagementNav />
      <p>
        <Link to={`/consultations/${k.slug}`}>The consultation</Link> · <a href={`/api/consultations/${k.id}/responses.csv`}>Responses (CSV)</a>
      </p>
      <Notice error={error} message={message} />
      <form
        className="row"
        onSubmit={(e) => {
          e.preventDefault();
          post<{ invited: number; alreadyInvited: number; withoutConsent: number }>(`/consultations/${k.id}/invitations`, segment ? { segment } : {}).then(
            (x) => setMessage(`${x.invited} invited; ${x.alreadyInvited} had been invited; ${x.withoutConsent} left out (no consent to consultations).`),
            setError,
          );
        }}
      >
        <Field id="inv-segment" label="Invite a segment (those who consent to consultations)">
          {(a) => (
            <select {...a} value={segment} onChange={(e) => setSegment(e.target.value)}>
              <option value="">All contacts</option>
              {segments.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name} ({s.consenting.consultations} consenting)
                </option>
              ))}
            </select>
          )}
        </Field>
        <button type="submit" disabled={k.status !== 'open'}>
          Send invitations
        </button>
      </form>
      <p>
        {r.responses} responses from {r.invited} invited contacts and others: {r.byRespondent.map((b) => `${b.count} ${b.label.toLowerCase()}`).join(', ')}.
      </p>
      {r.notices.map((n) => (
        <p key={n} className="notice">
          {n}
        </p>
      ))}
      <Suspense fallback={<p>Loading the charts…</p>}>
        <ResultCharts r={r} />
      </Suspense>
      {r.questions
        .filter((q) => q.type === 'text')
        .map((q) => (
          <section key={q.id} aria-labelledby={`q-${q.id}`}>
            <h2 id={`q-${q.id}`}>{q.label}</h2>
            {q.keywords.length > 0 && <p>Key phrases: {q.keywords.map((w) => `${w.term} (${w.count})`).join(', ')}</p>}
            <ul>
              {q.texts.map((t, i) => (
                <li key={i}>
                  {t.text} {t.stakeholderType && <small>({t.stakeholderType})</small>}
                </li>
              ))}
            </ul>
          </section>
        ))}
      <form
        className="card"
        onSubmit={(e) => {
          e.preventDefault();
          put<ConsultationView>(`/consultations/${k.id}/summary`, { whatWeHeard: heard }).then(() => setMessage('What we heard is published on the consultation’s page.'), setError);
        }}
      >
        <Field id="heard" label="What we heard (Markdown; published on the consultation’s page)" error={error} field="whatWeHeard">
          {(a) => <textarea {...a} rows={6} value={heard} onChange={(e) => setHeard(e.target.value)} />}
        </Field>
        <button type="submit">Publish</button>
      </form>
      <Field id="k-file" label="Attach a file (a draft call, an agenda)">
        {(a) => <input {...a} type="file" onChange={(e) => e.target.files?.[0] && upload(`/consultations/${k.id}/files?filename=${encodeURIComponent(e.target.files[0].name)}`, e.target.files[0]).then(() => setMessage('File attached.'), setError)} />}
      </Field>
    </>
  );
}

const STARTER_QUESTIONS: SurveyQuestion[] = [
  { id: 'priority', type: 'scale', label: 'How much of a priority is this for you?', min: 1, max: 5, minLabel: 'Not at all', maxLabel: 'Very high', required: true },
  { id: 'views', type: 'text', label: 'What should change in this proposal?', maxLength: 2000, required: false },
];

/** Publish a proposal for consultation, or edit one (its questions are fixed once it has responses). */
export function ConsultationEditor() {
  const { slug } = useParams();
  const navigate = useNavigate();
  const [f, setF] = useState({ kind: 'draft_call', title: '', summary: '', body: '', closesAt: '', publicResponses: false, published: true });
  const [questions, setQuestions] = useState<SurveyQuestion[]>(STARTER_QUESTIONS);
  const [loaded, setLoaded] = useState<{ version: number; questions: string; responses: number } | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    if (!slug) return;
    get<ConsultationView>(`/consultations/${slug}`).then((k) => {
      setF({ kind: k.kind, title: k.title, summary: k.summary, body: k.body, closesAt: k.closesAt.london.slice(0, 16), publicResponses: k.publicResponses, published: k.status !== 'draft' });
      setQuestions(k.questions);
      setLoaded({ version: k.version, questions: JSON.stringify(k.questions), responses: k.responses ?? 0 });
    }, setError);
  }, [slug]);
  const fixed = (loaded?.responses ?? 0) > 0;
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      const k = loaded
        ? await patch<ConsultationView>(`/consultations/${slug}`, { ...f, version: loaded.version, ...(JSON.stringify(questions) !== loaded.questions ? { questions: tidySurvey(questions) } : {}) })
        : await post<ConsultationView>('/consultations', { ...f, questions: tidySurvey(questions) });
      navigate(`/consultations/${k.slug}`);
    } catch (err) {
      setError(err);
    }
  };
  return (
    <>
      <PageTitle>{slug ? 'Edit the consultation' : 'Publish a proposal for consultation'}</PageTitle>
      <EngagementNav />
      <Notice error={error} />
      <form onSubmit={submit} className="editor">
        <Field id="k-kind" label="Kind" error={error} field="kind">
          {(a) => (
            <select {...a} value={f.kind} onChange={(e) => setF({ ...f, kind: e.target.value })}>
              <option value="draft_call">Draft call</option>
              <option value="research_agenda">Research agenda</option>
              <option value="briefing">Briefing</option>
            </select>
          )}
        </Field>
        <Field id="k-title" label="Title" error={error} field="title">
          {(a) => <input {...a} required value={f.title} onChange={(e) => setF({ ...f, title: e.target.value })} />}
        </Field>
        <Field id="k-summary" label="Summary" error={error} field="summary">
          {(a) => <textarea {...a} rows={2} value={f.summary} onChange={(e) => setF({ ...f, summary: e.target.value })} />}
        </Field>
        <Field id="k-body" label="The proposal (Markdown)" error={error} field="body" hint={slug ? 'Attach files on the consultation’s page.' : 'Once it is saved, attach files on its page.'}>
          {(a) => <textarea {...a} rows={8} value={f.body} onChange={(e) => setF({ ...f, body: e.target.value })} />}
        </Field>
        <Field id="k-closes" label="Closes (London time)" error={error} field="closesAt">
          {(a) => <input {...a} type="datetime-local" required value={f.closesAt} onChange={(e) => setF({ ...f, closesAt: e.target.value })} />}
        </Field>
        {fixed ? (
          <section>
            <h2>Questions</h2>
            <p className="hint">The questions are fixed: {loaded?.responses.toLocaleString('en-GB')} people have answered them.</p>
            <ol>
              {questions.map((q) => (
                <li key={q.id}>{q.label}</li>
              ))}
            </ol>
          </section>
        ) : (
          <SurveyBuilder legend="Questions" field="questions" questions={questions} onChange={setQuestions} error={error} />
        )}
        <label className="checkbox">
          <input type="checkbox" checked={f.publicResponses} onChange={(e) => setF({ ...f, publicResponses: e.target.checked })} /> The public may respond (with a verified email)
        </label>
        <label className="checkbox">
          <input type="checkbox" checked={f.published} onChange={(e) => setF({ ...f, published: e.target.checked })} /> Published
        </label>
        <button type="submit">Save</button>
      </form>
    </>
  );
}

/** The page a public respondent's emailed link opens. */
export function ConfirmResponse() {
  const [params] = useSearchParams();
  const [done, setDone] = useState<{ consultation: string } | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    post<{ consultation: string }>('/consultations/confirm', { token: params.get('token') ?? '' }).then(setDone, setError);
  }, []);
  return (
    <>
      <PageTitle>Your response</PageTitle>
      <Notice error={error} message={done ? 'Thank you: your response is recorded.' : null} />
      {done && <Link to={`/consultations/${done.consultation}`}>Back to the consultation</Link>}
    </>
  );
}
