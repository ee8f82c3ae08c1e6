import { useEffect, useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { del, get, post, put } from '../api';
import { EngagementNav, TermChecks, useTaxonomies } from '../engagement';
import { useSession } from '../session';
import { Field, Notice, PageTitle } from '../ui';

interface Prefs {
  name: string;
  email: string;
  frequency: 'none' | 'weekly' | 'monthly';
  themes: string[];
  technologies: string[];
  consents: { purpose: string; label: string; wording: string; given: boolean }[];
  tracking: boolean;
}

/** My digests, interests and consents (by the emailed link, or signed in), and, for members, my calendar feed. */
export function PreferencesPage() {
  const [params] = useSearchParams();
  const token = params.get('token') ?? undefined;
  const { session } = useSession();
  const tax = useTaxonomies();
  const [p, setP] = useState<Prefs | null>(null);
  const [feed, setFeed] = useState<{ url: string | null } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [message, setMessage] = useState<string | null>(null);
  useEffect(() => {
    if (!token && !session?.user) return;
    post<Prefs>('/engagement/preferences/view', token ? { token } : {}).then(setP, setError);
    if (!token && session?.user) get<{ url: string | null }>('/me/calendar').then(setFeed, setError);
  }, [token, session?.user?.id]);
  const save = async (e: FormEvent) => {
    e.preventDefault();
    try {
      setP(await put<Prefs>('/engagement/preferences', { ...(token && { token }), frequency: p!.frequency, themes: p!.themes, technologies: p!.technologies, tracking: p!.tracking, consents: Object.fromEntries(p!.consents.filter((c) => c.purpose !== 'digests').map((c) => [c.purpose, c.given])) }));
      setMessage('Your preferences are saved.');
    } catch (err) {
      setError(err);
    }
  };
  if (!token && session && !session.user)
    return (
      <>
        <PageTitle>Your preferences</PageTitle>
        <p>
          Use the link in any of our emails, or <Link to="/sign-in">sign in</Link>. Not on our list? <Link to="/stay-informed">Stay informed</Link>.
        </p>
      </>
    );
  if (!p) return <Notice error={error} />;
  return (
    <>
      <PageTitle>Your digests and interests</PageTitle>
      {session?.user && <EngagementNav />}
      <Notice error={error} message={message} />
      <p>
        {p.name} ({p.email})
      </p>
      <form onSubmit={save}>
        <Field id="pref-frequency" label="The digest of new research, events and calls">
          {(a) => (
            <select {...a} value={p.frequency} onChange={(e) => setP({ ...p, frequency: e.target.value as Prefs['frequency'] })}>
              <option value="none">No digest</option>
              <option value="weekly">Weekly</option>
              <option value="monthly">Monthly</option>
            </select>
          )}
        </Field>
        <TermChecks legend="Themes" terms={tax?.theme} chosen={p.themes} onChange={(themes) => setP({ ...p, themes })} />
        <TermChecks legend="Technologies" terms={tax?.technology} chosen={p.technologies} onChange={(technologies) => setP({ ...p, technologies })} />
        <fieldset>
          <legend>What else you agree to</legend>
          {p.consents
            .filter((c) => c.purpose !== 'digests')
            .map((c) => (
              <label key={c.purpose} className="checkbox">
                <input type="checkbox" checked={c.given} onChange={(e) => setP({ ...p, consents: p.consents.map((x) => (x.purpose === c.purpose ? { ...x, given: e.target.checked } : x)) })} /> <strong>{c.label}.</strong> {c.wording}
              </label>
            ))}
        </fieldset>
        <label className="checkbox">
          <input type="checkbox" checked={p.tracking} onChange={(e) => setP({ ...p, tracking: e.target.checked })} /> Let us see when you open a digest (off unless you turn it on)
        </label>
        <button type="submit">Save</button>
      </form>
      {feed && (
        <section aria-labelledby="feed-heading" className="card">
          <h2 id="feed-heading">My calendar feed</h2>
          <p>Your events (those you are registered for or organise) in your calendar program, through a secret address. Renew it if it was shared by mistake: the old one stops working.</p>
          {feed.url ? (
            <p>
              <input readOnly value={feed.url} aria-label="My calendar feed's address" size={60} />
            </p>
          ) : (
            <p>You have no calendar feed.</p>
          )}
          <button type="button" onClick={() => post<{ url: string | null }>('/me/calendar').then(setFeed, setError)}>
            {feed.url ? 'Renew the address' : 'Make my feed'}
          </button>{' '}
          {feed.url && (
            <button type="button" onClick={() => del<{ url: string | null }>('/me/calendar').then(setFeed, setError)}>
              Turn it off
            </button>
          )}
        </section>
      )}
    </>
  );
}

/** The visible unsubscribe link of a digest: one button, then done. */
export function Unsubscribe() {
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const [done, setDone] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  return (
    <>
      <PageTitle>Unsubscribe</PageTitle>
      <Notice error={error} message={done} />
      {!done && (
        <button type="button" onClick={() => post<{ email: string }>(`/engagement/unsubscribe?token=${encodeURIComponent(token)}`).then((r) => setDone(`${r.email} will receive no more digests.`), setError)}>
          Unsubscribe from the digests
        </button>
      )}
      <p>
        <Link to={`/preferences?token=${encodeURIComponent(token)}`}>Change your interests or how often instead</Link>
      </p>
    </>
  );
}

const TYPES: Record<string, string> = { industry: 'Industry', academia: 'Academia', policy: 'Policy', intermediary: 'Intermediary', third_sector: 'Third sector' };

/** The public sign-up form for the stakeholder list (double opt-in). */
export function StayInformed() {
  const tax = useTaxonomies();
  const [f, setF] = useState({ name: '', email: '', organisation: '', stakeholderType: '', sector: '', region: '', themes: [] as string[], technologies: [] as string[], purposes: ['digests'] as string[], frequency: 'monthly' });
  const [sent, setSent] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      await post('/engagement/sign-up', { ...f, stakeholderType: f.stakeholderType || null, sector: f.sector || null, region: f.region || null });
      setSent(true);
    } catch (err) {
      setError(err);
    }
  };
  if (sent)
    return (
      <>
        <PageTitle>Check your email</PageTitle>
        <p>We have sent a link to {f.email}. Follow it to confirm: until then we keep nothing.</p>
      </>
    );
  const wording: Record<string, string> = { digests: 'Email me the digest of new research, events and funding calls that match my interests.', consultations: 'Invite me to give my views on the network’s proposals.', research: 'Contact me about taking part in research.', partners: 'Share my name, organisation and interests with partner organisations.' };
  return (
    <>
      <PageTitle>Stay informed</PageTitle>
      <p>Hear about the network’s research, events and funding calls, and give your views on its plans. You need not be a member.</p>
      <Notice error={error} />
      <form onSubmit={submit}>
        <Field id="si-name" label="Your name" error={error} field="name">
          {(a) => <input {...a} required value={f.name} onChange={(e) => setF({ ...f, name: e.target.value })} autoComplete="name" />}
        </Field>
        <Field id="si-email" label="Email address" error={error} field="email">
          {(a) => <input {...a} required type="email" value={f.email} onChange={(e) => setF({ ...f, email: e.target.value })} autoComplete="email" />}
        </Field>
        <Field id="si-org" label="Organisation (optional)" error={error} field="organisation">
          {(a) => <input {...a} value={f.organisation} onChange={(e) => setF({ ...f, organisation: e.target.value })} autoComplete="organization" />}
        </Field>
        <Field id="si-type" label="You are in (optional)" error={error} field="stakeholderType">
          {(a) => (
            <select {...a} value={f.stakeholderType} onChange={(e) => setF({ ...f, stakeholderType: e.target.value })}>
              <option value="">Rather not say</option>
              {Object.entries(TYPES).map(([k, v]) => (
                <option key={k} value={k}>
                  {v}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field id="si-sector" label="Sector (optional)" error={error} field="sector">
          {(a) => (
            <select {...a} value={f.sector} onChange={(e) => setF({ ...f, sector: e.target.value })}>
              <option value="">Rather not say</option>
              {tax?.sector.map((s) => (
                <option key={s.code} value={s.code}>
                  {s.label}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field id="si-region" label="Region (optional)" error={error} field="region">
          {(a) => (
            <select {...a} value={f.region} onChange={(e) => setF({ ...f, region: e.target.value })}>
              <option value="">Rather not say</option>
              {tax?.region.filter((r) => !r.parentCode).map((r) => (
                <option key={r.code} value={r.code}>
                  {r.label}
                </option>
              ))}
            </select>
          )}
        </Field>
        <TermChecks legend="Themes that interest you" terms={tax?.theme} chosen={f.themes} onChange={(themes) => setF({ ...f, themes })} />
        <fieldset>
          <legend>What you agree to</legend>
          {Object.entries(wording).map(([k, w]) => (
            <label key={k} className="checkbox">
              <input type="checkbox" checked={f.purposes.includes(k)} onChange={(e) => setF({ ...f, purposes: e.target.checked ? [...f.purposes, k] : f.purposes.filter((x) => x !== k) })} /> {w}
            </label>
          ))}
        </fieldset>
        <Field id="si-frequency" label="How often" error={error} field="frequency">
          {(a) => (
            <select {...a} value={f.frequency} onChange={(e) => setF({ ...f, frequency: e.target.value })}>
              <option value="monthly">Monthly</option>
              <option value="weekly">Weekly</option>
            </select>
          )}
        </Field>
        <button type="submit">Sign up</button>
      </form>
    </>
  );
}

/** The page the sign-up's emailed link opens. */
export function ConfirmSignUp() {
  const [params] = useSearchParams();
  const [done, setDone] = useState<{ preferencesUrl: string } | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    post<{ preferencesUrl: string }>('/engagement/sign-up/confirm', { token: params.get('token') ?? '' }).then(setDone, setError);
  }, []);
  return (
    <>
      <PageTitle>You are signed up</PageTitle>
      <Notice error={error} message={done ? 'Thank you: your address is confirmed.' : null} />
      {done && <a href={done.preferencesUrl}>Your preferences (keep this link)</a>}
    </>
  );
}
