import { useEffect, useState, type FormEvent } from 'react';
import { useNavigate, useParams } from 'react-router';
import { get, patch, post, type DirectoryResult, type EventView, type MemberCard, type SurveyQuestion } from '../api';
import { EngagementNav, FORMAT_LABELS, TermChecks, useTaxonomies } from '../engagement';
import { SearchPicker } from '../search';
import { SurveyBuilder, tidySurvey } from '../survey-builder';
import { Field, issuesOf, Notice, PageTitle, sentence, showsBeside } from '../ui';

type Speaker = { profileId?: string | null; name: string; affiliation: string };
type SessionDraft = { title: string; description: string; startsAt: string; endsAt: string; location: string; speakers: Speaker[] };
type Person = { profileId: string; name: string };

const emptyEvent = {
  type: 'webinar',
  title: '',
  summary: '',
  body: '',
  timezone: 'Europe/London',
  startsAt: '',
  endsAt: '',
  registrationClosesAt: '',
  format: 'online',
  venueName: '',
  venueAddress: '',
  venueRegion: '',
  onlineUrl: '',
  capacity: '',
  registration: 'open',
  themes: [] as string[],
  technologies: [] as string[],
  sectors: [] as string[],
  published: false,
};
type Draft = typeof emptyEvent;

const findMembers = async (q: string) => (await get<DirectoryResult>(`/directory?q=${encodeURIComponent(q)}&pageSize=8`)).items.filter((m) => !m.isExample);

/** One session of the timetable: its title, times (wall-clock, in the event's zone), place and speakers. */
function SessionFields({ n, s, onChange, onRemove, error }: { n: number; s: SessionDraft; onChange: (s: SessionDraft) => void; onRemove: () => void; error: unknown }) {
  const f = `sessions[${n}]`;
  const id = `ev-ses-${n}`;
  const speaker = (j: number, sp: Speaker) => onChange({ ...s, speakers: s.speakers.map((x, k) => (k === j ? sp : x)) });
  return (
    <li>
      <Field id={`${id}-title`} label={`Session ${n + 1}: title`} error={error} field={`${f}.title`}>
        {(a) => <input {...a} required value={s.title} onChange={(e) => onChange({ ...s, title: e.target.value })} />}
      </Field>
      <div className="row">
        <Field id={`${id}-start`} label="Starts" error={error} field={`${f}.startsAt`}>
          {(a) => <input {...a} type="datetime-local" required value={s.startsAt} onChange={(e) => onChange({ ...s, startsAt: e.target.value })} />}
        </Field>
        <Field id={`${id}-end`} label="Ends" error={error} field={`${f}.endsAt`}>
          {(a) => <input {...a} type="datetime-local" required value={s.endsAt} onChange={(e) => onChange({ ...s, endsAt: e.target.value })} />}
        </Field>
        <Field id={`${id}-where`} label="Room or stream" error={error} field={`${f}.location`}>
          {(a) => <input {...a} value={s.location} maxLength={200} onChange={(e) => onChange({ ...s, location: e.target.value })} />}
        </Field>
      </div>
      <Field id={`${id}-desc`} label="Description" error={error} field={`${f}.description`}>
        {(a) => <textarea {...a} rows={2} value={s.description} onChange={(e) => onChange({ ...s, description: e.target.value })} />}
      </Field>
      <fieldset>
        <legend>Speakers</legend>
        <ul className="plain">
          {s.speakers.map((sp, j) => (
            <li key={j} className="row">
              {sp.profileId ? (
                <span>
                  {sp.name} (member){sp.affiliation ? `, ${sp.affiliation}` : ''}
                </span>
              ) : (
                <>
                  <Field id={`${id}-sp-${j}-name`} label="Name" error={error} field={`${f}.speakers[${j}].name`}>
                    {(a) => <input {...a} required value={sp.name} onChange={(e) => speaker(j, { ...sp, name: e.target.value })} />}
                  </Field>
                  <Field id={`${id}-sp-${j}-aff`} label="Affiliation" error={error} field={`${f}.speakers[${j}].affiliation`}>
                    {(a) => <input {...a} value={sp.affiliation} onChange={(e) => speaker(j, { ...sp, affiliation: e.target.value })} />}
                  </Field>
                </>
              )}
              <button type="button" onClick={() => onChange({ ...s, speakers: s.speakers.filter((_, k) => k !== j) })}>
                Remove {sp.name || 'this speaker'}
              </button>
            </li>
          ))}
        </ul>
        <SearchPicker<MemberCard>
          id={`${id}-sp-find`}
          label="Add a speaker from the directory"
          find={async (q) => (await findMembers(q)).filter((m) => !s.speakers.some((x) => x.profileId === m.id))}
          pick={(m) => `Add ${m.name}`}
          onPick={(m) => onChange({ ...s, speakers: [...s.speakers, { profileId: m.id, name: m.name, affiliation: m.organisations?.[0]?.organisationName ?? '' }] })}
        />
        <button type="button" onClick={() => onChange({ ...s, speakers: [...s.speakers, { name: '', affiliation: '' }] })}>
          Add an external speaker
        </button>
      </fieldset>
      <button type="button" onClick={onRemove}>
        Remove session {n + 1}
      </button>
    </li>
  );
}

/** Create or edit an event: what it is, when and where, registration and its questions, the timetable, organisers. */
export function EventEditor() {
  const { slug } = useParams();
  const navigate = useNavigate();
  const tax = useTaxonomies();
  const [types, setTypes] = useState<{ code: string; name: string }[]>([]);
  const [form, setForm] = useState<Draft>(emptyEvent);
  const [questions, setQuestions] = useState<SurveyQuestion[]>([]);
  const [feedback, setFeedback] = useState<SurveyQuestion[]>([]);
  const [loadedFeedback, setLoadedFeedback] = useState('[]');
  const [sessions, setSessions] = useState<SessionDraft[]>([]);
  const [organisers, setOrganisers] = useState<Person[]>([]);
  const [version, setVersion] = useState<number | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    get<{ code: string; name: string }[]>('/event-types').then(setTypes, setError);
    if (slug)
      get<EventView>(`/events/${slug}`).then((e) => {
        setVersion(e.version);
        setForm({
          type: e.type.code,
          title: e.title,
          summary: e.summary,
          body: e.body,
          timezone: e.timezone,
          startsAt: e.startsAt.local,
          endsAt: e.endsAt.local,
          registrationClosesAt: e.registrationClosesAt?.local ?? '',
          format: e.format,
          venueName: e.venue?.name ?? '',
          venueAddress: e.venue?.address ?? '',
          venueRegion: e.venue?.region?.code ?? '',
          onlineUrl: e.onlineUrl ?? '',
          capacity: e.places.capacity === null ? '' : String(e.places.capacity),
          registration: e.registration,
          themes: e.themes.map((t) => t.code),
          technologies: e.technologies.map((t) => t.code),
          sectors: e.sectors.map((t) => t.code),
          published: e.status !== 'draft',
        });
        setQuestions(e.questions);
        setFeedback(e.feedbackQuestions);
        setLoadedFeedback(JSON.stringify(e.feedbackQuestions));
        setSessions(e.sessions.map((s) => ({ title: s.title, description: s.description, startsAt: s.startsAt.local, endsAt: s.endsAt.local, location: s.location, speakers: s.speakers.map((sp) => ({ profileId: sp.profileId ?? null, name: sp.name, affiliation: sp.affiliation })) })));
        setOrganisers(e.organisers.flatMap((o) => (o.profileId ? [{ profileId: o.profileId, name: o.name }] : [])));
      }, setError);
  }, [slug]);
  const set = <K extends keyof Draft>(k: K, v: Draft[K]) => setForm({ ...form, [k]: v });
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    const body = {
      type: form.type,
      title: form.title,
      summary: form.summary,
      body: form.body,
      timezone: form.timezone,
      startsAt: form.startsAt,
      endsAt: form.endsAt,
      registrationClosesAt: form.registrationClosesAt || null,
      format: form.format,
      venue: form.format === 'online' ? null : { name: form.venueName, address: form.venueAddress, region: form.venueRegion || null },
      onlineUrl: form.format === 'in_person' ? null : form.onlineUrl || null,
      capacity: form.capacity === '' ? null : Number(form.capacity),
      registration: form.registration,
      themes: form.themes,
      technologies: form.technologies,
      sectors: form.sectors,
      organisers: organisers.map((o) => o.profileId),
      questions: tidySurvey(questions),
      // the standard feedback survey stays the standard one unless the organisers change it
      ...(JSON.stringify(feedback) !== loadedFeedback ? { feedbackQuestions: tidySurvey(feedback) } : {}),
      sessions: sessions.map((s) => ({ ...s, speakers: s.speakers.map((sp) => (sp.profileId ? sp : { name: sp.name, affiliation: sp.affiliation })) })),
      published: form.published,
    };
    try {
      const saved = slug ? await patch<EventView>(`/events/${slug}`, { ...body, version }) : await post<EventView>('/events', body);
      navigate(`/events/${saved.slug}`);
    } catch (err) {
      setError(err);
    }
  };
  return (
    <>
      <PageTitle>{slug ? 'Edit the event' : 'Create an event'}</PageTitle>
      <EngagementNav />
      <Notice error={error} />
      <form onSubmit={submit} className="editor">
        <Field id="ev-ed-type" label="Type" error={error} field="type">
          {(a) => (
            <select {...a} value={form.type} onChange={(e) => set('type', e.target.value)}>
              {types.map((t) => (
                <option key={t.code} value={t.code}>
                  {t.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field id="ev-ed-title" label="Title" error={error} field="title">
          {(a) => <input {...a} required value={form.title} onChange={(e) => set('title', e.target.value)} />}
        </Field>
        <Field id="ev-ed-summary" label="Summary" error={error} field="summary">
          {(a) => <textarea {...a} rows={2} value={form.summary} onChange={(e) => set('summary', e.target.value)} />}
        </Field>
        <Field id="ev-ed-body" label="Description (Markdown)" error={error} field="body">
          {(a) => <textarea {...a} rows={6} value={form.body} onChange={(e) => set('body', e.target.value)} />}
        </Field>
        <Field id="ev-ed-tz" label="Time zone" error={error} field="timezone" hint="An IANA name; every time on this form is wall-clock time there.">
          {(a) => <input {...a} value={form.timezone} onChange={(e) => set('timezone', e.target.value)} />}
        </Field>
        <Field id="ev-ed-start" label="Starts" error={error} field="startsAt">
          {(a) => <input {...a} type="datetime-local" required value={form.startsAt} onChange={(e) => set('startsAt', e.target.value)} />}
        </Field>
        <Field id="ev-ed-end" label="Ends" error={error} field="endsAt">
          {(a) => <input {...a} type="datetime-local" required value={form.endsAt} onChange={(e) => set('endsAt', e.target.value)} />}
        </Field>
        <Field id="ev-ed-format" label="Format" error={error} field="format">
          {(a) => (
            <select {...a} value={form.format} onChange={(e) => set('format', e.target.value)}>
              {Object.entries(FORMAT_LABELS).map(([k, v]) => (
                <option key={k} value={k}>
                  {v}
                </option>
              ))}
            </select>
          )}
        </Field>
        {form.format !== 'online' && (
          <>
            <Field id="ev-ed-venue" label="Venue" error={error} field="venue">
              {(a) => <input {...a} value={form.venueName} onChange={(e) => set('venueName', e.target.value)} />}
            </Field>
            <Field id="ev-ed-address" label="Address" error={error} field="venue.address">
              {(a) => <input {...a} value={form.venueAddress} onChange={(e) => set('venueAddress', e.target.value)} />}
            </Field>
            <Field id="ev-ed-region" label="Region" error={error} field="venue.region">
              {(a) => (
                <select {...a} value={form.venueRegion} onChange={(e) => set('venueRegion', e.target.value)}>
                  <option value="">Not given</option>
                  {tax?.region.map((r) => (
                    <option key={r.code} value={r.code}>
                      {r.parentCode ? '  ' : ''}
                      {r.label}
                    </option>
                  ))}
                </select>
              )}
            </Field>
          </>
        )}
        {form.format !== 'in_person' && (
          <Field id="ev-ed-url" label="Join link (shown to confirmed registrants only)" error={error} field="onlineUrl">
            {(a) => <input {...a} type="url" value={form.onlineUrl} onChange={(e) => set('onlineUrl', e.target.value)} />}
          </Field>
        )}
        <TermChecks legend="Themes" terms={tax?.theme} chosen={form.themes} onChange={(v) => set('themes', v)} />
        <TermChecks legend="Technologies" terms={tax?.technology} chosen={form.technologies} onChange={(v) => set('technologies', v)} />
        <TermChecks legend="Sectors" terms={tax?.sector} chosen={form.sectors} onChange={(v) => set('sectors', v)} />
        <h2>Registration</h2>
        <Field id="ev-ed-reg" label="Registration" error={error} field="registration">
          {(a) => (
            <select {...a} value={form.registration} onChange={(e) => set('registration', e.target.value)}>
              <option value="open">Open</option>
              <option value="moderated">Moderated (organisers approve)</option>
              <option value="invitation">By invitation</option>
              <option value="none">No registration</option>
            </select>
          )}
        </Field>
        <Field id="ev-ed-capacity" label="Places (empty: no limit)" error={error} field="capacity" hint="When they are taken, new registrants join the waitlist.">
          {(a) => <input {...a} type="number" min={0} value={form.capacity} onChange={(e) => set('capacity', e.target.value)} />}
        </Field>
        <Field id="ev-ed-closes" label="Registration closes (empty: when the event ends)" error={error} field="registrationClosesAt">
          {(a) => <input {...a} type="datetime-local" value={form.registrationClosesAt} onChange={(e) => set('registrationClosesAt', e.target.value)} />}
        </Field>
        <SurveyBuilder legend="Registration questions" field="questions" questions={questions} onChange={setQuestions} error={error} />
        <SurveyBuilder legend={`Feedback survey${feedback.length === 0 ? ' (none written: the standard one is sent)' : ''}`} field="feedbackQuestions" questions={feedback} onChange={setFeedback} error={error} />
        <h2>Timetable</h2>
        {sessions.length === 0 && <p className="hint">No sessions: the event is shown as one block.</p>}
        <ol className="plain">
          {sessions.map((s, i) => (
            <SessionFields key={i} n={i} s={s} error={error} onChange={(x) => setSessions(sessions.map((y, j) => (j === i ? x : y)))} onRemove={() => setSessions(sessions.filter((_, j) => j !== i))} />
          ))}
        </ol>
        <button type="button" onClick={() => setSessions([...sessions, { title: '', description: '', startsAt: sessions.at(-1)?.endsAt ?? form.startsAt, endsAt: '', location: '', speakers: [] }])}>
          Add a session
        </button>
        <h2>Organisers</h2>
        <p className="hint">{slug ? 'They manage the event, its registrations and check-in.' : 'You organise it; add the members who organise it with you.'}</p>
        <ul className="plain">
          {organisers.map((o) => (
            <li key={o.profileId}>
              {o.name}{' '}
              <button type="button" onClick={() => setOrganisers(organisers.filter((x) => x.profileId !== o.profileId))}>
                Remove {o.name}
              </button>
            </li>
          ))}
        </ul>
        {issuesOf(error)
          .filter((i) => i.field.startsWith('organisers'))
          .map((i) => {
            showsBeside(i);
            const n = /^organisers\[(\d+)\]/.exec(i.field)?.[1];
            return (
              <small key={i.field} className="field-error">
                {n === undefined ? '' : `${organisers[Number(n)]?.name ?? 'An organiser'}: `}
                {sentence(i.message)}
              </small>
            );
          })}
        <SearchPicker<MemberCard> id="ev-ed-org" label="Add an organiser" find={async (q) => (await findMembers(q)).filter((m) => !organisers.some((o) => o.profileId === m.id))} pick={(m) => `Add ${m.name}`} onPick={(m) => setOrganisers([...organisers, { profileId: m.id, name: m.name }])} />
        <label className="checkbox">
          <input type="checkbox" checked={form.published} onChange={(e) => set('published', e.target.checked)} /> Published
        </label>
        <button type="submit">Save</button>
      </form>
    </>
  );
}
