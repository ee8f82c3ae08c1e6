import { useEffect, useState } from 'react';
import { NavLink } from 'react-router';
import { get, type SurveyQuestion, type Taxonomies, type ZonedTime } from './api';
import { useSession } from './session';
import { Field } from './ui';

/** The knowledge exchange programme's pages. */
export function EngagementNav() {
  const { session, has } = useSession();
  const manager = has('programme_manager') || has('administrator');
  return (
    <nav aria-label="Knowledge exchange" className="tabs">
      <NavLink to="/events" end>
        Events
      </NavLink>
      <NavLink to="/events/past">Past events</NavLink>
      <NavLink to="/consultations">Consultations</NavLink>
      {session?.user ? <NavLink to="/preferences">My digests and calendar</NavLink> : <NavLink to="/stay-informed">Stay informed</NavLink>}
      {manager && <NavLink to="/stakeholders">Stakeholders</NavLink>}
      {manager && <NavLink to="/stakeholders/digest">Digest preview</NavLink>}
      {manager && <NavLink to="/events/report">Event numbers</NavLink>}
    </nav>
  );
}

/** A time in its zone: "14 January 2027, 10:00 GMT". */
export function ZonedText({ t, timeOnly = false }: { t: ZonedTime; timeOnly?: boolean }) {
  const [date, time] = t.local.split('T');
  const d = new Date(`${date}T00:00:00Z`).toLocaleDateString('en-GB', { weekday: 'short', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
  return (
    <time dateTime={t.utc}>
      {timeOnly ? '' : `${d}, `}
      {time} {t.abbreviation}
      {t.timezone !== 'Europe/London' && !timeOnly ? ` (${t.timezone})` : ''}
    </time>
  );
}

/** From start to end, the date said once when it is one day. */
export function When({ start, end }: { start: ZonedTime; end: ZonedTime }) {
  return start.local.slice(0, 10) === end.local.slice(0, 10) ? (
    <>
      <ZonedText t={start} /> to <ZonedText t={end} timeOnly />
    </>
  ) : (
    <>
      <ZonedText t={start} /> to <ZonedText t={end} />
    </>
  );
}

/** A questionnaire's inputs: each question with its label, help and error beside it. */
export function Questions({ questions, answers, onChange, error, prefix }: { questions: SurveyQuestion[]; answers: Record<string, unknown>; onChange: (a: Record<string, unknown>) => void; error?: unknown; prefix: string }) {
  const set = (id: string, v: unknown) => onChange({ ...answers, [id]: v });
  return (
    <>
      {questions.map((q) => {
        const id = `${prefix}-${q.id}`;
        const label = `${q.label}${q.required ? '' : ' (optional)'}`;
        const v = answers[q.id];
        if (q.type === 'choice' || q.type === 'scale' || q.type === 'yes_no' || q.type === 'multiple_choice') {
          const options: { value: unknown; label: string }[] =
            q.type === 'scale'
              ? Array.from({ length: q.max - q.min + 1 }, (_, i) => ({ value: q.min + i, label: `${q.min + i}${i === 0 && q.minLabel ? ` (${q.minLabel})` : q.min + i === q.max && q.maxLabel ? ` (${q.maxLabel})` : ''}` }))
              : q.type === 'yes_no'
                ? [
                    { value: true, label: 'Yes' },
                    { value: false, label: 'No' },
                  ]
                : q.options.map((o) => ({ value: o, label: o }));
          const multi = q.type === 'multiple_choice';
          const chosen = (o: unknown) => (multi ? Array.isArray(v) && v.includes(o) : v === o);
          return (
            <Field key={q.id} id={id} label={label} error={error} field={`answers.${q.id}`} hint={q.help}>
              {(a) => (
                <div className="choices" role={multi ? 'group' : 'radiogroup'} aria-labelledby={undefined} aria-describedby={a['aria-describedby']} aria-invalid={a['aria-invalid']} id={a.id}>
                  {options.map((o, i) => (
                    <label key={i}>
                      <input
                        type={multi ? 'checkbox' : 'radio'}
                        name={id}
                        checked={chosen(o.value)}
                        onChange={() => set(q.id, multi ? (chosen(o.value) ? (v as unknown[]).filter((x) => x !== o.value) : [...((v as unknown[]) ?? []), o.value]) : o.value)}
                      />{' '}
                      {o.label}
                    </label>
                  ))}
                </div>
              )}
            </Field>
          );
        }
        if (q.type === 'number')
          return (
            <Field key={q.id} id={id} label={label} error={error} field={`answers.${q.id}`} hint={q.help}>
              {(a) => <input {...a} type="number" value={v === undefined ? '' : String(v)} onChange={(e) => set(q.id, e.target.value === '' ? undefined : Number(e.target.value))} />}
            </Field>
          );
        return (
          <Field key={q.id} id={id} label={label} error={error} field={`answers.${q.id}`} hint={q.help}>
            {(a) => <textarea {...a} rows={3} maxLength={q.maxLength} value={typeof v === 'string' ? v : ''} onChange={(e) => set(q.id, e.target.value)} />}
          </Field>
        );
      })}
    </>
  );
}

export const FORMAT_LABELS: Record<string, string> = { in_person: 'In person', online: 'Online', hybrid: 'In person and online' };
export const REGISTRATION_LABELS: Record<string, string> = { invited: 'Invited', pending: 'Awaiting approval', confirmed: 'Confirmed', waitlisted: 'On the waitlist', declined: 'Not approved', cancelled: 'Cancelled' };

/** The taxonomies that describe events and interests (themes, technologies, sectors, regions), once loaded. */
export function useTaxonomies(): Taxonomies | null {
  const [t, setT] = useState<Taxonomies | null>(null);
  useEffect(() => {
    get<Taxonomies>('/taxonomies').then(setT, () => undefined);
  }, []);
  return t;
}

/** Ticks for the terms of one taxonomy (themes, technologies, sectors), as codes. */
export function TermChecks({ legend, terms, chosen, onChange }: { legend: string; terms: readonly { code: string; label: string }[] | undefined; chosen: string[]; onChange: (codes: string[]) => void }) {
  return (
    <fieldset>
      <legend>{legend}</legend>
      <div className="choices columns">
        {terms?.map((t) => (
          <label key={t.code} className="checkbox">
            <input type="checkbox" checked={chosen.includes(t.code)} onChange={(e) => onChange(e.target.checked ? [...chosen, t.code] : chosen.filter((x) => x !== t.code))} /> {t.label}
          </label>
        ))}
      </div>
    </fieldset>
  );
}
