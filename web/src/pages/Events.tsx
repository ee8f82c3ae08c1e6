import { lazy, Suspense, useEffect, useMemo, useState, type FormEvent } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { del, get, post, type AttendeeView, type EventCard, type EventView, type MyRegistration, type SurveyQuestion } from '../api';
import { EngagementNav, FORMAT_LABELS, Questions, REGISTRATION_LABELS, useTaxonomies, When, ZonedText } from '../engagement';
import { useSession } from '../session';
import { ExampleBadge, Field, Notice, PageTitle } from '../ui';

const EventNumbers = lazy(() => import('./EventReport').then((m) => ({ default: m.EventNumbers })));
function EventLine({ e }: { e: EventCard }) {
  return (
    <li>
      <h3>
        <Link to={`/events/${e.slug}`}>{e.title}</Link> <ExampleBadge show={e.isExample} /> {e.status === 'cancelled' && <span className="badge">Cancelled</span>} {e.status === 'draft' && <span className="badge">Draft</span>}
      </h3>
      <p>
        {e.type.label} · <When start={e.startsAt} end={e.endsAt} /> · {FORMAT_LABELS[e.format]}
        {e.venueName ? ` · ${e.venueName}` : ''}
        {e.region ? ` (${e.region.label})` : ''}
      </p>
      <p>{e.summary}</p>
      <p className="meta">
        {e.status === 'past' ? (e.outputs ? `${e.outputs} output${e.outputs === 1 ? '' : 's'}` : 'No outputs yet') : e.registration === 'none' ? 'No registration needed' : e.places.capacity === null ? `${e.places.confirmed} registered` : e.places.left ? `${e.places.left} of ${e.places.capacity} places left` : `Full: ${e.places.waitlisted} waiting`}
      </p>
    </li>
  );
}

/** A month of events as a grid (weeks from Monday), each day listing its events. */
function MonthCalendar({ events, month, setMonth }: { events: EventCard[]; month: string; setMonth: (m: string) => void }) {
  const [y, m] = month.split('-').map(Number);
  const first = new Date(Date.UTC(y, m - 1, 1));
  const offset = (first.getUTCDay() + 6) % 7;
  const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
  const cells = Array.from({ length: Math.ceil((offset + days) / 7) * 7 }, (_, i) => i - offset + 1);
  const byDay = new Map<number, EventCard[]>();
  for (const e of events) if (e.startsAt.local.startsWith(month)) byDay.set(Number(e.startsAt.local.slice(8, 10)), [...(byDay.get(Number(e.startsAt.local.slice(8, 10))) ?? []), e]);
  const shift = (n: number) => {
    const d = new Date(Date.UTC(y, m - 1 + n, 1));
    setMonth(d.toISOString().slice(0, 7));
  };
  return (
    <section aria-labelledby="cal-heading">
      <h2 id="cal-heading">{first.toLocaleDateString('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' })}</h2>
      <p className="row">
        <button type="button" onClick={() => shift(-1)}>
          Previous month
        </button>
        <button type="button" onClick={() => shift(1)}>
          Next month
        </button>
      </p>
      <div className="table-wrap">
        <table className="calendar">
          <thead>
            <tr>
              {['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].map((d) => (
                <th key={d} scope="col">
                  {d}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {Array.from({ length: cells.length / 7 }, (_, w) => (
              <tr key={w}>
                {cells.slice(w * 7, w * 7 + 7).map((d, i) => (
                  <td key={i}>
                    {d >= 1 && d <= days && (
                      <>
                        <span className="meta">{d}</span>
                        {(byDay.get(d) ?? []).map((e) => (
                          <div key={e.id}>
                            <Link to={`/events/${e.slug}`}>{e.title}</Link>
                          </div>
                        ))}
                      </>
                    )}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

/** Events: upcoming or past, with filters, as a list or a month calendar; the feeds. */
export function Events({ past = false }: { past?: boolean }) {
  const [params, setParams] = useSearchParams();
  const { has } = useSession();
  const tax = useTaxonomies();
  const [types, setTypes] = useState<{ code: string; name: string }[]>([]);
  const [events, setEvents] = useState<EventCard[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const view = params.get('view') ?? 'list';
  const keys = ['type', 'theme', 'region', 'format', 'from', 'to', 'q'] as const;
  const filters = Object.fromEntries(keys.map((k) => [k, params.get(k) ?? '']));
  const [month, setMonth] = useState(() => new Date().toISOString().slice(0, 7));
  useEffect(() => {
    get<{ code: string; name: string }[]>('/event-types').then(setTypes, setError);
  }, []);
  useEffect(() => {
    const q = new URLSearchParams({ when: past ? 'past' : 'upcoming', ...Object.fromEntries(Object.entries(filters).filter(([, v]) => v)) });
    get<EventCard[]>(`/events?${q}`).then(setEvents, setError);
  }, [past, params.toString()]);
  const set = (k: string, v: string) => {
    const next = new URLSearchParams(params);
    if (v) next.set(k, v);
    else next.delete(k);
    setParams(next);
  };
  return (
    <>
      <PageTitle>{past ? 'Past events and their outputs' : 'Events'}</PageTitle>
      <EngagementNav />
      <Notice error={error} />
      <form className="row" onSubmit={(e) => e.preventDefault()} aria-label="Filter events">
        <Field id="ev-type" label="Type">
          {(a) => (
            <select {...a} value={filters.type} onChange={(e) => set('type', e.target.value)}>
              <option value="">All types</option>
              {types.map((t) => (
                <option key={t.code} value={t.code}>
                  {t.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field id="ev-theme" label="Theme">
          {(a) => (
            <select {...a} value={filters.theme} onChange={(e) => set('theme', e.target.value)}>
              <option value="">All themes</option>
              {tax?.theme.map((t) => (
                <option key={t.code} value={t.code}>
                  {t.label}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field id="ev-region" label="Region">
          {(a) => (
            <select {...a} value={filters.region} onChange={(e) => set('region', e.target.value)}>
              <option value="">All regions</option>
              {tax?.region.filter((r) => !r.parentCode).map((t) => (
                <option key={t.code} value={t.code}>
                  {t.label}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field id="ev-format" label="Online or in person">
          {(a) => (
            <select {...a} value={filters.format} onChange={(e) => set('format', e.target.value)}>
              <option value="">Either</option>
              <option value="online">Online</option>
              <option value="in_person">In person</option>
            </select>
          )}
        </Field>
        <Field id="ev-from" label="From">
          {(a) => <input {...a} type="date" value={filters.from} onChange={(e) => set('from', e.target.value)} />}
        </Field>
        <Field id="ev-to" label="To">
          {(a) => <input {...a} type="date" value={filters.to} onChange={(e) => set('to', e.target.value)} />}
        </Field>
        <Field id="ev-q" label="Words">
          {(a) => <input {...a} type="search" defaultValue={filters.q} onKeyDown={(e) => e.key === 'Enter' && set('q', (e.target as HTMLInputElement).value)} onBlur={(e) => set('q', e.target.value)} />}
        </Field>
      </form>
      <p>
        {!past && (
          <>
            <button type="button" className="link" aria-pressed={view === 'list'} onClick={() => set('view', '')}>
              List
            </button>{' '}
            ·{' '}
            <button type="button" className="link" aria-pressed={view === 'calendar'} onClick={() => set('view', 'calendar')}>
              Calendar
            </button>{' '}
            ·{' '}
          </>
        )}
        <a href="/api/events.atom">Atom feed</a> · <a href="/api/events.ics">All events (iCal)</a>
        {(has('programme_manager') || has('administrator')) && (
          <>
            {' · '}
            <Link to="/events/new">Create an event</Link>
          </>
        )}
      </p>
      {events && view === 'calendar' && !past && <MonthCalendar events={events} month={month} setMonth={setMonth} />}
      {events && (view !== 'calendar' || past) && (
        <section aria-labelledby="events-heading">
          <h2 id="events-heading">{events.length === 0 ? 'No events here' : `${events.length} event${events.length === 1 ? '' : 's'}`}</h2>
          <ul className="results">
            {events.map((e) => (
              <EventLine key={e.id} e={e} />
            ))}
          </ul>
        </section>
      )}
    </>
  );
}

/** My registration: its status, the check-in code and QR code, the way to cancel. */
function RegistrationBox({ r, onCancel }: { r: MyRegistration; onCancel?: () => void }) {
  return (
    <section aria-labelledby="my-reg" className="card">
      <h2 id="my-reg">Your registration: {REGISTRATION_LABELS[r.status] ?? r.status}</h2>
      {r.position !== null && <p>You are number {r.position} on the waitlist. If a place comes free, it goes to the first person waiting, and we email you.</p>}
      {r.checkinCode && (
        <>
          <p>
            Your check-in code: <strong className="code">{r.checkinCode}</strong>
          </p>
          {r.qrSvg && <img className="qr" alt={`Check-in QR code for code ${r.checkinCode}`} src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(r.qrSvg)}`} width={160} height={160} />}
        </>
      )}
      {r.checkedIn && <p>You were checked in.</p>}
      {onCancel && (r.status === 'confirmed' || r.status === 'waitlisted' || r.status === 'pending') && (
        <button type="button" onClick={onCancel}>
          Cancel my registration
        </button>
      )}
    </section>
  );
}

function FeedbackForm({ questions, send }: { questions: SurveyQuestion[]; send: (answers: Record<string, unknown>) => Promise<void> }) {
  const [answers, setAnswers] = useState<Record<string, unknown>>({});
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    try {
      await send(answers);
      setDone(true);
    } catch (err) {
      setError(err);
    }
  };
  if (done) return <Notice message="Thank you for your feedback." />;
  return (
    <form onSubmit={submit} aria-labelledby="fb-heading" className="card">
      <h2 id="fb-heading">How was it?</h2>
      <Notice error={error} />
      <Questions questions={questions} answers={answers} onChange={setAnswers} error={error} prefix="fb" />
      <button type="submit">Send feedback</button>
    </form>
  );
}

/** An event: what, when (in its zone), where, the timetable, places, and registration. */
export function EventPage() {
  const { slug } = useParams();
  const { session } = useSession();
  const [event, setEvent] = useState<EventView | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [answers, setAnswers] = useState<Record<string, unknown>>({});
  const [guest, setGuest] = useState({ name: '', email: '', organisation: '', keepInformed: false });
  const load = () => get<EventView>(`/events/${slug}`).then(setEvent, setError);
  useEffect(() => {
    load();
  }, [slug]);
  const registerNow = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      const body = session?.user ? { answers, organisation: guest.organisation, keepInformed: guest.keepInformed } : { ...guest, answers };
      const r = await post<{ status: string; message: string }>(`/events/${event!.id}/registrations`, body);
      setMessage(r.message);
      await load();
    } catch (err) {
      setError(err);
    }
  };
  const cancel = async () => {
    if (!window.confirm('Cancel your registration? Your place goes to the next person waiting.')) return;
    try {
      await del(`/registrations/${event!.myRegistration!.id}`);
      setMessage('Your registration is cancelled.');
      await load();
    } catch (err) {
      setError(err);
    }
  };
  if (!event) return <Notice error={error} />;
  return (
    <>
      <PageTitle>{event.title}</PageTitle>
      <EngagementNav />
      <p>
        {event.type.label} <ExampleBadge show={event.isExample} /> {event.status === 'cancelled' && <span className="badge">Cancelled</span>} {event.status === 'draft' && <span className="badge">Draft</span>}
        {event.can.manage && (
          <>
            {' · '}
            <Link to={`/events/${event.slug}/manage`}>Manage this event</Link> · <Link to={`/events/${event.slug}/edit`}>Edit</Link>
          </>
        )}
      </p>
      <Notice error={error} message={message} />
      <dl className="facts">
        <dt>When</dt>
        <dd>
          <When start={event.startsAt} end={event.endsAt} /> · <a href={`/api/events/${event.id}/event.ics`}>Add to my calendar</a>
        </dd>
        <dt>Where</dt>
        <dd>
          {event.venue ? `${event.venue.name}${event.venue.address ? `, ${event.venue.address}` : ''}${event.venue.region ? ` (${event.venue.region.label})` : ''}` : 'Online'}
          {event.format === 'hybrid' && ' — and online'}
        </dd>
        {event.hasOnlineLink && (
          <>
            <dt>Join online</dt>
            <dd>{event.onlineUrl ? <a href={event.onlineUrl}>{event.onlineUrl}</a> : 'The link is shown to confirmed registrants.'}</dd>
          </>
        )}
        <dt>Places</dt>
        <dd>{event.places.capacity === null ? 'No limit' : `${event.places.confirmed} of ${event.places.capacity} taken${event.places.waitlisted ? `, ${event.places.waitlisted} waiting` : ''}`}</dd>
        {event.themes.length > 0 && (
          <>
            <dt>Themes</dt>
            <dd>{event.themes.map((t) => t.label).join(', ')}</dd>
          </>
        )}
        {event.organisers.length > 0 && (
          <>
            <dt>Organisers</dt>
            <dd>{event.organisers.map((o, i) => (o.profileId ? <Link key={i} to={`/members/${o.profileId}`}>{o.name}</Link> : <span key={i}>{o.name}</span>)).reduce<React.ReactNode[]>((acc, x, i) => (i ? [...acc, ', ', x] : [x]), [])}</dd>
          </>
        )}
      </dl>
      <p>{event.summary}</p>
      <div className="body" dangerouslySetInnerHTML={{ __html: event.bodyHtml }} />
      {event.sessions.length > 0 && (
        <section aria-labelledby="tt-heading">
          <h2 id="tt-heading">Timetable</h2>
          <ol className="results">
            {event.sessions.map((s) => (
              <li key={s.id}>
                <h3>
                  {/* a timetable over several days gives each session's day */}
                  <ZonedText t={s.startsAt} timeOnly={event.startsAt.local.slice(0, 10) === event.endsAt.local.slice(0, 10)} />–<ZonedText t={s.endsAt} timeOnly /> {s.title}
                </h3>
                {s.location && <p className="meta">{s.location}</p>}
                {s.speakers.length > 0 && (
                  <p>
                    {s.speakers.map((sp, i) => (
                      <span key={i}>
                        {i > 0 && '; '}
                        {sp.profileId ? <Link to={`/members/${sp.profileId}`}>{sp.name}</Link> : sp.name}
                        {sp.affiliation && ` (${sp.affiliation})`}
                      </span>
                    ))}
                  </p>
                )}
                {s.description && <p>{s.description}</p>}
              </li>
            ))}
          </ol>
        </section>
      )}
      {event.outputItems.length > 0 && (
        <section aria-labelledby="out-heading">
          <h2 id="out-heading">Recordings, slides and outputs</h2>
          <ul>
            {event.outputItems.map((o) => (
              <li key={o.itemId}>
                <Link to={`/library/${o.itemId}`}>{o.title}</Link> ({o.kind})
              </li>
            ))}
          </ul>
        </section>
      )}
      {event.myRegistration && event.myRegistration.status !== 'cancelled' && <RegistrationBox r={event.myRegistration} onCancel={cancel} />}
      {event.can.giveFeedback && <FeedbackForm questions={event.feedbackQuestions} send={async (a) => void (await post(`/events/${event.id}/feedback`, { answers: a }))} />}
      {event.registrationNote && <p className="notice">{event.registrationNote}</p>}
      {event.can.register && (
        <form onSubmit={registerNow} aria-labelledby="reg-heading" className="card">
          <h2 id="reg-heading">Register</h2>
          {!session?.user && (
            <>
              <p>You need not be a member: we email you a link to confirm your address. Members, <Link to="/sign-in">sign in</Link> first.</p>
              <Field id="reg-name" label="Your name" error={error} field="name">
                {(a) => <input {...a} required value={guest.name} onChange={(e) => setGuest({ ...guest, name: e.target.value })} autoComplete="name" />}
              </Field>
              <Field id="reg-email" label="Email address" error={error} field="email">
                {(a) => <input {...a} required type="email" value={guest.email} onChange={(e) => setGuest({ ...guest, email: e.target.value })} autoComplete="email" />}
              </Field>
            </>
          )}
          <Field id="reg-org" label="Organisation (optional)" error={error} field="organisation">
            {(a) => <input {...a} value={guest.organisation} onChange={(e) => setGuest({ ...guest, organisation: e.target.value })} autoComplete="organization" />}
          </Field>
          <Questions questions={event.questions} answers={answers} onChange={setAnswers} error={error} prefix="reg" />
          <label className="checkbox">
            <input type="checkbox" checked={guest.keepInformed} onChange={(e) => setGuest({ ...guest, keepInformed: e.target.checked })} /> Email me the network’s monthly digest of research, events and funding calls that match my interests (unsubscribe at any time).
          </label>
          <button type="submit">{event.places.left === 0 ? 'Join the waitlist' : 'Register'}</button>
        </form>
      )}
    </>
  );
}

/** The page a guest's emailed link opens: it completes the registration. */
export function ConfirmRegistration() {
  const [params] = useSearchParams();
  const [state, setState] = useState<{ message: string; event: string; manageToken: string | null; registration: MyRegistration | null } | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    post<NonNullable<typeof state>>('/registrations/confirm', { token: params.get('token') ?? '' }).then(setState, setError);
  }, []);
  return (
    <>
      <PageTitle>Your registration</PageTitle>
      <Notice error={error} message={state?.message} />
      {state?.registration && <RegistrationBox r={state.registration} />}
      {state && (
        <p>
          <Link to={`/events/${state.event}`}>Back to the event</Link>
          {state.manageToken && (
            <>
              {' · '}
              <Link to={`/registrations/manage?token=${encodeURIComponent(state.manageToken)}`}>See or cancel your registration</Link>
            </>
          )}
        </p>
      )}
    </>
  );
}

/** A registration by its emailed link: see it, cancel it, accept an invitation, give feedback. */
export function ManageRegistration() {
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const [data, setData] = useState<{ event: EventCard; registration: MyRegistration; name: string; feedbackQuestions: SurveyQuestion[]; questions: SurveyQuestion[]; onlineUrl: string | null } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [answers, setAnswers] = useState<Record<string, unknown>>({});
  const load = () => post<NonNullable<typeof data>>('/registrations/by-token', { token }).then(setData, setError);
  useEffect(() => {
    load();
  }, [token]);
  const act = async (fn: () => Promise<unknown>, done: string) => {
    try {
      await fn();
      setMessage(done);
      await load();
    } catch (err) {
      setError(err);
    }
  };
  if (!data) return <Notice error={error} />;
  const r = data.registration;
  return (
    <>
      <PageTitle>{data.event.title}</PageTitle>
      <p>
        {data.name} · <When start={data.event.startsAt} end={data.event.endsAt} /> · <Link to={`/events/${data.event.slug}`}>The event’s page</Link>
      </p>
      <Notice error={error} message={message} />
      {r.status === 'invited' ? (
        <form
          className="card"
          onSubmit={(e) => {
            e.preventDefault();
            act(() => post('/registrations/respond', { token, accept: true, answers }), 'You have accepted the invitation.');
          }}
        >
          <h2>You are invited</h2>
          <Questions questions={data.questions} answers={answers} onChange={setAnswers} error={error} prefix="inv" />
          <button type="submit">Accept</button>{' '}
          <button type="button" onClick={() => act(() => post('/registrations/respond', { token, accept: false }), 'You have declined the invitation.')}>
            Decline
          </button>
        </form>
      ) : (
        <RegistrationBox r={r} onCancel={() => act(() => post('/registrations/cancel', { token }), 'Your registration is cancelled.')} />
      )}
      {data.onlineUrl && (
        <p>
          Join online: <a href={data.onlineUrl}>{data.onlineUrl}</a>
        </p>
      )}
      {data.event.status === 'past' && r.checkedIn && !r.feedbackGiven && <FeedbackForm questions={data.feedbackQuestions} send={async (a) => void (await post('/registrations/feedback', { token, answers: a }))} />}
    </>
  );
}

/** The organisers' page: the attendee list (searchable), check-in, approvals, invitations, outputs and numbers. */
export function ManageEvent() {
  const { slug } = useParams();
  const [event, setEvent] = useState<EventView | null>(null);
  const [people, setPeople] = useState<AttendeeView[]>([]);
  const [q, setQ] = useState('');
  const [code, setCode] = useState('');
  const [invitees, setInvitees] = useState('');
  const [output, setOutput] = useState({ libraryItemId: '', kind: 'recording' });
  const [error, setError] = useState<unknown>(null);
  const [message, setMessage] = useState<string | null>(null);
  const load = async () => {
    const e = await get<EventView>(`/events/${slug}`);
    setEvent(e);
    setPeople(await get<AttendeeView[]>(`/events/${e.id}/attendees${q ? `?q=${encodeURIComponent(q)}` : ''}`));
  };
  useEffect(() => {
    load().catch(setError);
  }, [slug, q]);
  const act = async (fn: () => Promise<unknown>, done: string) => {
    setError(null);
    try {
      await fn();
      setMessage(done);
      await load();
    } catch (err) {
      setError(err);
    }
  };
  const counts = useMemo(() => people.reduce<Record<string, number>>((m, p) => ({ ...m, [p.status]: (m[p.status] ?? 0) + 1 }), {}), [people]);
  if (!event) return <Notice error={error} />;
  return (
    <>
      <PageTitle>{`Manage: ${event.title}`}</PageTitle>
      <EngagementNav />
      <p>
        <Link to={`/events/${event.slug}`}>The event’s page</Link> · <Link to={`/events/${event.slug}/edit`}>Edit</Link> · <a href={`/api/events/${event.id}/attendees.csv`}>Attendees (CSV)</a>
      </p>
      <Notice error={error} message={message} />
      <p>
        {Object.entries(counts)
          .map(([s, n]) => `${n} ${REGISTRATION_LABELS[s]?.toLowerCase() ?? s}`)
          .join(' · ') || 'No registrations yet.'}
      </p>
      <form
        className="row"
        aria-label="Check in"
        onSubmit={(e) => {
          e.preventDefault();
          act(() => post(`/events/${event.id}/check-in`, { code }), `Checked in ${code}.`).then(() => setCode(''));
        }}
      >
        <Field id="checkin-code" label="Check-in code" error={error} field="code">
          {(a) => <input {...a} value={code} onChange={(e) => setCode(e.target.value)} autoCapitalize="characters" />}
        </Field>
        <button type="submit">Check in</button>
      </form>
      <Field id="att-q" label="Search the attendees">
        {(a) => <input {...a} type="search" value={q} onChange={(e) => setQ(e.target.value)} placeholder="Name, email, organisation or code" />}
      </Field>
      <div className="table-wrap">
        <table>
          <caption>Registrations</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Organisation</th>
              <th scope="col">Status</th>
              <th scope="col">Checked in</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {people.map((p) => (
              <tr key={p.id}>
                <th scope="row">
                  {p.name}
                  <br />
                  <small>{p.email}</small>
                </th>
                <td>{p.organisation}</td>
                <td>
                  {REGISTRATION_LABELS[p.status]}
                  {p.position ? ` (${p.position})` : ''}
                </td>
                <td>{p.checkedInAt ? new Date(p.checkedInAt).toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' }) : ''}</td>
                <td>
                  {p.status === 'confirmed' && (
                    <button type="button" onClick={() => act(() => post(`/events/${event.id}/check-in`, { registrationId: p.id, undo: !!p.checkedInAt }), p.checkedInAt ? `${p.name}: check-in undone.` : `${p.name} checked in.`)}>
                      {p.checkedInAt ? 'Undo check-in' : 'Check in'}
                    </button>
                  )}
                  {p.status === 'pending' && (
                    <>
                      <button type="button" onClick={() => act(() => post(`/registrations/${p.id}/moderation`, { approve: true }), `${p.name} approved.`)}>
                        Approve
                      </button>{' '}
                      <button type="button" onClick={() => act(() => post(`/registrations/${p.id}/moderation`, { approve: false }), `${p.name} declined.`)}>
                        Decline
                      </button>
                    </>
                  )}
                  {(p.status === 'confirmed' || p.status === 'waitlisted') && (
                    <>
                      {' '}
                      <button type="button" onClick={() => window.confirm(`Cancel ${p.name}'s registration?`) && act(() => del(`/registrations/${p.id}`), `${p.name}'s registration cancelled.`)}>
                        Cancel
                      </button>
                    </>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <form
        className="card"
        aria-labelledby="inv-heading"
        onSubmit={(e) => {
          e.preventDefault();
          const list = invitees
            .split('\n')
            .map((l) => l.split(',').map((x) => x.trim()))
            .filter((l) => l[0])
            .map(([email, name]) => ({ email, name: name || email.split('@')[0] }));
          act(() => post(`/events/${event.id}/invitations`, { invitees: list }), 'Invitations sent.');
        }}
      >
        <h2 id="inv-heading">Invite people</h2>
        <Field id="invitees" label="One per line: email, name" error={error} field="invitees">
          {(a) => <textarea {...a} rows={3} value={invitees} onChange={(e) => setInvitees(e.target.value)} />}
        </Field>
        <button type="submit">Send invitations</button>
      </form>
      <form
        className="card"
        aria-labelledby="outputs-heading"
        onSubmit={(e) => {
          e.preventDefault();
          act(() => post(`/events/${event.id}/outputs`, output), 'Output linked.');
        }}
      >
        <h2 id="outputs-heading">Outputs</h2>
        <ul>
          {event.outputItems.map((o) => (
            <li key={o.itemId}>
              <Link to={`/library/${o.itemId}`}>{o.title}</Link> ({o.kind}){' '}
              <button type="button" className="link" onClick={() => act(() => del(`/events/${event.id}/outputs/${o.itemId}`), 'Output unlinked.')}>
                Unlink
              </button>
            </li>
          ))}
        </ul>
        <Field id="out-item" label="Library item id (published)" error={error} field="libraryItemId">
          {(a) => <input {...a} value={output.libraryItemId} onChange={(e) => setOutput({ ...output, libraryItemId: e.target.value })} />}
        </Field>
        <Field id="out-kind" label="Kind">
          {(a) => (
            <select {...a} value={output.kind} onChange={(e) => setOutput({ ...output, kind: e.target.value })}>
              <option value="recording">Recording</option>
              <option value="slides">Slides</option>
              <option value="output">Output</option>
            </select>
          )}
        </Field>
        <button type="submit">Link</button>
      </form>
      <Suspense fallback={<p>Loading the numbers…</p>}>
        <EventNumbers path={`/events/${event.id}/report`} />
      </Suspense>
    </>
  );
}

/** The check-in page a QR code opens: the organiser confirms the person. */
export function CheckInPage() {
  const { slug } = useParams();
  const [params] = useSearchParams();
  const [result, setResult] = useState<AttendeeView | null>(null);
  const [error, setError] = useState<unknown>(null);
  const code = params.get('code') ?? '';
  return (
    <>
      <PageTitle>Check in</PageTitle>
      <Notice error={error} message={result ? `${result.name} (${result.organisation || 'no organisation'}) is checked in.` : null} />
      <p>
        Code <strong className="code">{code}</strong>
      </p>
      <button type="button" onClick={() => post<AttendeeView>(`/events/${slug}/check-in`, { code }).then(setResult, setError)}>
        Check this person in
      </button>
    </>
  );
}

/** The programme managers' numbers across events. */
export function EventNumbersPage() {
  const [from, setFrom] = useState(`${new Date().getFullYear() - 1}-01-01`);
  const [to, setTo] = useState(`${new Date().getFullYear() + 1}-12-31`);
  return (
    <>
      <PageTitle>Event numbers</PageTitle>
      <EngagementNav />
      <form className="row" onSubmit={(e) => e.preventDefault()}>
        <Field id="rep-from" label="From">
          {(a) => <input {...a} type="date" value={from} onChange={(e) => setFrom(e.target.value)} />}
        </Field>
        <Field id="rep-to" label="To">
          {(a) => <input {...a} type="date" value={to} onChange={(e) => setTo(e.target.value)} />}
        </Field>
      </form>
      <Suspense fallback={<p>Loading…</p>}>
        <EventNumbers path={`/event-report?from=${from}&to=${to}`} />
      </Suspense>
    </>
  );
}
