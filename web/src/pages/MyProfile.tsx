import { useEffect, useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router';
import { get, patch, post, type Organisation, type Page, type Profile, type ProfileField, type Taxonomies, type Term } from '../api';
import { TEXT_LIMITS } from '../../../src/hub/platform/model.js';
import { useSession } from '../session';
import { PASSWORD_HINT } from './Auth';
import { Field, Notice, PageTitle } from '../ui';

const FIELD_LABELS: Record<ProfileField, string> = {
  name: 'Name', organisations: 'Organisations', jobTitle: 'Job title', disciplines: 'Disciplines', sectors: 'Sectors', themes: 'Themes',
  region: 'Region', expertise: 'Expertise', careerStage: 'Career stage', orcid: 'ORCID iD', bio: 'Bio', links: 'Links',
};

interface AffiliationDraft {
  organisationId: string;
  organisationName: string;
  role: string;
  startDate: string;
  endDate: string;
}

export function MyProfile() {
  const { session } = useSession();
  const [profile, setProfile] = useState<Profile | null>(null);
  const [tax, setTax] = useState<Taxonomies | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    if (!session?.user) return;
    Promise.all([get<Profile>('/me/profile'), get<Taxonomies>('/taxonomies')]).then(([p, t]) => (setProfile(p), setTax(t)), setError);
  }, [session?.user]);
  if (session && !session.user)
    return (<><PageTitle>My profile</PageTitle><p><Link to="/sign-in">Sign in</Link> to edit your profile.</p></>);
  if (error) return <Notice error={error} />;
  if (!profile || !tax) return <p>Loading…</p>;
  return (
    <>
      <PageTitle>My profile</PageTitle>
      <p><Link to={`/members/${profile.id}`}>See your public page</Link></p>
      <ProfileForm profile={profile} tax={tax} onSaved={setProfile} />
      <AccountSettings />
    </>
  );
}

/** An administrator edits someone else's profile (the API audits it). */
export function EditProfile() {
  const { id } = useParams();
  const [profile, setProfile] = useState<Profile | null>(null);
  const [tax, setTax] = useState<Taxonomies | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    Promise.all([get<Profile>(`/profiles/${id}`), get<Taxonomies>('/taxonomies')]).then(([p, t]) => (setProfile(p), setTax(t)), setError);
  }, [id]);
  if (error) return (<><PageTitle>Edit profile</PageTitle><Notice error={error} /></>);
  if (!profile || !tax) return <p>Loading…</p>;
  if (!profile.settings) return (<><PageTitle>Edit profile</PageTitle><p role="alert" className="notice error">Only the member and administrators can edit this profile.</p></>);
  return (
    <>
      <PageTitle>{`Edit profile: ${profile.name}`}</PageTitle>
      <p><Link to={`/members/${profile.id}`}>Back to the profile</Link></p>
      <ProfileForm profile={profile} tax={tax} onSaved={setProfile} />
    </>
  );
}

function ProfileForm({ profile, tax, onSaved }: { profile: Profile; tax: Taxonomies; onSaved: (p: Profile) => void }) {
  const [name, setName] = useState(profile.name);
  const [jobTitle, setJobTitle] = useState(profile.jobTitle ?? '');
  const [regionCode, setRegionCode] = useState(profile.region?.code ?? '');
  const [country, setCountry] = useState(profile.region?.country ?? 'GB');
  const [careerStage, setCareerStage] = useState(profile.careerStage?.code ?? '');
  const [orcid, setOrcid] = useState(profile.orcid ?? '');
  const [bio, setBio] = useState(profile.bio ?? '');
  const [expertise, setExpertise] = useState((profile.expertise ?? []).join(', '));
  const [links, setLinks] = useState((profile.links ?? []).map((l) => `${l.label} | ${l.url}`).join('\n'));
  const [terms, setTerms] = useState({
    disciplines: new Set((profile.disciplines ?? []).map((t) => t.code)),
    sectors: new Set((profile.sectors ?? []).map((t) => t.code)),
    themes: new Set((profile.themes ?? []).map((t) => t.code)),
  });
  const [affiliations, setAffiliations] = useState<AffiliationDraft[]>(
    (profile.organisations ?? []).map((o) => ({ organisationId: o.organisationId, organisationName: o.organisationName, role: o.role ?? '', startDate: o.startDate ?? '', endDate: o.endDate ?? '' })),
  );
  const settings = profile.settings!;
  const [visibility, setVisibility] = useState(settings.visibility);
  const [flags, setFlags] = useState({ listed: settings.listed, consentContact: settings.consentContact, consentDigest: settings.consentDigest, consentAnalytics: settings.consentAnalytics });
  const [error, setError] = useState<unknown>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const save = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setMessage(null);
    try {
      const saved = await patch<Profile>(`/profiles/${profile.id}`, {
        name,
        jobTitle: jobTitle || null,
        regionCode: regionCode || null,
        country: country || null,
        careerStage: careerStage || null,
        orcid: orcid || null,
        bio: bio || null,
        expertise: expertise.split(',').map((s) => s.trim()).filter(Boolean),
        links: links.split('\n').map((l) => l.trim()).filter(Boolean).map((l) => {
          const [label, url] = l.includes('|') ? l.split('|').map((s) => s.trim()) : [l, l];
          return { label, url };
        }),
        disciplines: [...terms.disciplines],
        sectors: [...terms.sectors],
        themes: [...terms.themes],
        affiliations: affiliations.map((a) => ({ organisationId: a.organisationId, role: a.role || null, startDate: a.startDate || null, endDate: a.endDate || null })),
        visibility,
        ...flags,
      });
      onSaved(saved);
      setMessage('Profile saved.');
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  const termBox = (key: 'disciplines' | 'sectors' | 'themes', list: Term[], legend: string) => (
    <fieldset className="checklist">
      <legend>{legend} <span className="count">({terms[key].size} chosen)</span></legend>
      <ul>
        {list.map((t) => (
          <li key={t.code}>
            <label>
              <input type="checkbox" checked={terms[key].has(t.code)} onChange={() => setTerms((s) => {
                const next = new Set(s[key]);
                next.has(t.code) ? next.delete(t.code) : next.add(t.code);
                return { ...s, [key]: next };
              })} /> {t.label}
            </label>
          </li>
        ))}
      </ul>
    </fieldset>
  );

  return (
    <form onSubmit={save} className="profile-form" aria-label="Edit profile">
      <Notice error={error} message={message} />
      <Field id="name" label="Name" error={error}>{(a) => <input {...a} required maxLength={TEXT_LIMITS.personName} value={name} onChange={(e) => setName(e.target.value)} />}</Field>
      <Field id="jobTitle" label="Job title" error={error}>{(a) => <input {...a} maxLength={TEXT_LIMITS.jobTitle} value={jobTitle} onChange={(e) => setJobTitle(e.target.value)} />}</Field>
      <Field id="regionCode" label="Region (UK ITL)" error={error}>
        {(a) => (
          <select {...a} value={regionCode} onChange={(e) => setRegionCode(e.target.value)}>
            <option value="">Not given</option>
            {tax.region.map((r) => <option key={r.code} value={r.code}>{r.parentCode ? `— ${r.label}` : r.label}</option>)}
          </select>
        )}
      </Field>
      <Field id="country" label="Country (ISO code, e.g. GB)" error={error}>{(a) => <input {...a} value={country} maxLength={2} onChange={(e) => setCountry(e.target.value)} />}</Field>
      <Field id="careerStage" label="Career stage" error={error}>
        {(a) => (
          <select {...a} value={careerStage} onChange={(e) => setCareerStage(e.target.value)}>
            <option value="">Not given</option>
            {tax.careerStage.map((c) => <option key={c.code} value={c.code}>{c.label}</option>)}
          </select>
        )}
      </Field>
      <Field id="expertise" label="Expertise keywords" hint="Separate with commas." error={error}>{(a) => <input {...a} maxLength={40 * (TEXT_LIMITS.keyword + 2)} value={expertise} onChange={(e) => setExpertise(e.target.value)} />}</Field>
      <Field id="orcid" label="ORCID iD" hint="e.g. 0000-0002-1825-0097" error={error}>{(a) => <input {...a} maxLength={TEXT_LIMITS.orcid} value={orcid} onChange={(e) => setOrcid(e.target.value)} />}</Field>
      <Field id="bio" label="Bio" hint="Markdown: **bold**, *italic*, [links](https://…)." error={error}>{(a) => <textarea {...a} rows={6} maxLength={TEXT_LIMITS.bio} value={bio} onChange={(e) => setBio(e.target.value)} />}</Field>
      <Field id="links" label="Links" hint="One per line: Label | https://…" error={error}>{(a) => <textarea {...a} rows={3} maxLength={10 * (TEXT_LIMITS.linkLabel + TEXT_LIMITS.url + 4)} value={links} onChange={(e) => setLinks(e.target.value)} />}</Field>
      {termBox('disciplines', tax.discipline, 'Disciplines')}
      {termBox('sectors', tax.sector, 'Sectors (SIC 2007 sections)')}
      {termBox('themes', tax.theme, 'Themes')}
      <Affiliations value={affiliations} onChange={setAffiliations} tax={tax} error={error} />
      <fieldset>
        <legend>Who can see each part of your profile</legend>
        <div className="grid">
          {(Object.keys(FIELD_LABELS) as ProfileField[]).map((f) => (
            <label key={f}>
              {FIELD_LABELS[f]} <span className="visually-hidden">: who can see it</span>{' '}
              <select value={visibility[f]} onChange={(e) => setVisibility((v) => ({ ...v, [f]: e.target.value }))}>
                <option value="public">Everyone</option>
                <option value="members">Members</option>
                {f !== 'name' && <option value="private">Only me</option>}
              </select>
            </label>
          ))}
        </div>
      </fieldset>
      <fieldset>
        <legend>Consent</legend>
        {([['listed', 'List me in the directory'], ['consentContact', 'Members may contact me'], ['consentDigest', 'Send me the network digest'], ['consentAnalytics', 'Include me in network analytics']] as const).map(([k, label]) => (
          <label key={k} className="check">
            <input type="checkbox" checked={flags[k]} onChange={(e) => setFlags((f) => ({ ...f, [k]: e.target.checked }))} /> {label}
          </label>
        ))}
      </fieldset>
      <button disabled={busy}>Save profile</button>
    </form>
  );
}

function Affiliations({ value, onChange, tax, error }: { value: AffiliationDraft[]; onChange: (a: AffiliationDraft[]) => void; tax: Taxonomies; error: unknown }) {
  const [q, setQ] = useState('');
  const [found, setFound] = useState<Organisation[]>([]);
  const [newOrg, setNewOrg] = useState({ name: '', type: 'university', country: 'GB' });
  const [orgError, setOrgError] = useState<unknown>(null);
  useEffect(() => {
    if (q.length < 2) return setFound([]);
    const t = setTimeout(() => get<Page<Organisation>>(`/organisations?q=${encodeURIComponent(q)}&pageSize=8`).then((r) => setFound(r.items), () => setFound([])), 200);
    return () => clearTimeout(t);
  }, [q]);
  const add = (o: { id: string; name: string }) => {
    onChange([...value, { organisationId: o.id, organisationName: o.name, role: '', startDate: '', endDate: '' }]);
    setQ('');
  };
  const set = (i: number, k: keyof AffiliationDraft, v: string) => onChange(value.map((a, j) => (j === i ? { ...a, [k]: v } : a)));
  const create = async () => {
    setOrgError(null);
    try {
      add(await post<Organisation>('/organisations', newOrg));
      setNewOrg({ name: '', type: 'university', country: 'GB' });
    } catch (e) {
      setOrgError(e);
    }
  };
  return (
    <fieldset>
      <legend>Organisations</legend>
      <Notice error={orgError} />
      <ul className="affiliations">
        {value.map((a, i) => (
          <li key={i}>
            <strong>{a.organisationName}</strong>
            <label>Role <input value={a.role} maxLength={TEXT_LIMITS.role} onChange={(e) => set(i, 'role', e.target.value)} /></label>
            <Field id={`affiliations[${i}].startDate`} label="From" error={error}>{(x) => <input {...x} type="date" value={a.startDate} onChange={(e) => set(i, 'startDate', e.target.value)} />}</Field>
            <Field id={`affiliations[${i}].endDate`} label="Until" error={error}>{(x) => <input {...x} type="date" value={a.endDate} onChange={(e) => set(i, 'endDate', e.target.value)} />}</Field>
            <button type="button" onClick={() => onChange(value.filter((_, j) => j !== i))}>Remove <span className="visually-hidden">{a.organisationName}</span></button>
          </li>
        ))}
      </ul>
      <label htmlFor="org-search">Add an organisation</label>
      <input id="org-search" value={q} onChange={(e) => setQ(e.target.value)} placeholder="Type part of its name" autoComplete="off" maxLength={TEXT_LIMITS.query} />
      {found.length > 0 && (
        <ul className="picker" aria-label="Matching organisations">
          {found.map((o) => <li key={o.id}><button type="button" onClick={() => add(o)}>{o.name}</button></li>)}
        </ul>
      )}
      <details>
        <summary>Not listed? Add it</summary>
        <label>Name <input value={newOrg.name} maxLength={TEXT_LIMITS.organisationName} onChange={(e) => setNewOrg({ ...newOrg, name: e.target.value })} /></label>
        <label>Type{' '}
          <select value={newOrg.type} onChange={(e) => setNewOrg({ ...newOrg, type: e.target.value })}>
            {tax.organisationType.map((t) => <option key={t.code} value={t.code}>{t.label}</option>)}
          </select>
        </label>
        <label>Country <input value={newOrg.country} maxLength={2} onChange={(e) => setNewOrg({ ...newOrg, country: e.target.value })} /></label>
        <button type="button" onClick={create}>Add organisation</button>
      </details>
    </fieldset>
  );
}

function AccountSettings() {
  const [newEmail, setNewEmail] = useState('');
  const [password, setPassword] = useState('');
  const [state, setState] = useState<{ error?: unknown; message?: string }>({});
  const { signedOut } = useSession();
  const changeEmail = async (e: FormEvent) => {
    e.preventDefault();
    try {
      await post('/auth/email-change/request', { newEmail, password });
      setState({ message: `We sent a confirmation link to ${newEmail}. Your address changes when you follow it.` });
      setPassword('');
    } catch (error) {
      setState({ error });
    }
  };
  const everywhere = async () => {
    await post('/auth/sign-out-everywhere');
    signedOut();
  };
  return (
    <section aria-labelledby="account-heading">
      <h2 id="account-heading">Account</h2>
      <ChangePassword />
      <form onSubmit={changeEmail} aria-labelledby="email-heading">
        <h3 id="email-heading">Change your email address</h3>
        <Notice error={state.error} message={state.message} />
        <Field id="newEmail" label="New email address" error={state.error}>{(a) => <input {...a} type="email" required maxLength={TEXT_LIMITS.email} value={newEmail} onChange={(e) => setNewEmail(e.target.value)} />}</Field>
        <Field id="email-password" field="password" label="Your password" error={state.error}>{(a) => <input {...a} type="password" autoComplete="current-password" required maxLength={TEXT_LIMITS.password} value={password} onChange={(e) => setPassword(e.target.value)} />}</Field>
        <button>Change email address</button>
      </form>
      <p><button type="button" onClick={everywhere}>Sign out on every device</button></p>
    </section>
  );
}

/** The member changes their password: the current one, then a new one (their other sessions are closed). */
function ChangePassword() {
  const [currentPassword, setCurrent] = useState('');
  const [newPassword, setNew] = useState('');
  const [state, setState] = useState<{ error?: unknown; message?: string }>({});
  const [busy, setBusy] = useState(false);
  const change = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    try {
      await post('/auth/password', { currentPassword, newPassword });
      setState({ message: 'Your password is changed. You stay signed in here; your other devices are signed out.' });
      setCurrent('');
      setNew('');
    } catch (error) {
      setState({ error });
    } finally {
      setBusy(false);
    }
  };
  return (
    <form onSubmit={change} aria-labelledby="password-heading">
      <h3 id="password-heading">Change your password</h3>
      <Notice error={state.error} message={state.message} />
      <Field id="currentPassword" label="Current password" error={state.error}>{(a) => <input {...a} type="password" autoComplete="current-password" required maxLength={TEXT_LIMITS.password} value={currentPassword} onChange={(e) => setCurrent(e.target.value)} />}</Field>
      <Field id="newPassword" label="New password" hint={PASSWORD_HINT} error={state.error}>{(a) => <input {...a} type="password" autoComplete="new-password" required minLength={12} maxLength={TEXT_LIMITS.password} value={newPassword} onChange={(e) => setNew(e.target.value)} />}</Field>
      <button disabled={busy}>Change password</button>
    </form>
  );
}
